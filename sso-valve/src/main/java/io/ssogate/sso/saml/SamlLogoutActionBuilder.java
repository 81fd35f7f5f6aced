package io.ssogate.sso.saml;

import com.onelogin.saml2.logout.LogoutRequest;
import com.onelogin.saml2.logout.LogoutRequestParams;
import com.onelogin.saml2.settings.Saml2Settings;
import java.util.Optional;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.exception.http.RedirectionAction;
import org.pac4j.core.logout.LogoutActionBuilder;
import org.pac4j.core.profile.UserProfile;

/**
 * SP-initiated single logout (pac4j's logout logic with central logout on): a LogoutRequest the toolkit
 * makes for the profile's NameID (with its format and qualifiers) and SessionIndex, to the IdP's
 * SingleLogoutService by the binding its metadata offers (Redirect when it offers it, else the first one,
 * e.g. POST), signed when signing is on. Its ID goes into the session store
 * ({@code <client name>$samlLogoutRequestId}) for the LogoutResponse's InResponseTo. The {@code targetUrl}
 * is not sent: the browser comes back to the SLO URL and goes on to the signed-out page.
 */
final class SamlLogoutActionBuilder implements LogoutActionBuilder {

    private final SamlClientSettings client;
    private final SamlToolkitSettings toolkit;

    SamlLogoutActionBuilder(SamlClientSettings client, SamlToolkitSettings toolkit) {
        this.client = client;
        this.toolkit = toolkit;
    }

    @Override
    public Optional<RedirectionAction> getLogoutAction(CallContext ctx, UserProfile currentProfile,
                                                       String targetUrl) {
        if (!(currentProfile instanceof SamlProfile profile)) {
            return Optional.empty();
        }
        Saml2Settings settings = toolkit.current();
        if (settings.getIdpSingleLogoutServiceUrl() == null) {
            return Optional.empty();
        }
        LogoutRequest request = new LogoutRequest(settings, new LogoutRequestParams(profile.sessionIndex(),
                profile.nameId(), profile.nameIdFormat(), profile.nameQualifier(), profile.spNameQualifier()));
        ctx.sessionStore().set(ctx.webContext(), client.idpName() + SamlSessionKeys.LOGOUT_REQUEST_ID_SUFFIX,
                request.getId());
        return Optional.of(SamlBindings.send(ctx.webContext(), settings.getIdpSingleLogoutServiceBinding(),
                settings.getIdpSingleLogoutServiceUrl().toString(), SamlBindings.SAML_REQUEST,
                request.getLogoutRequestXml(), null, toolkit.signs() ? toolkit.keys().orElseThrow() : null));
    }
}
