package io.ssogate.core.config;

import io.ssogate.testkit.logs.SecretLeakCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A feature's own top-level section is bound, checked, defaulted and written like the built-in ones. */
class ConfigSectionTest {

    private static final String TOKEN = "greeting-token-8f3a";

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(TOKEN);

    /** A test-only feature's model: how often to greet whom, with which token. */
    record Greeting(Duration interval, Secret token, List<String> recipients) {
        static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    }

    record GreetingSection(Duration interval, Secret token, List<String> recipients)
            implements SectionBinding<Greeting> {

        static GreetingSection from(Greeting greeting) {
            return new GreetingSection(greeting.interval(), greeting.token(), greeting.recipients());
        }

        @Override
        public Greeting toModel(ConfigProblems problems) {
            if (interval != null && interval.isZero()) {
                problems.at("interval", "must be longer than 0s");
            }
            List<String> names = recipients == null ? List.of() : recipients;
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i) == null || names.get(i).isBlank()) {
                    problems.at("recipients[" + i + "]", "empty entry; write a user name");
                }
            }
            if (!names.isEmpty() && token == null) {
                problems.at("token", "required when there are recipients");
            }
            if (problems.any()) {
                return null;
            }
            return new Greeting(interval == null ? Greeting.DEFAULT_INTERVAL : interval, token, List.copyOf(names));
        }
    }

    static final ConfigSection<Greeting> GREETING =
            ConfigSection.of("greeting", Greeting.class, GreetingSection.class, GreetingSection::from);

    private static final String PROXY = """
            proxy:
              upstreamUrl: http://127.0.0.1:8065
            """;

    private final ConfigLoader loader = new ConfigLoader(List.of(GREETING), Map.of("GREETING_TOKEN", TOKEN)::get);

    @Test
    void theSectionIsBoundWithTheFilesValueTypesAndSubstitution() throws ConfigException {
        GatewayConfig config = loader.parse(PROXY + """
                greeting:
                  interval: 90s
                  token: ${GREETING_TOKEN}
                  recipients: [alice, bob]
                """, "ssogate.yaml");

        assertEquals(new Greeting(Duration.ofSeconds(90), Secret.fromReference("${GREETING_TOKEN}", TOKEN),
                List.of("alice", "bob")), config.section(GREETING));
        assertEquals(TOKEN, config.section(GREETING).token().reveal());
    }

    @Test
    void theSectionsProblemsNameLineAndKeyAndComeWithTheFilesOthers() {
        // A missing key is reported on its section's line, as for the built-in sections.
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("""
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                  conectTimeout: 5s
                greeting:
                  interval: soon
                  tokn: ${GREETING_TOKEN}
                  recipients:
                    - alice
                    - ""
                """, "ssogate.yaml"));

        assertEquals(List.of(
                "ssogate.yaml:3: proxy.conectTimeout: unknown key (did you mean connectTimeout?)",
                "ssogate.yaml:4: greeting.token: required when there are recipients",
                "ssogate.yaml:5: greeting.interval: not a duration with a unit: 250ms, 5s, 2m or 1h",
                "ssogate.yaml:6: greeting.tokn: unknown key (did you mean token?)",
                "ssogate.yaml:9: greeting.recipients[1]: empty entry; write a user name"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void anAbsentSectionTakesWhatAnEmptyOneMeans() throws ConfigException {
        Greeting defaults = new Greeting(Greeting.DEFAULT_INTERVAL, null, List.of());

        assertEquals(defaults, loader.parse(PROXY, "ssogate.yaml").section(GREETING));
        assertEquals(defaults, loader.parse(PROXY + "greeting:\n", "ssogate.yaml").section(GREETING));
        assertEquals(defaults, new GatewayConfig(null, ProxyConfig.of(URI.create("http://127.0.0.1:8065")), null)
                .section(GREETING), "a configuration built in code has the defaults too");
    }

    @Test
    void theWriterWritesTheSectionBackWithItsSecretAsTheReference() throws ConfigException {
        GatewayConfig config = loader.parse(PROXY + """
                greeting:
                  interval: 2m
                  token: ${GREETING_TOKEN}
                  recipients: [alice]
                """, "ssogate.yaml");
        ConfigWriter writer = new ConfigWriter();

        String yaml = writer.toYaml(config);
        String json = writer.toJson(GREETING, config.section(GREETING));

        assertTrue(yaml.contains("greeting:\n  interval: 2m\n  token: \"${GREETING_TOKEN}\""), yaml);
        assertFalse(yaml.contains(TOKEN) || json.contains(TOKEN));
        assertEquals(config, loader.parse(yaml, "written.yaml"));
        assertEquals(config.section(GREETING), loader.parseSection(json, "stored", GREETING));
    }

    @Test
    void aStoredSectionsProblemsNameTheFullKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parseSection("""
                {
                  "interval": "0s",
                  "recipients": ["alice"]
                }
                """, "stored greeting", GREETING));

        assertEquals("stored greeting:2: greeting.interval: must be longer than 0s\n"
                + "stored greeting: greeting.token: required when there are recipients", e.getMessage());
    }

    @Test
    void anUnknownTopLevelKeyIsOfferedTheFeatureKeys() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> loader.parse(PROXY + "greting:\n  interval: 5s\n", "ssogate.yaml"));

        assertEquals("ssogate.yaml:3: greting: unknown key (did you mean greeting?)", e.getMessage());
    }

    @Test
    void withoutTheFeatureItsSectionIsAnUnknownKey() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> new ConfigLoader(Map.<String, String>of()::get).parse(PROXY + "greeting:\n  interval: 5s\n",
                        "ssogate.yaml"));

        assertEquals("ssogate.yaml:3: greeting: unknown key", e.getMessage());
    }

    @Test
    void withSectionMakesANewConfigurationAndLeavesTheOldOneAsItWas() throws ConfigException {
        GatewayConfig before = loader.parse(PROXY, "ssogate.yaml");
        Greeting changed = new Greeting(Duration.ofSeconds(5), null, List.of());

        GatewayConfig after = before.withSection(GREETING, changed);

        assertEquals(changed, after.section(GREETING));
        assertEquals(new Greeting(Greeting.DEFAULT_INTERVAL, null, List.of()), before.section(GREETING));
        assertNotEquals(before, after);
        assertEquals(after, after.withProxy(after.proxy()), "the other with-methods keep the feature sections");
    }

    @Test
    void aSectionKeyIsClaimedOnce() {
        ConfigSection<Greeting> proxyAgain =
                ConfigSection.of("proxy", Greeting.class, GreetingSection.class, GreetingSection::from);

        assertThrows(IllegalArgumentException.class, () -> new ConfigLoader(List.of(GREETING, GREETING)));
        assertThrows(IllegalArgumentException.class, () -> new ConfigLoader(List.of(proxyAgain)));
        assertThrows(IllegalArgumentException.class, () -> ConfigSection.of("a.b", Greeting.class,
                GreetingSection.class, GreetingSection::from));
    }
}
