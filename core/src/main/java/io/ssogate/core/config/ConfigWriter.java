package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the configuration, whole or one section, as YAML or JSON in the same layout {@link ConfigLoader}
 * reads: durations as {@code 5s}, sizes as {@code 100MiB}, feature sections after the built-in ones.
 *
 * <p>A {@link Secret} is written as the reference it came from ({@code ${DB_PASSWORD}}), never as its value,
 * so the output is safe to show, log or store, and loads back to an equal configuration where the same
 * environment and files are present. A secret that was given literally is written as
 * {@link Secret#NOT_WRITTEN}, which the loader refuses, asking for a reference instead. Thread-safe.
 */
public final class ConfigWriter {

    public String toYaml(GatewayConfig config) {
        return write(ConfigMappers.YAML, document(config));
    }

    public String toJson(GatewayConfig config) {
        return write(ConfigMappers.JSON, document(config));
    }

    public String toJson(ServerConfig server) {
        return toJson(BuiltInSections.SERVER, server);
    }

    public String toJson(ProxyConfig proxy) {
        return toJson(BuiltInSections.PROXY, proxy);
    }

    public String toJson(DatabaseConfig database) {
        return toJson(BuiltInSections.DATABASE, database);
    }

    /** One section, for {@link ConfigLoader#parseSection(String, String, ConfigSection)}. */
    public <T> String toJson(ConfigSection<T> section, T model) {
        return write(ConfigMappers.JSON, section.toBinding(model));
    }

    private static Map<String, Object> document(GatewayConfig config) {
        Map<String, Object> document = new LinkedHashMap<>();
        document.put(BuiltInSections.SERVER.key(), BuiltInSections.SERVER.toBinding(config.server()));
        document.put(BuiltInSections.PROXY.key(), BuiltInSections.PROXY.toBinding(config.proxy()));
        document.put(BuiltInSections.DATABASE.key(), BuiltInSections.DATABASE.toBinding(config.database()));
        config.sections().forEach((key, section) -> document.put(key, section.binding()));
        return document;
    }

    private static String write(ObjectMapper mapper, Object binding) {
        try {
            return mapper.writeValueAsString(binding);
        } catch (JsonProcessingException e) {
            // Only section bindings and our value types are written; failing here is a bug, not bad input.
            throw new IllegalStateException("cannot write configuration: " + e.getOriginalMessage(), e);
        }
    }
}
