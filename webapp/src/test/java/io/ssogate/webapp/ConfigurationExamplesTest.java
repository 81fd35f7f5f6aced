package io.ssogate.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.ConfigLoader;
import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.scim.config.ScimConfig;
import io.ssogate.scim.config.ScimSection;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.login.vault.VaultKeys;
import io.ssogate.sso.login.vault.VaultSection;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sample {@code conf/ssogate.yaml} and every ready configuration in {@code conf/examples/} load with the
 * sections of every installed feature, as {@code ssogate --check-config} would: no network (metadata and
 * discovery are fetched at sign-in, not at load), and every {@code ${NAME}} they reference set to a dummy.
 */
class ConfigurationExamplesTest {

    private static final Path CONF = Files.isDirectory(Path.of("conf", "examples")) ? Path.of("conf")
            : Path.of("..", "conf");
    /** The examples the documentation names; a new one is added here and in docs/configuration.md. */
    private static final List<String> DOCUMENTED = List.of("entra-id.yaml", "gmo-trust-login.yaml", "google.yaml",
            "keycloak-oidc.yaml", "keycloak-saml.yaml", "okta.yaml");
    /** Every environment variable is set, to a value naming it. */
    private static final Function<String, String> DUMMY_ENV = name -> "dummy-" + name.toLowerCase(Locale.ROOT);

    private final ConfigLoader loader = new ConfigLoader(
            InstalledFeatures.discover(ConfigurationExamplesTest.class.getClassLoader()).configSections(), DUMMY_ENV);

    static Stream<Path> examples() throws IOException {
        try (Stream<Path> files = Files.list(CONF.resolve("examples"))) {
            return files.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList().stream();
        }
    }

    @Test
    void theSampleLoadsWithEveryFeatureAndShowsTheDefaults() throws ConfigException {
        GatewayConfig config = loader.load(CONF.resolve("ssogate.yaml"));

        assertEquals(ServerConfig.defaults(), config.server());
        assertEquals(ProxyConfig.of(URI.create("http://127.0.0.1:8065")), config.proxy());
        assertEquals(DatabaseConfig.embedded(), config.database());
        // The sample documents every default of the sso section; single sign-on stays off without a tenant.
        assertEquals(SsoConfig.disabled(), config.section(SsoSection.SECTION));
        // The vault: section is only a comment in the sample: no keys until an admin makes some.
        assertEquals(VaultKeys.none(), config.section(VaultSection.SECTION));
        // So is the scim: section: SCIM on, with its defaults.
        assertEquals(ScimConfig.DEFAULT, config.section(ScimSection.SECTION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("examples")
    void eachExampleLoadsAndTurnsSingleSignOnOn(Path example) throws ConfigException {
        GatewayConfig config = loader.load(example);

        SsoConfig sso = config.section(SsoSection.SECTION);
        assertTrue(sso.enabled(), example + " configures no tenant");
        for (IdpConfig idp : sso.idps()) {
            if (idp.protocol() == IdpConfig.Protocol.SAML) {
                assertNotNull(config.server().publicUrl(), example + ": SAML IdP " + idp.name()
                        + " needs server.publicUrl");
            }
        }
    }

    @Test
    void theDocumentedExamplesAreThereAndTheReferenceNamesEachOne() throws IOException {
        assertEquals(DOCUMENTED, examples().map(p -> p.getFileName().toString()).toList());
        String reference = Files.readString(CONF.resolveSibling("docs").resolve("configuration.md"),
                StandardCharsets.UTF_8);
        for (String example : DOCUMENTED) {
            assertTrue(reference.contains("conf/examples/" + example), "docs/configuration.md does not mention "
                    + example);
        }
        assertFalse(reference.isBlank());
    }

    @Test
    void theKeycloakExamplesMatchTheTestRealms() throws ConfigException {
        for (String example : List.of("keycloak-oidc.yaml", "keycloak-saml.yaml")) {
            SsoConfig sso = loader.load(CONF.resolve("examples").resolve(example)).section(SsoSection.SECTION);
            assertEquals(List.of("corp", "partner"), sso.tenants().stream().map(t -> t.name()).toList(), example);
            assertEquals("corp", sso.tenantForEmail("alice@corp.example").orElseThrow().name(), example);
            assertEquals("partner", sso.tenantForEmail("carol@partner.example").orElseThrow().name(), example);
        }
    }
}
