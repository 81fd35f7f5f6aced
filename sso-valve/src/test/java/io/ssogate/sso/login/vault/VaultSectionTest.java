package io.ssogate.sso.login.vault;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.ConfigLoader;
import io.ssogate.core.config.ConfigProblem;
import io.ssogate.core.config.ConfigWriter;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.testkit.logs.SecretLeakCheck;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The vault's keys bind from YAML, and every mistake is named by key id and line, never by the key itself. */
class VaultSectionTest {

    private static final String KEY_2026_01 = TestVaultKeys.newKey();
    private static final String KEY_2026_07 = TestVaultKeys.newKey();
    /** 16 bytes: AES-128, refused. */
    private static final String SHORT_KEY = Base64.getEncoder().encodeToString("sixteen-byte-key".getBytes());
    private static final String NOT_BASE64 = "not*base64*at*all-" + KEY_2026_01.substring(0, 8);

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(KEY_2026_01, KEY_2026_07, SHORT_KEY, NOT_BASE64);

    private static final Map<String, String> ENV = Map.of("KEY_2026_01", KEY_2026_01, "KEY_2026_07", KEY_2026_07,
            "SHORT_KEY", SHORT_KEY, "NOT_BASE64", NOT_BASE64);

    private static final String PROXY = """
            proxy:
              upstreamUrl: http://127.0.0.1:8065
            """;

    private static final String TWO_KEYS = PROXY + """
            vault:
              keys:
                - id: 2026-01
                  secret: ${KEY_2026_01}
                - id: 2026-07
                  secret: ${KEY_2026_07}
              currentKey: 2026-07
            """;

    private final ConfigLoader loader = new ConfigLoader(List.of(VaultSection.SECTION), ENV::get);

    @Test
    void twoKeysBindWithTheNamedOneCurrent() throws ConfigException {
        VaultKeys keys = loader.parse(TWO_KEYS, "ssogate.yaml").section(VaultSection.SECTION);

        Map<String, Secret> expected = new LinkedHashMap<>();
        expected.put("2026-01", Secret.fromReference("${KEY_2026_01}", KEY_2026_01));
        expected.put("2026-07", Secret.fromReference("${KEY_2026_07}", KEY_2026_07));
        assertEquals(new VaultKeys("2026-07", expected), keys);
        assertEquals("2026-07", keys.currentId());
        assertTrue(keys.key("2026-01").isPresent(), "an older key still decrypts");
    }

    @Test
    void withoutTheSectionTheVaultIsNotConfigured() throws ConfigException {
        assertEquals(VaultKeys.none(), loader.parse(PROXY, "ssogate.yaml").section(VaultSection.SECTION));
        assertEquals(VaultKeys.none(), loader.parse(PROXY + "vault:\n", "ssogate.yaml").section(VaultSection.SECTION));
        assertFalse(VaultKeys.none().configured());
    }

    @Test
    void eachMistakeIsNamedByItsKeyIdAndLineAndAllAreReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(PROXY + """
                vault:
                  keys:
                    - id: short
                      secret: ${SHORT_KEY}
                    - id: garbled
                      secret: ${NOT_BASE64}
                    - id: missing
                    - id: 2026-01
                      secret: ${KEY_2026_01}
                    - id: 2026-01
                      secret: ${KEY_2026_07}
                    - id: "has space"
                      secret: ${KEY_2026_07}
                  currentKey: 2026-13
                """, "ssogate.yaml"));

        assertEquals(List.of(
                "vault.keys[0].secret: key short: decodes to 16 bytes; AES-256 needs exactly 32"
                        + " (openssl rand -base64 32)",
                "vault.keys[1].secret: key garbled: not base64: give 32 random bytes in base64"
                        + " (openssl rand -base64 32)",
                "vault.keys[2].secret: key missing: required: 32 random bytes in base64"
                        + " (openssl rand -base64 32), given as ${ENV} or ${file:...}",
                "vault.keys[4].id: another key has the id 2026-01; ids are unique, as each row names its key",
                "vault.keys[5].id: must be 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or"
                        + " digit",
                "vault.currentKey: no key has the id 2026-13; it must be one of [short, garbled, missing,"
                        + " 2026-01]"),
                e.problems().stream().map(p -> p.key() + ": " + p.problem()).toList());
        // The absent secret of keys[2] has no line of its own; the loader places it near its entry.
        assertEquals(List.of(6, 8, 12, 14, 16), e.problems().stream()
                .filter(p -> !p.key().equals("vault.keys[2].secret")).map(ConfigProblem::line).toList());
        assertNoKeyIn(e.getMessage());
    }

    @Test
    void keysWithoutACurrentOneAndACurrentOneWithoutKeysAreRefused() {
        ConfigException noCurrent = assertThrows(ConfigException.class, () -> loader.parse(PROXY + """
                vault:
                  keys:
                    - id: 2026-01
                      secret: ${KEY_2026_01}
                """, "ssogate.yaml"));
        ConfigException noKeys = assertThrows(ConfigException.class, () -> loader.parse(PROXY + """
                vault:
                  currentKey: 2026-01
                """, "ssogate.yaml"));

        assertEquals(List.of("vault.currentKey: required: the id of the key new passwords are encrypted with"),
                noCurrent.problems().stream().map(p -> p.key() + ": " + p.problem()).toList());
        assertEquals(List.of("vault.keys: required: at least one key, with an id and a secret"),
                noKeys.problems().stream().map(p -> p.key() + ": " + p.problem()).toList());
    }

    @Test
    void theSectionWrittenBackHoldsReferencesNotKeysAndReadsAgainToEqualKeys() throws ConfigException {
        GatewayConfig config = loader.parse(TWO_KEYS, "ssogate.yaml");
        ConfigWriter writer = new ConfigWriter();

        String yaml = writer.toYaml(config);
        String json = writer.toJson(VaultSection.SECTION, config.section(VaultSection.SECTION));

        assertNoKeyIn(yaml);
        assertNoKeyIn(json);
        assertTrue(yaml.contains("${KEY_2026_07}"), yaml);
        assertEquals(config.section(VaultSection.SECTION), loader.parse(yaml, "written.yaml").section(VaultSection.SECTION));
        assertEquals(config.section(VaultSection.SECTION), loader.parseSection(json, "stored", VaultSection.SECTION));
    }

    @Test
    void keysBuiltInCodeAreCheckedTooAndTheErrorNamesTheKeyIdOnly() {
        IllegalArgumentException shortKey = assertThrows(IllegalArgumentException.class,
                () -> TestVaultKeys.keys("k1", "k1", SHORT_KEY));
        IllegalArgumentException garbled = assertThrows(IllegalArgumentException.class,
                () -> TestVaultKeys.keys("k1", "k1", KEY_2026_01, "k2", NOT_BASE64));
        IllegalArgumentException unknownCurrent = assertThrows(IllegalArgumentException.class,
                () -> TestVaultKeys.keys("k9", "k1", KEY_2026_01));

        assertTrue(shortKey.getMessage().startsWith("vault key k1: decodes to 16 bytes"), shortKey.getMessage());
        assertTrue(garbled.getMessage().startsWith("vault key k2: not base64"), garbled.getMessage());
        assertEquals("the current vault key [k9] is not among the keys [k1]", unknownCurrent.getMessage());
        for (Exception e : List.of(shortKey, garbled, unknownCurrent)) {
            assertNoKeyIn(String.valueOf(e) + e.getCause());
        }
    }

    @Test
    void keysPrintAsTheirIdsOnly() {
        VaultKeys keys = TestVaultKeys.keys("2026-07", "2026-01", KEY_2026_01, "2026-07", KEY_2026_07);

        assertEquals("VaultKeys[current=2026-07, ids=[2026-01, 2026-07]]", keys.toString());
        assertEquals("VaultKeys[none]", VaultKeys.none().toString());
        assertNoKeyIn(VaultSection.from(keys).toString());
    }

    private static void assertNoKeyIn(String text) {
        for (String key : List.of(KEY_2026_01, KEY_2026_07, SHORT_KEY, NOT_BASE64)) {
            assertFalse(text.contains(key), "a key in: " + text.replace(key, "<key>"));
        }
    }
}
