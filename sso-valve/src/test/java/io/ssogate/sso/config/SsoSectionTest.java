package io.ssogate.sso.config;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.ConfigLoader;
import io.ssogate.core.config.ConfigProblem;
import io.ssogate.core.config.ConfigWriter;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.testkit.logs.SecretLeakCheck;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The {@code sso:} section binds to its model, and every mistake in it is named by key and line, all at once. */
class SsoSectionTest {

    private static final String KEYCLOAK_SECRET = "kc-client-secret-3f9a1e";
    private static final String ENTRA_SECRET = "entra-client-secret-77b2c0";
    // Real keys: the loader parses them, so a typo in a key file is found when the file is read.
    private static final String OKTA_KEY = newRsaKeyPem();
    private static final String SP_KEY = newRsaKeyPem();

    private static String newRsaKeyPem() {
        try {
            java.security.KeyPairGenerator generator = java.security.KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return "-----BEGIN PRIVATE KEY-----\n" + java.util.Base64.getMimeEncoder(64, "\n".getBytes())
                    .encodeToString(generator.generateKeyPair().getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(KEYCLOAK_SECRET, ENTRA_SECRET, OKTA_KEY, SP_KEY);

    private static final Map<String, String> ENV = Map.of(
            "KC_SECRET", KEYCLOAK_SECRET,
            "ENTRA_SECRET", ENTRA_SECRET,
            "OKTA_KEY", OKTA_KEY,
            "SP_KEY", SP_KEY);

    private static final String PROXY = """
            proxy:
              upstreamUrl: http://127.0.0.1:8065
            """;

    private final ConfigLoader loader = new ConfigLoader(List.of(SsoSection.SECTION), ENV::get);

    @TempDir
    Path dir;
    private Path metadata;
    private Path certificate;

    @BeforeEach
    void files() throws Exception {
        metadata = Files.writeString(dir.resolve("trustlogin-metadata.xml"), "<EntityDescriptor/>");
        certificate = Files.writeString(dir.resolve("sp.crt"), "-----BEGIN CERTIFICATE-----");
    }

    private String fullSection() {
        return PROXY + """
                sso:
                  tenants:
                    - name: acme
                      domains: [acme.example, ACME-Group.example]
                      idps:
                        - name: acme-keycloak
                          displayName: ACME staff
                          type: oidc
                          oidc:
                            discoveryUri: https://kc.acme.example/realms/acme/.well-known/openid-configuration
                            clientId: ssogate
                            clientSecret: ${KC_SECRET}
                            clientAuthentication: client_secret_basic
                        - name: acme-entra
                          type: OIDC
                          trustUnverifiedEmail: true
                          sendLoginHint: false
                          mapping:
                            email: upn
                            groups: roles
                          oidc:
                            discoveryUri: https://login.microsoftonline.com/tid/v2.0/.well-known/openid-configuration
                            clientId: " entra-app "
                            clientSecret: ${ENTRA_SECRET}
                            clientAuthentication: client_secret_post
                            scopes: [email, profile, offline_access]
                            groupsFromGraph: true
                            graphUrl: https://graph.microsoft.us/
                    - name: globex
                      domains: [globex.example]
                      idps:
                        - name: globex-okta
                          type: oidc
                          oidc:
                            discoveryUri: https://globex.okta.example/.well-known/openid-configuration
                            clientId: okta-client
                            clientAuthentication: private_key_jwt
                            privateKey: ${OKTA_KEY}
                        - name: globex-trustlogin
                          type: saml
                          saml:
                            metadataFile: %s
                            signAuthnRequests: true
                            binding: post
                            allowIdpInitiated: true
                  session:
                    cookieName: GW_SESSION
                    idleTimeout: 30m
                    absoluteTimeout: 12h
                  page:
                    companyName: ACME & Globex
                    logoUrl: /assets/logo.png
                    skipWhenSingleIdp: true
                  serviceProvider:
                    entityId: https://gw.example/sso/saml/metadata
                    privateKey: ${SP_KEY}
                    certificateFile: %s
                  clockSkew: 90s
                """.formatted(metadata, certificate);
    }

    @Test
    void aFullSectionWithTwoTenantsAndEveryKindOfIdpBindsToTheModel() throws ConfigException {
        SsoConfig sso = loader.parse(fullSection(), "ssogate.yaml").section(SsoSection.SECTION);

        IdpConfig keycloak = new IdpConfig("acme-keycloak", "ACME staff", IdpConfig.Protocol.OIDC, true, false,
                ClaimMapping.defaults(), new OidcIdpConfig(
                URI.create("https://kc.acme.example/realms/acme/.well-known/openid-configuration"), "ssogate",
                Secret.fromReference("${KC_SECRET}", KEYCLOAK_SECRET),
                OidcIdpConfig.ClientAuthentication.CLIENT_SECRET_BASIC, null, null), null);
        IdpConfig entra = new IdpConfig("acme-entra", "acme-entra", IdpConfig.Protocol.OIDC, false, true,
                new ClaimMapping("upn", null, null, null, null, "roles"), new OidcIdpConfig(
                URI.create("https://login.microsoftonline.com/tid/v2.0/.well-known/openid-configuration"),
                "entra-app", Secret.fromReference("${ENTRA_SECRET}", ENTRA_SECRET),
                OidcIdpConfig.ClientAuthentication.CLIENT_SECRET_POST, null,
                // openid is always requested, so it is put first when the file leaves it out
                List.of("openid", "email", "profile", "offline_access"),
                // the trailing slash goes: request paths are appended to the base
                true, URI.create("https://graph.microsoft.us")), null);
        IdpConfig okta = new IdpConfig("globex-okta", null, IdpConfig.Protocol.OIDC, true, false, null,
                new OidcIdpConfig(URI.create("https://globex.okta.example/.well-known/openid-configuration"),
                        "okta-client", null, OidcIdpConfig.ClientAuthentication.PRIVATE_KEY_JWT,
                        Secret.fromReference("${OKTA_KEY}", OKTA_KEY), null), null);
        IdpConfig trustLogin = new IdpConfig("globex-trustlogin", null, IdpConfig.Protocol.SAML, true, false, null,
                null, new SamlIdpConfig(null, metadata, SamlIdpConfig.DEFAULT_METADATA_REFRESH, true,
                SamlIdpConfig.Binding.POST, true));
        SsoConfig expected = new SsoConfig(List.of(
                new TenantConfig("acme", List.of("acme.example", "acme-group.example"), List.of(keycloak, entra)),
                new TenantConfig("globex", List.of("globex.example"), List.of(okta, trustLogin))),
                new SessionConfig("GW_SESSION", Duration.ofMinutes(30), Duration.ofHours(12)),
                new PageConfig("ACME & Globex", "/assets/logo.png", true),
                new SamlServiceProviderConfig("https://gw.example/sso/saml/metadata",
                        Secret.fromReference("${SP_KEY}", SP_KEY), certificate),
                Duration.ofSeconds(90));

        assertEquals(expected, sso);
        assertTrue(sso.enabled());
        assertEquals(List.of("acme-keycloak", "acme-entra", "globex-okta", "globex-trustlogin"),
                sso.idps().stream().map(IdpConfig::name).toList());
        assertEquals("acme", sso.tenantForEmail("Bob@ACME-group.example").orElseThrow().name(),
                "domains are kept lower case, so an email's domain finds its tenant whatever its case");
        assertEquals(KEYCLOAK_SECRET, keycloakSecret(sso), "the secret is substituted from the environment");
    }

    private static String keycloakSecret(SsoConfig sso) {
        return sso.idp("acme-keycloak").orElseThrow().oidc().clientSecret().reveal();
    }

    @Test
    void eachMistakeIsNamedByItsKeyOnItsLineAndAllAreReportedAtOnce() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(PROXY + """
                sso:
                  tenants:
                    - name: acme
                      domains: [acme.example, "https://bad.example"]
                      idps:
                        - name: kc
                          type: oidc
                          oidc:
                            discoveryUri: https://kc.acme.example/.well-known/openid-configuration
                            clientSecret: ${KC_SECRET}
                        - name: entra
                          type: oidc
                          oidc:
                            discoveryUri: https://login.example/.well-known/openid-configuration
                            clientId: entra
                            clientAuthentication: client_secret_basic
                        - name: weird
                          type: ldap
                        - name: both
                          type: saml
                          saml:
                            metadataUrl: https://idp.example/metadata
                            metadataFile: /etc/ssogate/idp.xml
                        - name: typo
                          type: oidc
                          oidc:
                            discoveryUri: https://kc.acme.example/.well-known/openid-configuration
                            clientId: typo
                            clientSecret: ${KC_SECRET}
                          sendLoginHnt: false
                    - name: globex
                      domains: [globex.example, acme.example]
                      idps:
                        - name: kc
                          type: oidc
                          oidc:
                            discoveryUri: https://kc.globex.example/.well-known/openid-configuration
                            clientId: globex
                            clientSecret: ${KC_SECRET}
                  session:
                    idleTimeout: 10h
                    absoluteTimeout: 2h
                """, "ssogate.yaml"));

        assertEquals(List.of(
                "ssogate.yaml:6: sso.tenants[0].domains[1]: not an email domain like example.com (no @, no scheme)",
                "ssogate.yaml:10: sso.tenants[0].idps[0].oidc.clientId: required: the gateway's client id at the provider",
                "ssogate.yaml:15: sso.tenants[0].idps[1].oidc.clientSecret: required for client_secret_basic: give it as ${ENV} or ${file:...}",
                "ssogate.yaml:20: sso.tenants[0].idps[2].type: must be oidc or saml",
                "ssogate.yaml:25: sso.tenants[0].idps[3].saml.metadataFile: give metadataUrl or metadataFile, not both",
                "ssogate.yaml:32: sso.tenants[0].idps[4].sendLoginHnt: unknown key (did you mean sendLoginHint?)",
                "ssogate.yaml:34: sso.tenants[1].domains[1]: the domain acme.example already belongs to tenant acme; a domain picks one tenant",
                "ssogate.yaml:36: sso.tenants[1].idps[0].name: another identity provider (in tenant acme) has this name; names are unique in the gateway, as they name the callback",
                "ssogate.yaml:43: sso.session.idleTimeout: must not be longer than absoluteTimeout"),
                e.problems().stream().map(ConfigProblem::toString).toList());
    }

    @Test
    void groupsFromGraphIsOffByDefaultAndAsksTheGlobalGraphWhenNoUrlIsGiven() throws ConfigException {
        SsoConfig sso = loader.parse(PROXY + """
                sso:
                  tenants:
                    - name: acme
                      domains: [acme.example]
                      idps:
                        - name: plain
                          type: oidc
                          oidc:
                            discoveryUri: https://kc.acme.example/.well-known/openid-configuration
                            clientId: plain
                            clientSecret: ${KC_SECRET}
                        - name: entra
                          type: oidc
                          oidc:
                            discoveryUri: https://login.microsoftonline.com/tid/v2.0/.well-known/openid-configuration
                            clientId: entra
                            clientSecret: ${ENTRA_SECRET}
                            groupsFromGraph: true
                """, "ssogate.yaml").section(SsoSection.SECTION);

        OidcIdpConfig plain = sso.idp("plain").orElseThrow().oidc();
        OidcIdpConfig entra = sso.idp("entra").orElseThrow().oidc();
        assertFalse(plain.groupsFromGraph());
        assertTrue(entra.groupsFromGraph());
        assertEquals(null, entra.graphUrl(), "no URL is kept as none, so writing the file back adds none");
        assertEquals(URI.create("https://graph.microsoft.com"), entra.graphUrlOrDefault());
    }

    @Test
    void aGraphUrlThatWouldMisdirectTheAccessTokenIsRefusedByItsKey() {
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(PROXY + """
                sso:
                  tenants:
                    - name: acme
                      domains: [acme.example]
                      idps:
                        - name: without-flag
                          type: oidc
                          oidc:
                            discoveryUri: https://login.example/.well-known/openid-configuration
                            clientId: a
                            clientSecret: ${KC_SECRET}
                            graphUrl: https://graph.microsoft.com
                        - name: plain-http
                          type: oidc
                          oidc:
                            discoveryUri: https://login.example/.well-known/openid-configuration
                            clientId: b
                            clientSecret: ${KC_SECRET}
                            groupsFromGraph: true
                            graphUrl: http://graph.example
                        - name: with-query
                          type: oidc
                          oidc:
                            discoveryUri: https://login.example/.well-known/openid-configuration
                            clientId: c
                            clientSecret: ${KC_SECRET}
                            groupsFromGraph: true
                            graphUrl: https://graph.example/?tenant=x
                        - name: not-a-url
                          type: oidc
                          oidc:
                            discoveryUri: https://login.example/.well-known/openid-configuration
                            clientId: d
                            clientSecret: ${KC_SECRET}
                            groupsFromGraph: true
                            graphUrl: graph.microsoft.com
                        - name: not-a-flag
                          type: oidc
                          oidc:
                            discoveryUri: https://login.example/.well-known/openid-configuration
                            clientId: e
                            clientSecret: ${KC_SECRET}
                            groupsFromGraph: maybe
                        - name: loopback-http
                          type: oidc
                          oidc:
                            discoveryUri: https://login.example/.well-known/openid-configuration
                            clientId: f
                            clientSecret: ${KC_SECRET}
                            groupsFromGraph: true
                            graphUrl: http://127.0.0.1:8089
                """, "ssogate.yaml"));

        List<String> problems = e.problems().stream().map(ConfigProblem::toString).toList();
        assertEquals(5, problems.size(), "the loopback http URL (a test double) is accepted: " + problems);
        assertEquals("ssogate.yaml:14: sso.tenants[0].idps[0].oidc.graphUrl: only used with groupsFromGraph: true; "
                + "set that too, or remove graphUrl", problems.get(0));
        assertEquals("ssogate.yaml:22: sso.tenants[0].idps[1].oidc.graphUrl: must be https: the sign-in's access "
                + "token is sent to it (http only for localhost)", problems.get(1));
        assertEquals("ssogate.yaml:30: sso.tenants[0].idps[2].oidc.graphUrl: must be a base URL without ?query, "
                + "like https://graph.microsoft.com", problems.get(2));
        assertEquals("ssogate.yaml:38: sso.tenants[0].idps[3].oidc.graphUrl: must be an absolute http or https URL "
                + "with a host", problems.get(3));
        assertTrue(problems.get(4).startsWith("ssogate.yaml:45: sso.tenants[0].idps[4].oidc.groupsFromGraph: "),
                problems.get(4));
    }

    @Test
    void withoutTheSectionSingleSignOnIsOff() throws ConfigException {
        SsoConfig absent = loader.parse(PROXY, "ssogate.yaml").section(SsoSection.SECTION);
        SsoConfig empty = loader.parse(PROXY + "sso:\n", "ssogate.yaml").section(SsoSection.SECTION);

        assertEquals(SsoConfig.disabled(), absent);
        assertEquals(SsoConfig.disabled(), empty);
        assertFalse(absent.enabled(), "no tenant: the gateway proxies without signing anyone in");
    }

    @Test
    void aSecretNeverAppearsInTheErrorsEvenWhenItLandsInAKeyThatRefusesIt() {
        // An operator pasting ${KC_SECRET} into the wrong key must not get the value echoed back in the error.
        ConfigException e = assertThrows(ConfigException.class, () -> loader.parse(PROXY + """
                sso:
                  tenants:
                    - name: acme
                      domains: ["${ENTRA_SECRET}"]
                      idps:
                        - name: kc
                          type: ${KC_SECRET}
                          sendLoginHint: ${OKTA_KEY}
                          oidc:
                            discoveryUri: ${SP_KEY}
                            clientId: kc
                            clientSecret: ${KC_SECRET}
                """, "ssogate.yaml"));

        String text = e.getMessage();
        assertEquals(List.of("sso.tenants[0].domains[0]", "sso.tenants[0].idps[0].type",
                        "sso.tenants[0].idps[0].sendLoginHint"),
                e.problems().stream().map(ConfigProblem::key).toList(), text);
        for (String secret : List.of(KEYCLOAK_SECRET, ENTRA_SECRET, OKTA_KEY, SP_KEY)) {
            assertFalse(text.contains(secret), "a secret in the error text: " + text);
        }
    }

    @Test
    void aSectionWrittenBackAndReadAgainIsEqualWithItsSecretsAsReferences() throws ConfigException {
        GatewayConfig config = loader.parse(fullSection(), "ssogate.yaml");
        ConfigWriter writer = new ConfigWriter();

        String yaml = writer.toYaml(config);
        String json = writer.toJson(SsoSection.SECTION, config.section(SsoSection.SECTION));

        for (String secret : List.of(KEYCLOAK_SECRET, ENTRA_SECRET, OKTA_KEY, SP_KEY)) {
            assertFalse(yaml.contains(secret) || json.contains(secret), "a secret was written out: " + yaml);
        }
        assertTrue(yaml.contains("clientSecret: \"${KC_SECRET}\""), yaml);
        assertEquals(config.section(SsoSection.SECTION),
                loader.parse(yaml, "written.yaml").section(SsoSection.SECTION));
        assertEquals(config.section(SsoSection.SECTION),
                loader.parseSection(json, "stored", SsoSection.SECTION));
    }

    @Test
    void aDisabledSectionWrittenBackStaysDisabled() throws ConfigException {
        GatewayConfig config = loader.parse(PROXY, "ssogate.yaml");

        String yaml = new ConfigWriter().toYaml(config);

        assertEquals(SsoConfig.disabled(), loader.parse(yaml, "written.yaml").section(SsoSection.SECTION));
    }
}
