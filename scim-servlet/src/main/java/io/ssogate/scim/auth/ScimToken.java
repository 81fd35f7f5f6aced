package io.ssogate.scim.auth;

import java.time.Instant;

/**
 * A SCIM bearer token as listed: what it is for and when it was used, never its text nor its hash.
 *
 * @param id         the token's id, for {@code scim-token revoke}
 * @param tenant     the tenant whose resources the token sees and changes
 * @param label      what the admin wrote when creating it (which IdP holds it, say); may be null
 * @param createdAt  when it was issued
 * @param lastUsedAt when a request last presented it, to the minute; null if never
 * @param revokedAt  when it was revoked; null while it is live
 */
public record ScimToken(String id, String tenant, String label, Instant createdAt, Instant lastUsedAt,
                        Instant revokedAt) {

    public boolean revoked() {
        return revokedAt != null;
    }
}
