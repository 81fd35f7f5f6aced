package io.ssogate.core.config;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a short file means: every absent key or section takes the model's default. */
class ConfigDefaultsTest {

    private final ConfigLoader loader = new ConfigLoader(Map.<String, String>of()::get);

    @Test
    void onlyTheUpstreamIsRequiredAndEverythingElseIsDefault() throws ConfigException {
        GatewayConfig config = loader.parse("""
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                """, "minimal.yaml");

        assertEquals(ServerConfig.defaults(), config.server());
        assertEquals(ProxyConfig.of(URI.create("http://127.0.0.1:8065")), config.proxy());
        assertEquals(DatabaseConfig.embedded(), config.database());
        assertTrue(config.database().isEmbedded());
        assertEquals(0, config.proxy().maxRequestBodyBytes(), "absent size means no limit");
        assertEquals(List.of(), config.proxy().trustedProxies(), "nobody's X-Forwarded-* is trusted by default");
    }

    @Test
    void emptySectionsMeanDefaultsToo() throws ConfigException {
        GatewayConfig config = loader.parse("""
                server:
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                database:
                """, "empty-sections.yaml");

        assertEquals(ServerConfig.defaults(), config.server());
        assertEquals(DatabaseConfig.embedded(), config.database());
    }

    @Test
    void keysGivenOverrideDefaultsOneByOne() throws ConfigException {
        GatewayConfig config = loader.parse("""
                server:
                  port: 9000
                  publicUrl: https://chat.example.com
                  dataDir: /var/lib/ssogate
                proxy:
                  upstreamUrl: https://mm.internal/mattermost
                  connectTimeout: 250ms
                  maxRequestBodySize: 100MiB
                  trustedProxies: [10.0.0.0/8, 192.168.1.1]
                database:
                  url: jdbc:postgresql://db/ssogate
                  maxPoolSize: 4
                """, "custom.yaml");

        assertEquals(9000, config.server().port());
        assertEquals(ServerConfig.DEFAULT_BIND_ADDRESS, config.server().bindAddress());
        assertEquals(URI.create("https://chat.example.com"), config.server().publicUrl());
        assertEquals(Path.of("/var/lib/ssogate"), config.server().dataDir());
        assertEquals(Duration.ofMillis(250), config.proxy().connectTimeout());
        assertEquals(ProxyConfig.DEFAULT_RESPONSE_TIMEOUT, config.proxy().responseTimeout());
        assertEquals(100L * 1024 * 1024, config.proxy().maxRequestBodyBytes());
        assertEquals(List.of("10.0.0.0/8", "192.168.1.1"), config.proxy().trustedProxies());
        assertEquals(4, config.database().maxPoolSize());
        assertNull(config.database().password());
    }

    @Test
    void relativeDataDirIsKeptRelativeToTheWorkingDirectory() throws ConfigException {
        GatewayConfig config = loader.parse("""
                server:
                  dataDir: state/ssogate
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                """, "relative.yaml");

        assertEquals(Path.of("state/ssogate"), config.server().dataDir());
        assertEquals(Path.of("").toAbsolutePath().resolve("state/ssogate"), config.server().dataDir().toAbsolutePath());
    }

    @Test
    void fileOfOnlyCommentsStillNeedsTheUpstream() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse("# nothing yet\n", "c.yaml"));

        assertEquals("c.yaml: proxy.upstreamUrl: required: Mattermost's own base URL, like http://127.0.0.1:8065",
                e.getMessage());
        assertEquals(0, e.line(), "there is no line to point at");
    }

    /**
     * The sample also documents the features' sections ({@code sso:}), whose keys and checks live in their
     * own modules: core reads them as opaque here, and webapp's {@code ConfigurationExamplesTest} loads the
     * sample with every installed feature's section. A feature section added to the sample goes in this list.
     */
    private static final List<String> FEATURE_SECTIONS_IN_SAMPLE = List.of("sso");

    @com.fasterxml.jackson.annotation.JsonIgnoreProperties(ignoreUnknown = true)
    record OpaqueSection() implements SectionBinding<String> {
        @Override
        public String toModel(ConfigProblems problems) {
            return "";
        }
    }

    @Test
    void sampleConfigurationLoadsCleanly() throws ConfigException {
        Path sample = Files.exists(Path.of("conf/ssogate.yaml")) ? Path.of("conf/ssogate.yaml")
                : Path.of("../conf/ssogate.yaml");
        ConfigLoader withFeatureSections = new ConfigLoader(FEATURE_SECTIONS_IN_SAMPLE.stream()
                .map(key -> ConfigSection.of(key, String.class, OpaqueSection.class, model -> new OpaqueSection()))
                .toList(), Map.<String, String>of()::get);

        GatewayConfig config = withFeatureSections.load(sample);

        assertEquals(URI.create("http://127.0.0.1:8065"), config.proxy().upstreamUrl());
        // The sample documents every default; if a default changes, the sample must change with it.
        assertEquals(ServerConfig.defaults(), config.server());
        assertEquals(ProxyConfig.of(URI.create("http://127.0.0.1:8065")), config.proxy());
        assertEquals(DatabaseConfig.embedded(), config.database());
    }
}
