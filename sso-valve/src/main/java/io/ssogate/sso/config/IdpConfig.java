package io.ssogate.sso.config;

/**
 * One identity provider of a tenant.
 *
 * @param name                 unique in the gateway: it names the IdP's callback
 *                             ({@code /sso/callback?client_name=NAME}) and appears in logs
 * @param displayName          what the sign-in page shows on its button
 * @param protocol             OIDC or SAML; exactly one of {@code oidc} and {@code saml} is set to match
 * @param sendLoginHint        whether the typed email goes to the IdP (OIDC {@code login_hint}, SAML
 *                             {@code Subject}); off for IdPs that log in by user name
 * @param trustUnverifiedEmail whether an OIDC {@code email_verified: false} is accepted anyway
 * @param mapping              which claims or attributes carry the identity, over the defaults
 */
public record IdpConfig(String name, String displayName, Protocol protocol, boolean sendLoginHint,
                        boolean trustUnverifiedEmail, ClaimMapping mapping, OidcIdpConfig oidc,
                        SamlIdpConfig saml) {

    public enum Protocol { OIDC, SAML }

    public IdpConfig {
        displayName = displayName == null ? name : displayName;
        mapping = mapping == null ? ClaimMapping.defaults() : mapping;
    }
}
