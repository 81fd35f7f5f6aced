package io.ssogate.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** The whole file as bound from YAML, before checks and defaults turn it into a {@link GatewayConfig}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"server", "proxy", "database"})
record ConfigDocument(ServerSection server, ProxySection proxy, DatabaseSection database) {

    static final ConfigDocument EMPTY = new ConfigDocument(null, null, null);

    GatewayConfig toModel(Problems problems) throws ConfigException {
        ServerConfig serverConfig = server == null ? ServerConfig.defaults() : server.toModel(problems.section("server"));
        ProxyConfig proxyConfig = (proxy == null ? ProxySection.ABSENT : proxy).toModel(problems.section("proxy"));
        DatabaseConfig databaseConfig = database == null ? DatabaseConfig.embedded()
                : database.toModel(problems.section("database"));
        return new GatewayConfig(serverConfig, proxyConfig, databaseConfig);
    }
}
