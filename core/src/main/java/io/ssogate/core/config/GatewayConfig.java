package io.ssogate.core.config;

import java.util.Objects;

/**
 * The whole configuration of one gateway node: an immutable snapshot. Later issues add sections for
 * identity providers, SCIM, TLS, backups and monitoring; each section is its own record so the admin
 * console can replace one without touching the others.
 */
public record GatewayConfig(ServerConfig server, ProxyConfig proxy, DatabaseConfig database) {

    public GatewayConfig {
        server = server == null ? ServerConfig.defaults() : server;
        Objects.requireNonNull(proxy, "proxy");
        database = database == null ? DatabaseConfig.embedded() : database;
    }

    public GatewayConfig withServer(ServerConfig s) {
        return new GatewayConfig(s, proxy, database);
    }

    public GatewayConfig withProxy(ProxyConfig p) {
        return new GatewayConfig(server, p, database);
    }

    public GatewayConfig withDatabase(DatabaseConfig d) {
        return new GatewayConfig(server, proxy, d);
    }
}
