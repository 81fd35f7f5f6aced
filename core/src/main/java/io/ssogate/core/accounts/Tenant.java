package io.ssogate.core.accounts;

import java.util.List;
import java.util.Locale;

/**
 * A company served by this gateway, as every feature sees it: its name and the email domains it owns.
 * Sign-in only admits its domains; provisioning only creates accounts in them.
 *
 * @param name    the tenant's short name, unique in the gateway
 * @param domains email domains, lower case
 */
public record Tenant(String name, List<String> domains) {

    public Tenant {
        domains = domains.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList();
    }

    /** Whether {@code email}'s domain is one of this tenant's (case-insensitive). */
    public boolean ownsEmail(String email) {
        int at = email == null ? -1 : email.lastIndexOf('@');
        return at > 0 && at < email.length() - 1
                && domains.contains(email.substring(at + 1).toLowerCase(Locale.ROOT));
    }
}
