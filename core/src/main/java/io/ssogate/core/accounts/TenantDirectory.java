package io.ssogate.core.accounts;

import java.util.List;
import java.util.Optional;

/** The tenants of the live configuration, published by the feature that reads them (single sign-on). */
@FunctionalInterface
public interface TenantDirectory {

    /** Every tenant, as configured now. */
    List<Tenant> tenants();

    /** The tenant named {@code name}, if configured now. */
    default Optional<Tenant> find(String name) {
        return tenants().stream().filter(t -> t.name().equals(name)).findFirst();
    }
}
