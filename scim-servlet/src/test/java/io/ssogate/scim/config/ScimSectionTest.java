package io.ssogate.scim.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.ConfigLoader;
import io.ssogate.core.config.ConfigProblem;
import io.ssogate.core.config.ConfigWriter;
import io.ssogate.core.config.GatewayConfig;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The {@code scim:} section: defaults, every setting, its checks named by key, and a round trip. */
class ScimSectionTest {

    private static final String PROXY = """
            proxy:
              upstreamUrl: http://127.0.0.1:8065
            """;

    private final ConfigLoader loader = new ConfigLoader(List.of(ScimSection.SECTION), Map.<String, String>of()::get);

    private ScimConfig parse(String yaml) throws ConfigException {
        return loader.parse(PROXY + yaml, "ssogate.yaml").section(ScimSection.SECTION);
    }

    @Test
    void withoutTheSectionScimIsOnWithTheDefaults() throws ConfigException {
        ScimConfig scim = parse("");

        assertEquals(ScimConfig.DEFAULT, scim);
        assertTrue(scim.enabled());
        assertEquals(1024 * 1024, scim.maxBodySize());
        assertEquals(1000, scim.maxResults());
        assertEquals(ScimConfig.DeleteMode.DEACTIVATE, scim.deleteMode());
        assertEquals(List.of(), scim.groups());
        assertEquals(Duration.ofSeconds(1), scim.retryMin());
        assertEquals(Duration.ofMinutes(5), scim.retryMax());
        assertEquals(ScimConfig.DEFAULT, parse("scim: {}\n"), "an empty section is the defaults too");
    }

    @Test
    void everySettingBindsAndGroupsMatchTheirTenantAndNameInAnyCase() throws ConfigException {
        ScimConfig scim = parse("""
                scim:
                  enabled: false
                  maxBodySize: 256KiB
                  maxResults: 200
                  deleteMode: Delete
                  groups:
                    - tenant: acme
                      group: Engineering
                      team: engineering
                      channels: [dev, " releases "]
                    - tenant: acme
                      group: Engineering
                      team: platform
                    - tenant: globex
                      group: Engineering
                      team: globex-eng
                  retryMin: 500ms
                  retryMax: 1h
                """);

        assertEquals(false, scim.enabled());
        assertEquals(256 * 1024, scim.maxBodySize());
        assertEquals(200, scim.maxResults());
        assertEquals(ScimConfig.DeleteMode.DELETE, scim.deleteMode());
        assertEquals(Duration.ofMillis(500), scim.retryMin());
        assertEquals(Duration.ofHours(1), scim.retryMax());
        ScimConfig.GroupMapping engineering = new ScimConfig.GroupMapping("acme", "Engineering", "engineering",
                List.of("dev", "releases"));
        ScimConfig.GroupMapping platform = new ScimConfig.GroupMapping("acme", "Engineering", "platform", List.of());
        assertEquals(List.of(engineering, platform), scim.mappingsOf("acme", "ENGINEERING"),
                "displayName in any case, every mapping of the group, none of another tenant");
        assertEquals(List.of("globex-eng"), scim.mappingsOf("globex", "engineering").stream()
                .map(ScimConfig.GroupMapping::team).toList());
        assertEquals(List.of(), scim.mappingsOf("acme", "Sales"), "an unmapped group is a SCIM record only");
        assertEquals(List.of(), scim.mappingsOf("initech", "Engineering"));
    }

    @Test
    void eachMistakeIsNamedByItsKeyAndAllAreReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> parse("""
                scim:
                  maxBodySize: 12 parsecs
                  maxResults: 0
                  deleteMode: purge
                  groups:
                    - tenant: acme
                      group: Engineering
                    - tenant: acme
                      group: " "
                      team: sales
                      channels: [general, ""]
                  retryMin: 10s
                  retryMax: 5s
                """));

        assertEquals(List.of("scim.maxBodySize", "scim.maxResults", "scim.deleteMode", "scim.groups[0].team",
                        "scim.groups[1].group", "scim.groups[1].channels[1]", "scim.retryMax"),
                e.problems().stream().map(ConfigProblem::key).toList(), e.getMessage());
        assertTrue(e.getMessage().contains("deactivate") && e.getMessage().contains("delete"),
                "the message says what deleteMode may be: " + e.getMessage());
    }

    @Test
    void outOfRangeSizesAndANonPositiveRetryAreRefused() {
        for (String section : List.of("scim:\n  maxBodySize: 1000\n", "scim:\n  maxBodySize: 65MiB\n",
                "scim:\n  maxResults: 10001\n", "scim:\n  retryMin: 0s\n")) {
            ConfigException e = assertThrows(ConfigException.class, () -> parse(section), section);
            String key = section.strip().lines().toList().get(1).strip().split(":")[0];
            assertEquals(List.of("scim." + key), e.problems().stream().map(ConfigProblem::key).toList(),
                    e.getMessage());
        }
    }

    @Test
    void aSectionWrittenBackReadsTheSame() throws ConfigException {
        GatewayConfig config = loader.parse(PROXY + """
                scim:
                  enabled: true
                  maxBodySize: 2MiB
                  maxResults: 50
                  deleteMode: delete
                  groups:
                    - tenant: acme
                      group: Engineering
                      team: engineering
                      channels: [dev]
                    - tenant: acme
                      group: Sales
                      team: sales
                  retryMin: 2s
                  retryMax: 10m
                """, "ssogate.yaml");

        String yaml = new ConfigWriter().toYaml(config);
        ScimConfig again = loader.parse(yaml, "written.yaml").section(ScimSection.SECTION);

        assertEquals(config.section(ScimSection.SECTION), again, yaml);
    }

    @Test
    void theDefaultsWrittenFromCodeReadBackAsThemselves() throws ConfigException {
        GatewayConfig config = loader.parse(PROXY, "ssogate.yaml").withSection(ScimSection.SECTION, ScimConfig.DEFAULT);

        String yaml = new ConfigWriter().toYaml(config);

        assertTrue(yaml.contains("deleteMode: deactivate") && yaml.contains("maxBodySize: 1MiB"), yaml);
        assertEquals(ScimConfig.DEFAULT, loader.parse(yaml, "written.yaml").section(ScimSection.SECTION), yaml);
    }
}
