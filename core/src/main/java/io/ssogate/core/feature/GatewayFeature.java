package io.ssogate.core.feature;

import io.ssogate.core.config.ConfigSection;
import java.util.List;

/**
 * One capability of the gateway (the proxy, single sign-on, SCIM, …) and everything it contributes.
 * Features are found with {@link java.util.ServiceLoader} ({@code META-INF/services/io.ssogate.core.feature.GatewayFeature})
 * and installed by the one assembly that the WAR's initializer and the embedded launcher share, so a
 * feature cannot be wired in one deployment and forgotten in the other.
 *
 * <p>The lifecycle: {@link #configSections()} and {@link #migrations()} are read before the configuration
 * file and the database are opened; {@link #install} runs once both are ready, in {@link #order()}.
 * Resources a feature opens are handed to {@link FeatureContext#closeOnStop} and closed in reverse order.
 */
public interface GatewayFeature {

    /** Order of installation: the proxy first, then features that look up its services. */
    int ORDER_PROXY = 0;
    int ORDER_IDENTITY = 100;
    int ORDER_PROVISIONING = 200;

    /** A short, stable name ({@code proxy}, {@code sso}, {@code scim}): log lines, migrations' history table. */
    String name();

    /** Lower installs first; features that use another's services install after it. */
    default int order() {
        return ORDER_PROVISIONING;
    }

    /** Top-level sections this feature reads from {@code ssogate.yaml}, checked like the built-in ones. */
    default List<ConfigSection<?>> configSections() {
        return List.of();
    }

    /**
     * Flyway locations of this feature's own tables (e.g. {@code classpath:db/migration/sso}). They run
     * with a schema history of their own, so each feature numbers its versions from V1.
     */
    default List<String> migrations() {
        return List.of();
    }

    /** Contributes servlets, filters, request steps and services. */
    void install(FeatureContext context) throws Exception;
}
