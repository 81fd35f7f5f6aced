package io.ssogate.core.config;

import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The whole configuration of one gateway node: an immutable snapshot. The built-in sections are typed
 * accessors; a feature's own section ({@code sso:}, {@code scim:}) is reached with {@link #section}. Each
 * section is its own immutable model, so the admin console can replace one without touching the others.
 */
public final class GatewayConfig {

    private final ServerConfig server;
    private final ProxyConfig proxy;
    private final DatabaseConfig database;
    /** Feature sections by key, sorted so that equal configurations write the same text. */
    private final Map<String, SectionModel<?>> sections;

    /** A section's model together with the section that reads and writes it. */
    record SectionModel<T>(ConfigSection<T> section, T model) {

        SectionModel {
            Objects.requireNonNull(section, "section");
            section.modelType().cast(Objects.requireNonNull(model, "model"));
        }

        SectionBinding<T> binding() {
            return section.toBinding(model);
        }
    }

    /**
     * @param server   null for {@link ServerConfig#defaults()}
     * @param proxy    required
     * @param database null for {@link DatabaseConfig#embedded()}
     */
    public GatewayConfig(ServerConfig server, ProxyConfig proxy, DatabaseConfig database) {
        this(server, proxy, database, Map.of());
    }

    private GatewayConfig(ServerConfig server, ProxyConfig proxy, DatabaseConfig database,
                          Map<String, SectionModel<?>> sections) {
        this.server = server == null ? ServerConfig.defaults() : server;
        this.proxy = Objects.requireNonNull(proxy, "proxy");
        this.database = database == null ? DatabaseConfig.embedded() : database;
        this.sections = Collections.unmodifiableMap(new TreeMap<>(sections));
    }

    public ServerConfig server() {
        return server;
    }

    public ProxyConfig proxy() {
        return proxy;
    }

    public DatabaseConfig database() {
        return database;
    }

    /**
     * A feature's section. The loader fills in every installed feature's section, from the file or its
     * defaults; a configuration built in code without it gets the defaults (what an empty section means).
     *
     * @throws IllegalStateException when the section is absent and cannot do without a key of its own
     */
    public <T> T section(ConfigSection<T> section) {
        SectionModel<?> present = sections.get(section.key());
        if (present == null) {
            return SectionDefaults.of(section);
        }
        return section.modelType().cast(present.model());
    }

    /** A copy with {@code model} as the feature section {@code section}, replacing any before. */
    public <T> GatewayConfig withSection(ConfigSection<T> section, T model) {
        if (BuiltInSections.isBuiltIn(section.key())) {
            throw new IllegalArgumentException("[" + section.key() + "] is a built-in section; use its with method");
        }
        Map<String, SectionModel<?>> changed = new TreeMap<>(sections);
        changed.put(section.key(), new SectionModel<>(section, model));
        return new GatewayConfig(server, proxy, database, changed);
    }

    public GatewayConfig withServer(ServerConfig s) {
        return new GatewayConfig(s, proxy, database, sections);
    }

    public GatewayConfig withProxy(ProxyConfig p) {
        return new GatewayConfig(server, p, database, sections);
    }

    public GatewayConfig withDatabase(DatabaseConfig d) {
        return new GatewayConfig(server, proxy, d, sections);
    }

    /** The feature sections present, for {@link ConfigWriter}. */
    Map<String, SectionModel<?>> sections() {
        return sections;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof GatewayConfig that && server.equals(that.server) && proxy.equals(that.proxy)
                && database.equals(that.database) && models().equals(that.models());
    }

    @Override
    public int hashCode() {
        return Objects.hash(server, proxy, database, models());
    }

    @Override
    public String toString() {
        return "GatewayConfig[server=" + server + ", proxy=" + proxy + ", database=" + database
                + (sections.isEmpty() ? "" : ", " + models()) + "]";
    }

    /** Feature sections compare by key and model; the section objects are only how to read and write them. */
    private Map<String, Object> models() {
        Map<String, Object> models = new TreeMap<>();
        sections.forEach((key, entry) -> models.put(key, entry.model()));
        return models;
    }
}
