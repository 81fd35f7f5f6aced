package io.ssogate.core.config;

import io.ssogate.testkit.logs.SecretLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** One start reports every problem of the file, each on its own line, in the order of the file. */
class ConfigLoaderAllProblemsTest {

    private static final String FILE = "conf/ssogate.yaml";
    private static final String TOKEN = "token-value-never-shown";

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(TOKEN);

    private final ConfigLoader loader = new ConfigLoader(Map.of("MM_TOKEN", TOKEN)::get);

    @Test
    void unknownKeyBadDurationBadUrlAndMissingSecretAreReportedTogetherInLineOrder() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("""
                server:
                  publicUrl: chat.example.com
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                  conectTimeout: 5s
                  idleTimeout: 50 seconds
                database:
                  url: jdbc:postgresql://127.0.0.1/ssogate
                  password: ${DB_PASSWORD}
                """, FILE));

        assertEquals(List.of(
                "conf/ssogate.yaml:2: server.publicUrl: must be an absolute http or https URL, like http://127.0.0.1:8065",
                "conf/ssogate.yaml:5: proxy.conectTimeout: unknown key (did you mean connectTimeout?)",
                "conf/ssogate.yaml:6: proxy.idleTimeout: not a duration with a unit: 250ms, 5s, 2m or 1h",
                "conf/ssogate.yaml:9: database.password: environment variable DB_PASSWORD is not set"),
                lines(e));
        assertEquals(String.join("\n", lines(e)), e.getMessage(), "one line per problem");
        assertEquals(2, e.line(), "the accessors describe the first problem");
        assertEquals("server.publicUrl", e.key());
    }

    @Test
    void checksAfterBindingAreCollectedWithTheBindingProblems() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("""
                server:
                  port: 70000
                  warmUpRequests: -1
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                  maxConnections: 0
                  trustedProxies:
                    - 10.0.0.0/8
                    - proxy.example.com
                    - 10.0.0.1/99
                database:
                  url: jdbc:mysql://db/ssogate
                  maxPoolSize: lots
                """, FILE));

        assertEquals(List.of(
                "conf/ssogate.yaml:2: server.port: must be between 1 and 65535",
                "conf/ssogate.yaml:3: server.warmUpRequests: must be 0 (no warm-up) or more",
                "conf/ssogate.yaml:6: proxy.maxConnections: must be at least 1",
                "conf/ssogate.yaml:9: proxy.trustedProxies[1]: not an IP address or CIDR range: [proxy.example.com]",
                "conf/ssogate.yaml:10: proxy.trustedProxies[2]: not an IP address or CIDR range: [10.0.0.1/99]",
                "conf/ssogate.yaml:12: database.url: must start with jdbc:h2: or jdbc:postgresql:",
                "conf/ssogate.yaml:13: database.maxPoolSize: expected a whole number, got text"),
                lines(e));
    }

    @Test
    void aValueRefusedWhileBindingIsNotReportedAgainAsMissing() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("""
                proxy:
                  upstreamUrl: ${MM_URL}
                """, FILE));

        assertEquals(List.of("conf/ssogate.yaml:2: proxy.upstreamUrl: environment variable MM_URL is not set"),
                lines(e));
    }

    @Test
    void nothingUnderAnUnknownKeyIsReportedButTheKeyItself() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("""
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                  timeouts:
                    connect: ${UNSET}
                    idle: [not, a, duration]
                databse:
                  password: ${ALSO_UNSET}
                """, FILE));

        assertEquals(List.of(
                "conf/ssogate.yaml:3: proxy.timeouts: unknown key",
                "conf/ssogate.yaml:6: databse: unknown key (did you mean database?)"),
                lines(e));
    }

    @Test
    void wrongShapesInSeveralSectionsAreAllReported() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("""
                server: [8080]
                proxy:
                  upstreamUrl:
                    - http://127.0.0.1:8065
                  trustedProxies:
                    first: 10.0.0.1
                  maxConnections: 10.5
                database:
                  username: [a, b]
                  maxPoolSize: 99999999999
                """, FILE));

        assertEquals(List.of(
                "conf/ssogate.yaml:1: server: expected a mapping of keys, got a list",
                "conf/ssogate.yaml:3: proxy.upstreamUrl: expected an http or https URL, got a list",
                "conf/ssogate.yaml:5: proxy.trustedProxies: expected a list, got a mapping",
                "conf/ssogate.yaml:7: proxy.maxConnections: expected a whole number, got a decimal number",
                "conf/ssogate.yaml:9: database.username: expected text, got a list",
                "conf/ssogate.yaml:10: database.maxPoolSize: number out of range"),
                lines(e));
    }

    @Test
    void duplicateKeysAndASecondDocumentAreReportedWithTheRest() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("""
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                  idleTimeout: 0s
                  upstreamUrl: http://127.0.0.1:8066
                ---
                proxy: {}
                """, FILE));

        assertEquals(List.of(
                "conf/ssogate.yaml:3: proxy.idleTimeout: must be longer than 0s",
                "conf/ssogate.yaml:4: proxy.upstreamUrl: duplicate key",
                "conf/ssogate.yaml:6: a second YAML document (after ---) is not supported; keep one document per file"),
                lines(e));
    }

    @Test
    void brokenYamlEndsTheReadingButKeepsWhatWasFoundBefore() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("""
                server:
                  port: eighty
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                 connectTimeout: 5s
                """, FILE));

        assertEquals(List.of(
                "conf/ssogate.yaml:2: server.port: expected a whole number, got text",
                "conf/ssogate.yaml:5: not valid YAML: expected <block end>, but found '<block mapping start>'"),
                lines(e));
    }

    @Test
    void aMissingSectionsProblemHasNoLineAndComesLast() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("""
                server:
                  port: 0
                """, FILE));

        assertEquals(List.of(
                "conf/ssogate.yaml:2: server.port: must be between 1 and 65535",
                "conf/ssogate.yaml: proxy.upstreamUrl: required: Mattermost's own base URL, like http://127.0.0.1:8065"),
                lines(e));
    }

    private static List<String> lines(ConfigException e) {
        return e.problems().stream().map(ConfigProblem::toString).toList();
    }
}
