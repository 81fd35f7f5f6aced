package io.ssogate.sso.session;

import io.ssogate.sso.identity.Identity;
import java.time.Duration;
import java.time.Instant;

/**
 * A signed-in person's session at the gateway, as stored (under the hash of its token).
 *
 * @param tokenHash    SHA-256 of the cookie's token
 * @param identity     who signed in
 * @param idpSessionId the IdP's session id (OIDC {@code sid}, SAML SessionIndex), for single logout; may be null
 * @param logoutHint   what the IdP's logout needs besides subject and session id: the OIDC ID token (sent
 *                     back as {@code id_token_hint}) or the SAML NameID format; may be null
 * @param createdAt    sign-in time
 * @param lastSeenAt   last use recorded in the database (written at most once a minute per node)
 * @param expiresAt    the absolute end
 * @param revokedAt    when signed out or revoked; null while alive
 */
public record GatewaySession(String tokenHash, Identity identity, String idpSessionId, String logoutHint,
                             Instant createdAt,
                             Instant lastSeenAt, Instant expiresAt, Instant revokedAt) {

    /** Whether the session may still be used at {@code now}, given the idle timeout. */
    public boolean aliveAt(Instant now, Duration idleTimeout) {
        return revokedAt == null && now.isBefore(expiresAt) && now.isBefore(lastSeenAt.plus(idleTimeout));
    }

    public GatewaySession seenAt(Instant when) {
        return new GatewaySession(tokenHash, identity, idpSessionId, logoutHint, createdAt, when, expiresAt, revokedAt);
    }
}
