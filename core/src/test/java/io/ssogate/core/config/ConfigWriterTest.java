package io.ssogate.core.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the admin console writes, the loader reads back unchanged. */
class ConfigWriterTest {

    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    private final GatewayConfig config = new GatewayConfig(
            new ServerConfig("0.0.0.0", 9443, URI.create("https://chat.example.com"), Path.of("/srv/ssogate"),
                    Duration.ofSeconds(45)),
            new ProxyConfig(URI.create("http://127.0.0.1:8065/mm"), Duration.ofMillis(1500), Duration.ofMinutes(2),
                    Duration.ofSeconds(50), Duration.ofHours(1), 50_000_000L, 64, List.of("10.0.0.0/8")),
            new DatabaseConfig("jdbc:postgresql://db/ssogate", "ssogate", "pa: ss # word", 7));

    @Test
    void yamlWithSecretsRoundTripsToAnEqualConfiguration() throws ConfigException {
        String yaml = ConfigWriter.withSecrets().toYaml(config);

        assertEquals(config, loader.parse(yaml, "written.yaml"));
        assertTrue(yaml.contains("maxRequestBodySize: 50MB"), yaml);
        assertTrue(yaml.contains("connectTimeout: 1500ms"), yaml);
        assertTrue(yaml.contains("webSocketIdleTimeout: 1h"), yaml);
    }

    @Test
    void jsonIsReadableAsYamlToo() throws ConfigException {
        assertEquals(config, loader.parse(ConfigWriter.withSecrets().toJson(config), "written.json"));
    }

    @Test
    void eachSectionRoundTripsOnItsOwn() throws ConfigException {
        ConfigWriter writer = ConfigWriter.withSecrets();

        assertEquals(config.server(), loader.parseSection(writer.toJson(config.server()), "db", ServerConfig.class));
        assertEquals(config.proxy(), loader.parseSection(writer.toJson(config.proxy()), "db", ProxyConfig.class));
        assertEquals(config.database(),
                loader.parseSection(writer.toJson(config.database()), "db", DatabaseConfig.class));
    }

    @Test
    void displayCopyMasksThePassword() throws ConfigException {
        String json = ConfigWriter.forDisplay().toJson(config.database());

        assertEquals(ConfigWriter.MASK, loader.parseSection(json, "display", DatabaseConfig.class).password());
    }

    @Test
    void storedSectionErrorsNameTheFullKeyAndLine() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parseSection("""
                {
                  "upstreamUrl": "http://127.0.0.1:8065",
                  "idleTimout": "5s"
                }
                """, "stored proxy section", ProxyConfig.class));

        assertEquals("stored proxy section:3: proxy.idleTimout: unknown key (did you mean idleTimeout?)",
                e.getMessage());
    }

    @Test
    void storedSectionWithoutUpstreamNamesTheFullKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> loader.parseSection("{\"maxConnections\": 5}", "stored", ProxyConfig.class));

        assertEquals("stored: proxy.upstreamUrl: required: Mattermost's own base URL, like http://127.0.0.1:8065",
                e.getMessage());
    }
}
