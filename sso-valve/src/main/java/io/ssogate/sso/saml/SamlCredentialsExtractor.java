package io.ssogate.sso.saml;

import java.util.Optional;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.credentials.extractor.CredentialsExtractor;

/**
 * Reads what the IdP sent to the callback. At the SLO URL ({@code logoutendpoint=true}): a LogoutRequest or
 * LogoutResponse, validated here (as pac4j's OIDC client validates its logout token when extracting) into
 * credentials that are not for authentication. At the ACS URL: the {@code SAMLResponse}, POSTed (the only
 * binding we ask for; a response in a URL would end up in access logs), checked later by
 * {@link SamlAuthenticator}.
 */
final class SamlCredentialsExtractor implements CredentialsExtractor {

    private final SamlClientSettings client;
    private final SamlLogoutMessageValidator logoutMessages;

    SamlCredentialsExtractor(SamlClientSettings client, SamlLogoutMessageValidator logoutMessages) {
        this.client = client;
        this.logoutMessages = logoutMessages;
    }

    @Override
    public Optional<Credentials> extract(CallContext ctx) {
        WebContext context = ctx.webContext();
        if (context.getRequestParameter(SamlClient.LOGOUT_ENDPOINT_PARAMETER).filter("true"::equals).isPresent()) {
            if (context.getRequestParameter(SamlBindings.SAML_REQUEST).isPresent()) {
                return Optional.of(logoutMessages.validateRequest(ctx));
            }
            if (context.getRequestParameter(SamlBindings.SAML_RESPONSE).isPresent()) {
                return Optional.of(logoutMessages.validateResponse(ctx));
            }
            throw SamlRefusals.logout(client.idpName(), "no SAMLRequest or SAMLResponse at the SLO URL");
        }
        Optional<String> response = context.getRequestParameter(SamlBindings.SAML_RESPONSE);
        if (response.isEmpty()) {
            throw SamlRefusals.signIn(client.idpName(), "no SAMLResponse at the callback");
        }
        if (!"POST".equalsIgnoreCase(context.getRequestMethod())) {
            throw SamlRefusals.signIn(client.idpName(), "the SAMLResponse must come by HTTP-POST");
        }
        return Optional.of(new SamlResponseCredentials(response.get()));
    }
}
