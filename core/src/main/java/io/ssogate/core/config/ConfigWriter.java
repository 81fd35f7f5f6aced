package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes the configuration, whole or one section, as YAML or JSON in the same layout
 * {@link ConfigLoader} reads: durations as {@code 5s}, sizes as {@code 100MiB}. The admin console shows a
 * {@link #forDisplay()} copy, where the database password is {@value #MASK}, and stores a
 * {@link #withSecrets()} copy, which {@link ConfigLoader#parseSection} reads back unchanged.
 */
public final class ConfigWriter {

    /** What a set secret looks like in a display copy. */
    public static final String MASK = "****";

    private final boolean includeSecrets;

    private ConfigWriter(boolean includeSecrets) {
        this.includeSecrets = includeSecrets;
    }

    /** Secrets replaced by {@value #MASK}: safe to show or log. */
    public static ConfigWriter forDisplay() {
        return new ConfigWriter(false);
    }

    /** Secrets included: only for storage that is itself protected. */
    public static ConfigWriter withSecrets() {
        return new ConfigWriter(true);
    }

    public String toYaml(GatewayConfig config) {
        return write(ConfigMappers.YAML, document(config));
    }

    public String toJson(GatewayConfig config) {
        return write(ConfigMappers.JSON, document(config));
    }

    public String toJson(ServerConfig server) {
        return write(ConfigMappers.JSON, ServerSection.from(server));
    }

    public String toJson(ProxyConfig proxy) {
        return write(ConfigMappers.JSON, ProxySection.from(proxy));
    }

    public String toJson(DatabaseConfig database) {
        return write(ConfigMappers.JSON, database(database));
    }

    private ConfigDocument document(GatewayConfig config) {
        return new ConfigDocument(ServerSection.from(config.server()), ProxySection.from(config.proxy()),
                database(config.database()));
    }

    private DatabaseSection database(DatabaseConfig database) {
        String password = database.password();
        return DatabaseSection.from(database, password == null || includeSecrets ? password : MASK);
    }

    private static String write(ObjectMapper mapper, Object binding) {
        try {
            return mapper.writeValueAsString(binding);
        } catch (JsonProcessingException e) {
            // Only our own records and value types are written; failing here is a bug, not bad input.
            throw new IllegalStateException("cannot write configuration: " + e.getOriginalMessage(), e);
        }
    }
}
