package io.ssogate.sso.saml;

import com.onelogin.saml2.authn.AuthnRequest;
import com.onelogin.saml2.authn.AuthnRequestParams;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.util.Constants;
import io.ssogate.sso.config.SamlIdpConfig;
import java.util.Optional;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.exception.http.RedirectionAction;
import org.pac4j.core.redirect.RedirectionActionBuilder;

/**
 * Sends the browser to the IdP with an AuthnRequest the toolkit makes: our ACS URL as
 * AssertionConsumerServiceURL, HTTP-POST as ProtocolBinding, no NameIDPolicy (the IdP's configured format
 * applies), signed when the IdP is configured so. No RelayState: the gateway keeps the return URL itself.
 *
 * <p>The request's ID goes into pac4j's session store ({@code <client name>$samlRequestId}); the gateway's
 * store is shared by all nodes, so the response may land on any of them.
 */
final class SamlRedirectionActionBuilder implements RedirectionActionBuilder {

    private final SamlClientSettings client;
    private final SamlToolkitSettings toolkit;

    SamlRedirectionActionBuilder(SamlClientSettings client, SamlToolkitSettings toolkit) {
        this.client = client;
        this.toolkit = toolkit;
    }

    @Override
    public Optional<RedirectionAction> getRedirectionAction(CallContext ctx) {
        WebContext context = ctx.webContext();
        Saml2Settings settings = toolkit.current();
        String hint = client.sendLoginHint() ? loginHint(context) : null;
        AuthnRequest request = new AuthnRequest(settings, new AuthnRequestParams(false, false, false, hint));
        ctx.sessionStore().set(context, client.idpName() + SamlSessionKeys.REQUEST_ID_SUFFIX, request.getId());
        String binding = client.idp().binding() == SamlIdpConfig.Binding.POST
                ? Constants.BINDING_HTTP_POST : Constants.BINDING_HTTP_REDIRECT;
        return Optional.of(SamlBindings.send(context, binding, settings.getIdpSingleSignOnServiceUrl().toString(),
                SamlBindings.SAML_REQUEST, request.getAuthnRequestXml(), null,
                toolkit.signs() ? toolkit.keys().orElseThrow() : null));
    }

    /** The email the person typed, which the gateway put in the request attribute; blank means none. */
    private static String loginHint(WebContext context) {
        Object value = context.getRequestAttribute(SamlClient.LOGIN_HINT_ATTRIBUTE).orElse(null);
        return value instanceof String email && !email.isBlank() ? email.strip() : null;
    }
}
