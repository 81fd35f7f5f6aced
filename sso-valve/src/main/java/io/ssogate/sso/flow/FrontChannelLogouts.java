package io.ssogate.sso.flow;

import jakarta.servlet.http.HttpServletRequest;

import org.pac4j.core.client.Client;
import org.pac4j.oidc.client.OidcClient;

import java.util.Optional;

/**
 * OpenID Connect Front-Channel Logout 1.0: the OP's logout page loads {@code ?iss=…&sid=…} in an iframe.
 * pac4j acts on the {@code sid} alone; the gateway also requires the {@code iss} of the IdP that the
 * callback names, so another IdP (or any page that learned a sid) cannot end sessions it did not open.
 */
public final class FrontChannelLogouts {

    private FrontChannelLogouts() {
    }

    /** Whether the request is a front-channel logout (a {@code sid}, and nothing of a sign-in or back channel). */
    public static boolean isFrontChannelLogout(HttpServletRequest request) {
        return request.getParameter("sid") != null && request.getParameter("code") == null
                && request.getParameter("state") == null && request.getParameter("logout_token") == null
                && request.getParameter("SAMLRequest") == null && request.getParameter("SAMLResponse") == null;
    }

    /** Whether its {@code iss} is the issuer of the OIDC IdP the callback names. */
    public static boolean fromItsIdp(HttpServletRequest request, Optional<Client> client) {
        String iss = request.getParameter("iss");
        if (iss == null || client.isEmpty() || !(client.get() instanceof OidcClient oidc)) {
            return false;
        }
        oidc.init();
        return iss.equals(oidc.getConfiguration().getOpMetadataResolver().load().getIssuer().getValue());
    }
}
