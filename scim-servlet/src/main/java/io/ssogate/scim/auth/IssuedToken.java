package io.ssogate.scim.auth;

import io.ssogate.core.config.Secret;

/**
 * A token just created: the only time its text exists outside the client that will hold it. The gateway
 * keeps its hash alone, so a lost token is revoked and replaced, never shown again.
 *
 * @param token the bearer token, {@code scim_} and 43 base64url characters; prints as a placeholder
 */
public record IssuedToken(ScimToken info, Secret token) {

    public String id() {
        return info.id();
    }
}
