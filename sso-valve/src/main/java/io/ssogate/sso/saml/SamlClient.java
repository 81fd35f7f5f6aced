package io.ssogate.sso.saml;

import io.ssogate.sso.flow.SignInAttributes;

import java.util.Optional;
import java.util.function.Supplier;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.logout.handler.SessionLogoutHandler;

/**
 * A SAML 2.0 identity provider as a pac4j client, on OneLogin's toolkit: pac4j's callback and logout logic
 * drive it as they drive the OIDC client.
 *
 * <ul>
 *   <li><b>Sign-in</b>: {@link #getRedirectionAction} sends an AuthnRequest ({@link SamlRedirectionActionBuilder});
 *       the IdP POSTs the response to the callback URL ({@code ?client_name=<IdP name>}), where
 *       {@link SamlCredentialsExtractor}, {@link SamlAuthenticator} and {@link SamlProfileCreator} make a
 *       {@link SamlProfile} of it, or refuse it ({@link SamlResponseValidator}).</li>
 *   <li><b>Login hint</b>: put the typed email in the request attribute {@value #LOGIN_HINT_ATTRIBUTE}
 *       before the redirection; it becomes the AuthnRequest's Subject when the IdP is configured with
 *       {@code sendLoginHint}.</li>
 *   <li><b>Single logout</b>: the callback URL with {@code &logoutendpoint=true} is the SLO URL. pac4j's
 *       logout logic with central logout calls {@link SamlLogoutActionBuilder}; the IdP's LogoutResponse and
 *       IdP-initiated LogoutRequests come to the SLO URL, through the callback logic, to
 *       {@link SamlLogoutProcessor}.</li>
 * </ul>
 *
 * <p>The SP key is read when the client is made (a bad key fails then); the IdP metadata on first use.
 */
public class SamlClient extends IndirectClient {

    /** Request attribute with the email the person typed on the sign-in page (a String). */
    public static final String LOGIN_HINT_ATTRIBUTE = SignInAttributes.LOGIN_HINT;
    /** Query parameter (value {@code true}) that marks the callback URL as the SLO URL. */
    public static final String LOGOUT_ENDPOINT_PARAMETER = "logoutendpoint";

    private final SamlClientSettings settings;
    private final SamlToolkitSettings toolkit;

    public SamlClient(SamlClientSettings settings) {
        this(settings, new SamlIdpMetadata(settings.idpName(), settings.idp(), settings.clock()));
    }

    public SamlClient(SamlClientSettings settings, SamlIdpMetadata metadata) {
        this.settings = settings;
        this.toolkit = new SamlToolkitSettings(settings, metadata, SamlServiceProviderKeys.load(settings.serviceProvider()));
        setName(settings.idpName());
        setCallbackUrl(settings.acsUrl());
    }

    public SamlClientSettings settings() {
        return settings;
    }

    /** The session-store key of the AuthnRequest ID in flight. */
    public String requestIdSessionKey() {
        return getName() + SamlSessionKeys.REQUEST_ID_SUFFIX;
    }

    /** The session-store key of the LogoutRequest ID in flight. */
    public String logoutRequestIdSessionKey() {
        return getName() + SamlSessionKeys.LOGOUT_REQUEST_ID_SUFFIX;
    }

    @Override
    protected void internalInit(boolean forceReinit) {
        Supplier<SessionLogoutHandler> handler = () -> Optional.ofNullable(settings.sessionLogoutHandler())
                .orElseGet(this::findSessionLogoutHandler);
        setRedirectionActionBuilderIfUndefined(new SamlRedirectionActionBuilder(settings, toolkit));
        setCredentialsExtractorIfUndefined(new SamlCredentialsExtractor(settings,
                new SamlLogoutMessageValidator(settings, toolkit)));
        setAuthenticatorIfUndefined(new SamlAuthenticator(new SamlResponseValidator(settings, toolkit)));
        setProfileCreatorIfUndefined(new SamlProfileCreator(handler));
        setLogoutProcessorIfUndefined(new SamlLogoutProcessor(settings, toolkit, handler));
        setLogoutActionBuilderIfUndefined(new SamlLogoutActionBuilder(settings, toolkit));
    }
}
