package io.ssogate.sso.config;

/**
 * Per-IdP overrides of where the identity comes from: the name of an OIDC claim or SAML attribute for
 * each field. Null keeps the default search order (see {@code IdentityMapper}).
 */
public record ClaimMapping(String email, String givenName, String familyName, String displayName,
                           String username, String groups) {

    public static ClaimMapping defaults() {
        return new ClaimMapping(null, null, null, null, null, null);
    }
}
