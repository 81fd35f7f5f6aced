package io.ssogate.core.config;

import io.ssogate.testkit.logs.SecretLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the admin console writes, the loader reads back unchanged; a secret is written as its reference. */
class ConfigWriterTest {

    private static final String DB_PASSWORD = "pa: ss # word";
    private static final String LITERAL_PASSWORD = "typed-into-the-file";

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(DB_PASSWORD, LITERAL_PASSWORD);

    private final ConfigLoader loader = new ConfigLoader(Map.of("DB_PASSWORD", DB_PASSWORD)::get);
    private final ConfigWriter writer = new ConfigWriter();

    private final GatewayConfig config = new GatewayConfig(
            new ServerConfig("0.0.0.0", 9443, URI.create("https://chat.example.com"), Path.of("/srv/ssogate"),
                    Duration.ofSeconds(45)),
            new ProxyConfig(URI.create("http://127.0.0.1:8065/mm"), Duration.ofMillis(1500), Duration.ofMinutes(2),
                    Duration.ofSeconds(50), Duration.ofHours(1), 50_000_000L, 64, List.of("10.0.0.0/8")),
            new DatabaseConfig("jdbc:postgresql://db/ssogate", "ssogate",
                    Secret.fromReference("${DB_PASSWORD}", DB_PASSWORD), 7));

    @Test
    void yamlRoundTripsToAnEqualConfiguration() throws ConfigException {
        String yaml = writer.toYaml(config);

        assertEquals(config, loader.parse(yaml, "written.yaml"));
        assertTrue(yaml.contains("maxRequestBodySize: 50MB"), yaml);
        assertTrue(yaml.contains("connectTimeout: 1500ms"), yaml);
        assertTrue(yaml.contains("webSocketIdleTimeout: 1h"), yaml);
    }

    @Test
    void aSecretIsWrittenAsTheReferenceItCameFromNeverAsItsValue() throws ConfigException {
        GatewayConfig loaded = loader.parse("""
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                database:
                  password: ${DB_PASSWORD}
                """, "ssogate.yaml");

        String yaml = writer.toYaml(loaded);
        String json = writer.toJson(loaded.database());

        assertEquals(Optional.of("${DB_PASSWORD}"), loaded.database().password().reference());
        assertTrue(yaml.contains("password: \"${DB_PASSWORD}\""), yaml);
        assertTrue(json.contains("\"password\":\"${DB_PASSWORD}\""), json);
        assertFalse(yaml.contains(DB_PASSWORD) || json.contains(DB_PASSWORD));
        assertEquals(loaded.database().password(),
                loader.parseSection(json, "stored", DatabaseConfig.class).password());
    }

    @Test
    void aSecretGivenLiterallyIsNotWrittenAndTheLoaderSaysHowToGiveItInstead() throws ConfigException {
        GatewayConfig literal = loader.parse("""
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                database:
                  password: %s
                """.formatted(LITERAL_PASSWORD), "ssogate.yaml");

        String yaml = writer.toYaml(literal);
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, "written.yaml"));

        assertFalse(yaml.contains(LITERAL_PASSWORD), yaml);
        assertTrue(yaml.contains(Secret.NOT_WRITTEN), yaml);
        assertEquals("database.password", e.key());
        assertEquals("this secret was given literally, and ssogate never writes a secret's value;"
                + " give it as ${ENV_VAR} or ${file:/path}", e.problem());
    }

    @Test
    void jsonIsReadableAsYamlToo() throws ConfigException {
        assertEquals(config, loader.parse(writer.toJson(config), "written.json"));
    }

    @Test
    void eachSectionRoundTripsOnItsOwn() throws ConfigException {
        assertEquals(config.server(), loader.parseSection(writer.toJson(config.server()), "db", ServerConfig.class));
        assertEquals(config.proxy(), loader.parseSection(writer.toJson(config.proxy()), "db", ProxyConfig.class));
        assertEquals(config.database(),
                loader.parseSection(writer.toJson(config.database()), "db", DatabaseConfig.class));
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
