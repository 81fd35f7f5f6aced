package io.ssogate.core.config;

import io.ssogate.testkit.logs.SecretLeakCheck;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Pins the exact one-line message for every kind of bad configuration: the operator's only clue, so its
 * file, line, key and wording are behaviour.
 */
class ConfigLoaderErrorTest {

    private static final String FILE = "conf/ssogate.yaml";

    /** The credentials of the "upstream with credentials" case: refused, and never repeated. */
    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck("admin:secret");
    private final ConfigLoader loader = new ConfigLoader(Map.of("DB_HOST", "db.internal")::get);

    static Stream<Arguments> badConfigurations() {
        return Stream.of(
                arguments("unknown key gets the closest known key as a suggestion", """
                        server:
                          port: 8080
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          conectTimeout: 5s
                        """, "conf/ssogate.yaml:5: proxy.conectTimeout: unknown key (did you mean connectTimeout?)"),
                arguments("unknown section gets a suggestion too", """
                        proxi:
                          upstreamUrl: http://127.0.0.1:8065
                        """, "conf/ssogate.yaml:1: proxi: unknown key (did you mean proxy?)"),
                arguments("unknown key unlike any known one gets no suggestion", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          colour: blue
                        """, "conf/ssogate.yaml:3: proxy.colour: unknown key"),
                arguments("text where a port number belongs", """
                        server:
                          port: eighty
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                        """, "conf/ssogate.yaml:2: server.port: expected a whole number, got text"),
                arguments("decimal port is not rounded", """
                        server:
                          port: 8080.5
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                        """, "conf/ssogate.yaml:2: server.port: expected a whole number, got a decimal number"),
                arguments("list where a URL belongs", """
                        proxy:
                          upstreamUrl:
                            - http://127.0.0.1:8065
                        """, "conf/ssogate.yaml:2: proxy.upstreamUrl: expected an http or https URL, got a list"),
                arguments("list where text belongs", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                        database:
                          username: [a, b]
                        """, "conf/ssogate.yaml:4: database.username: expected text, got a list"),
                arguments("mapping where a list belongs", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          trustedProxies:
                            first: 10.0.0.1
                        """, "conf/ssogate.yaml:3: proxy.trustedProxies: expected a list, got a mapping"),
                arguments("trusted proxy that is a host name, not an address", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          trustedProxies:
                            - 10.0.0.0/8
                            - proxy.example.com
                        """, "conf/ssogate.yaml:5: proxy.trustedProxies[1]: not an IP address or CIDR range: [proxy.example.com]"),
                arguments("list where a section belongs", """
                        server: [8080]
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                        """, "conf/ssogate.yaml:1: server: expected a mapping of keys, got a list"),
                arguments("text where a section belongs", """
                        proxy: http://127.0.0.1:8065
                        """, "conf/ssogate.yaml:1: proxy: expected a mapping of keys, got text"),
                arguments("document that is a list", """
                        - proxy
                        """, "conf/ssogate.yaml:1: expected a mapping of keys, got a list"),
                arguments("port too large for any integer", """
                        server:
                          port: 99999999999
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                        """, "conf/ssogate.yaml:2: server.port: number out of range"),
                arguments("number where a URL belongs", """
                        proxy:
                          upstreamUrl: 8065
                        """, "conf/ssogate.yaml:2: proxy.upstreamUrl: must be an absolute http or https URL,"
                        + " like http://127.0.0.1:8065"),
                arguments("upstream written without http://", """
                        proxy:
                          upstreamUrl: 127.0.0.1:8065
                        """, "conf/ssogate.yaml:2: proxy.upstreamUrl: must be an absolute http or https URL,"
                        + " like http://127.0.0.1:8065"),
                arguments("second YAML document", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                        ---
                        proxy:
                          upstreamUrl: http://127.0.0.1:8066
                        """, "conf/ssogate.yaml:4: a second YAML document (after ---) is not supported;"
                        + " keep one document per file"),
                arguments("ftp upstream", """
                        proxy:
                          upstreamUrl: ftp://127.0.0.1/
                        """, "conf/ssogate.yaml:2: proxy.upstreamUrl: scheme must be http or https, not ftp"),
                arguments("relative upstream", """
                        proxy:
                          upstreamUrl: /mattermost
                        """, "conf/ssogate.yaml:2: proxy.upstreamUrl: must be an absolute http or https URL,"
                        + " like http://127.0.0.1:8065"),
                arguments("upstream with a query", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065/?team=x
                        """, "conf/ssogate.yaml:2: proxy.upstreamUrl: must not have a query (?...): it is a base URL"),
                arguments("upstream with credentials", """
                        proxy:
                          upstreamUrl: http://admin:secret@127.0.0.1:8065
                        """, "conf/ssogate.yaml:2: proxy.upstreamUrl: must not contain user:password@;"
                        + " credentials do not belong in a URL"),
                arguments("public URL with a fragment", """
                        server:
                          publicUrl: https://chat.example.com/#top
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                        """, "conf/ssogate.yaml:2: server.publicUrl: must not have a fragment (#...): it is a base URL"),
                arguments("duration with an unknown unit", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          connectTimeout: 5 sec
                        """, "conf/ssogate.yaml:3: proxy.connectTimeout: not a duration with a unit: 250ms, 5s, 2m or 1h"),
                arguments("duration without a unit", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          responseTimeout: 300
                        """, "conf/ssogate.yaml:3: proxy.responseTimeout: a duration needs a unit: 250ms, 5s, 2m or 1h"),
                arguments("zero timeout", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          idleTimeout: 0s
                        """, "conf/ssogate.yaml:3: proxy.idleTimeout: must be longer than 0s"),
                arguments("zero WebSocket write timeout", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          webSocketWriteTimeout: 0s
                        """, "conf/ssogate.yaml:3: proxy.webSocketWriteTimeout: must be longer than 0s"),
                arguments("CA file that is not there", """
                        proxy:
                          upstreamUrl: https://mm.internal
                          upstreamCaFile: /nonexistent/ssogate-test/ca.pem
                        """, "conf/ssogate.yaml:3: proxy.upstreamCaFile: cannot read it (NoSuchFileException)"),
                arguments("blank CA file", """
                        proxy:
                          upstreamUrl: https://mm.internal
                          upstreamCaFile: " "
                        """, "conf/ssogate.yaml:3: proxy.upstreamCaFile: must not be blank;"
                        + " leave it out to trust the JVM's trust store"),
                arguments("size that is no size", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          maxRequestBodySize: lots
                        """, "conf/ssogate.yaml:3: proxy.maxRequestBodySize: not a size in bytes or with a unit:"
                        + " 1048576, 100MiB, 1GiB or 50MB"),
                arguments("size with an unknown unit", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          maxRequestBodySize: 10 MiBs
                        """, "conf/ssogate.yaml:3: proxy.maxRequestBodySize: unknown size unit;"
                        + " use B, kB, MB, GB, TB, KiB, MiB, GiB or TiB"),
                arguments("missing upstream names the section's line", """
                        server:
                          port: 8080
                        proxy:
                          connectTimeout: 5s
                        """, "conf/ssogate.yaml:3: proxy.upstreamUrl: required: Mattermost's own base URL,"
                        + " like http://127.0.0.1:8065"),
                arguments("missing proxy section has no line to name", """
                        server:
                          port: 8080
                        """, "conf/ssogate.yaml: proxy.upstreamUrl: required: Mattermost's own base URL,"
                        + " like http://127.0.0.1:8065"),
                arguments("port out of range", """
                        server:
                          port: 70000
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                        """, "conf/ssogate.yaml:2: server.port: must be between 1 and 65535"),
                arguments("unsupported database", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                        database:
                          url: jdbc:mysql://${DB_HOST}/ssogate
                        """, "conf/ssogate.yaml:4: database.url: must start with jdbc:h2: or jdbc:postgresql:"),
                arguments("empty trusted proxy entry", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          trustedProxies:
                            - 10.0.0.0/8
                            -
                        """, "conf/ssogate.yaml:5: proxy.trustedProxies[1]: empty entry; write an address or CIDR range"),
                arguments("duplicate key", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                          upstreamUrl: http://127.0.0.1:8066
                        """, "conf/ssogate.yaml:3: proxy.upstreamUrl: duplicate key"),
                arguments("missing environment variable", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                        database:
                          url: jdbc:postgresql://${DB_HOST}/ssogate
                          password: ${DB_PASSWORD}
                        """, "conf/ssogate.yaml:5: database.password: environment variable DB_PASSWORD is not set"),
                arguments("unclosed reference", """
                        proxy:
                          upstreamUrl: http://${DB_HOST
                        """, "conf/ssogate.yaml:2: proxy.upstreamUrl: unclosed ${ (write $${ for a literal ${)"),
                arguments("malformed reference", """
                        proxy:
                          upstreamUrl: http://${DB HOST}/
                        """, "conf/ssogate.yaml:2: proxy.upstreamUrl: ${DB HOST} is not a valid reference;"
                        + " use ${ENV_VAR} or ${file:/path}"),
                arguments("broken YAML", """
                        proxy:
                          upstreamUrl: http://127.0.0.1:8065
                         connectTimeout: 5s
                        """, "conf/ssogate.yaml:3: not valid YAML: expected <block end>, but found '<block mapping start>'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badConfigurations")
    void badConfigurationStopsWithOneLineNamingFileLineAndKey(String scenario, String yaml, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(yaml, FILE), scenario);
        assertEquals(expected, e.getMessage(), scenario);
    }
}
