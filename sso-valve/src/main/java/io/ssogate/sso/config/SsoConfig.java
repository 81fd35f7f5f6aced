package io.ssogate.sso.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code sso:} section: who may sign in, through which identity providers, and how long a gateway
 * session lasts. With no tenant, single sign-on is off and the gateway proxies as before.
 *
 * @param tenants         companies signing in here, each with its email domains and its IdPs
 * @param session         the gateway session's cookie and timeouts
 * @param page            the sign-in pages' branding and the single-IdP shortcut
 * @param serviceProvider the gateway as a SAML service provider (entity id, signing/decryption key)
 * @param clockSkew       how far an IdP's clock may be off when checking the time window of a token
 */
public record SsoConfig(List<TenantConfig> tenants, SessionConfig session, PageConfig page,
                        SamlServiceProviderConfig serviceProvider, Duration clockSkew) {

    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(2);

    public SsoConfig {
        tenants = tenants == null ? List.of() : List.copyOf(tenants);
        session = session == null ? SessionConfig.defaults() : session;
        page = page == null ? PageConfig.defaults() : page;
        serviceProvider = serviceProvider == null ? SamlServiceProviderConfig.defaults() : serviceProvider;
        clockSkew = clockSkew == null ? DEFAULT_CLOCK_SKEW : clockSkew;
    }

    public static SsoConfig disabled() {
        return new SsoConfig(List.of(), null, null, null, null);
    }

    public boolean enabled() {
        return !tenants.isEmpty();
    }

    /** Every IdP of every tenant; names are unique across tenants, checked when the section is read. */
    public List<IdpConfig> idps() {
        return tenants.stream().flatMap(t -> t.idps().stream()).toList();
    }

    public Optional<IdpConfig> idp(String name) {
        return idps().stream().filter(idp -> idp.name().equals(name)).findFirst();
    }

    public Optional<TenantConfig> tenantOf(IdpConfig idp) {
        return tenants.stream().filter(t -> t.idps().contains(idp)).findFirst();
    }

    /** The tenant whose domains include the domain of {@code email} (case-insensitive), if any. */
    public Optional<TenantConfig> tenantForEmail(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        if (at < 1 || at == email.length() - 1) {
            return Optional.empty();
        }
        String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
        return tenants.stream().filter(t -> t.domains().contains(domain)).findFirst();
    }
}
