package io.ssogate.scim.auth;

import java.util.Optional;

/** Who a SCIM request speaks for: the tenant whose live token is in its {@code Authorization} header. */
@FunctionalInterface
public interface ScimAuthenticator {

    /**
     * The tenant of the bearer token in {@code authorizationHeader} ({@code Bearer <token>}), or empty
     * when the header is missing, malformed, or names no live token.
     */
    Optional<String> tenantOf(String authorizationHeader);
}
