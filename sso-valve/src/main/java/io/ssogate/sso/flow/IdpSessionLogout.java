package io.ssogate.sso.flow;

import io.ssogate.sso.session.GatewaySessions;

import org.pac4j.core.context.CallContext;
import org.pac4j.core.util.Pac4jConstants;
import org.pac4j.core.logout.handler.SessionLogoutHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Optional;

/**
 * pac4j's hook for logouts the IdP starts (OIDC back-channel and front-channel, SAML IdP-initiated SLO):
 * the key is the IdP's session id (OIDC {@code sid}, SAML SessionIndex), which the gateway stored with each
 * session, so every gateway session of that IdP session ends, on every node. Recording needs nothing: the
 * session id is stored when the gateway session is made.
 */
final class IdpSessionLogout implements SessionLogoutHandler {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");

    private final GatewaySessions sessions;

    IdpSessionLogout(GatewaySessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void recordSession(CallContext ctx, String key) {
    }

    @Override
    public void destroySession(CallContext ctx, String key) {
        Optional<String> idp = ctx.webContext().getRequestParameter(Pac4jConstants.DEFAULT_CLIENT_NAME_PARAMETER);
        if (idp.isEmpty() || key == null || key.isBlank()) {
            return;
        }
        // OIDC and SAML send their session id (sid, SessionIndex); a SAML IdP without SessionIndex sends the
        // NameID, which ends every session of that person at that IdP.
        int ended = sessions.revokeIdpSession(idp.get(), key);
        if (ended == 0) {
            ended = sessions.revokeSubject(idp.get(), key);
        }
        AUDIT.info("IdP {} ended its session: {} gateway session(s) signed out", idp.get(), ended);
    }

    @Override
    public void renewSession(CallContext ctx, String oldSessionId) {
    }

    @Override
    public Optional<String> cleanRecord(String sessionId) {
        return Optional.empty();
    }
}
