package io.ssogate.sso.config;

import java.util.List;
import java.util.Locale;

/**
 * A company signing in through this gateway. Its IdPs may only sign in emails of its own domains, so two
 * tenants in one gateway cannot sign in as each other's people.
 *
 * @param name    a short name for logs and the audit trail
 * @param domains email domains, lower case
 * @param idps    its identity providers; with several, the sign-in page offers a choice after the email
 */
public record TenantConfig(String name, List<String> domains, List<IdpConfig> idps) {

    public TenantConfig {
        domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
        idps = List.copyOf(idps);
    }

    /** Whether {@code email}'s domain is one of this tenant's (case-insensitive). */
    public boolean ownsEmail(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at > 0 && at < email.length() - 1
                && domains.contains(email.substring(at + 1).toLowerCase(Locale.ROOT));
    }
}
