package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.accounts.Tenant;
import io.ssogate.core.accounts.TenantDirectory;
import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.scim.auth.ScimTokenAuthenticator;
import io.ssogate.scim.auth.ScimTokens;
import io.ssogate.webapp.InstalledFeatures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssogate scim-token create|list|revoke} on the configured database: a created token is the last
 * line of the output and opens its tenant's SCIM API; list never shows it; a revoked one opens nothing.
 */
class ScimTokenCommandTest {

    private static final TenantDirectory TENANTS = () -> List.of(new Tenant("acme", List.of("acme.example")),
            new Tenant("globex", List.of("globex.example")));

    @TempDir
    Path dir;

    private Path dataDir;
    private Path config;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    @BeforeEach
    void twoTenants() throws Exception {
        dataDir = Files.createDirectories(dir.resolve("data"));
        config = Files.writeString(dir.resolve("ssogate.yaml"), """
                server:
                  dataDir: %s
                  publicUrl: https://chat.example.com
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                sso:
                  tenants:
                    - name: acme
                      domains: [acme.example]
                      idps:
                        - name: acme-oidc
                          type: oidc
                          oidc:
                            discoveryUri: https://idp.acme.example/.well-known/openid-configuration
                            clientId: ssogate
                            clientSecret: ${file:%s}
                    - name: globex
                      domains: [globex.example]
                      idps:
                        - name: globex-oidc
                          type: oidc
                          oidc:
                            discoveryUri: https://idp.globex.example/.well-known/openid-configuration
                            clientId: ssogate
                            clientSecret: ${file:%s}
                """.formatted(dataDir, secretFile(), secretFile()));
    }

    private Path secretFile() throws Exception {
        return Files.writeString(dir.resolve("client.secret"), "client-secret-0123456789\n");
    }

    @Test
    void createPrintsWhatItDidAndTheTokenAloneOnTheLastLineWhichOpensItsTenant() throws Exception {
        assertEquals(0, run("scim-token", "create", "acme", "--label", "Entra ID", "--config", config.toString()),
                this::err);

        List<String> lines = out().lines().toList();
        String token = lines.get(lines.size() - 1);
        assertTrue(token.matches("scim_[A-Za-z0-9_-]{43}"), "the last line is the token alone: " + out());
        assertTrue(lines.get(0).matches("ssogate: SCIM token [0-9a-f-]{36} created for tenant acme \\(Entra ID\\)\\."),
                this::out);
        assertTrue(out().contains("https://chat.example.com/scim/v2"), "the SCIM base URL to give the IdP: " + out());
        assertEquals("", err());
        assertEquals(Optional.of("acme"), tenantOf(token));
        assertFalse(storedTableText().contains(token), "only its hash is stored");
    }

    @Test
    void listShowsIdsLabelsAndTimesButNeverATokenOrItsHash() throws Exception {
        String first = create("acme", "Entra ID");
        String second = create("acme", "Okta");
        create("globex", "Keycloak");
        tenantOf(first);

        assertEquals(0, run("--config", config.toString(), "scim-token", "list", "acme"), this::err);

        List<String> lines = out().lines().toList();
        assertEquals(3, lines.size(), this::out);
        assertTrue(lines.get(0).matches("ID +LABEL +CREATED +LAST USED +REVOKED"), lines.get(0));
        assertTrue(lines.get(1).matches("[0-9a-f-]{36}  Entra ID  \\S+Z  \\S+Z +-"), lines.get(1));
        assertTrue(lines.get(2).matches("[0-9a-f-]{36}  Okta +\\S+Z  - +-"), "never used: " + lines.get(2));
        for (String token : List.of(first, second)) {
            assertFalse(out().contains(token), "no token in the list");
            assertFalse(out().contains(token.substring(5, 20)), "no part of a token in the list");
        }
        for (String hash : storedHashes()) {
            assertFalse(out().contains(hash.substring(0, 16)), "no hash in the list");
        }
        assertFalse(out().contains("Keycloak"), "another tenant's tokens are not listed");
    }

    @Test
    void aRevokedTokenIsRefusedAndListedAsRevoked() throws Exception {
        String token = create("acme", null);
        String id = onlyId("acme");

        assertEquals(0, run("scim-token", "revoke", id, "--config", config.toString()), this::err);

        assertEquals("ssogate: SCIM token " + id + " of tenant acme revoked: every gateway refuses it within 5 s\n",
                out());
        assertEquals(Optional.empty(), tenantOf(token));
        assertEquals(0, run("scim-token", "list", "acme", "--config", config.toString()), this::err);
        assertTrue(out().lines().toList().get(1).matches("[0-9a-f-]{36}  - +\\S+Z  - +\\S+Z"), this::out);
        assertEquals(0, run("scim-token", "revoke", id, "--config", config.toString()), this::err);
        assertTrue(out().contains("was already revoked at"), this::out);
    }

    @Test
    void aTenantNotInTheConfigurationExitsTwoNamingItAndTheFile() throws Exception {
        for (String subcommand : List.of("create", "list")) {
            assertEquals(2, run("scim-token", subcommand, "initech", "--config", config.toString()));

            assertEquals("ssogate: tenant initech is not in sso.tenants of " + config
                    + " (its tenants: acme, globex)\n", err());
            assertEquals("", out());
        }
    }

    @Test
    void revokingAnUnknownIdExitsTwo() {
        assertEquals(2, run("scim-token", "revoke", "no-such-id", "--config", config.toString()));

        assertTrue(err().startsWith("ssogate: no SCIM token has the id no-such-id"), this::err);
    }

    @Test
    void scimTokenAloneAsksForItsSubcommandAndItsHelpNamesThem() {
        assertEquals(2, run("scim-token"));
        assertTrue(err().startsWith("ssogate: Missing required subcommand: create, list or revoke"), this::err);

        assertEquals(0, run("scim-token", "--help"));
        assertTrue(out().contains("create") && out().contains("list") && out().contains("revoke"), this::out);
        assertEquals(2, run("scim-token", "create", "--config", config.toString()));
        assertTrue(err().contains("Missing required parameter: 'TENANT'"), this::err);
    }

    private String create(String tenant, String label) {
        int status = label == null ? run("scim-token", "create", tenant, "--config", config.toString())
                : run("scim-token", "create", tenant, "--label", label, "--config", config.toString());
        assertEquals(0, status, this::err);
        List<String> lines = out().lines().toList();
        return lines.get(lines.size() - 1);
    }

    private String onlyId(String tenant) {
        try (GatewayDatabase database = openDatabase()) {
            return new ScimTokens(database.dataSource(), Clock.systemUTC()).list(tenant).get(0).id();
        }
    }

    /** What a gateway started after the command makes of {@code Bearer token}. */
    private Optional<String> tenantOf(String token) {
        try (GatewayDatabase database = openDatabase()) {
            return new ScimTokenAuthenticator(new ScimTokens(database.dataSource(), Clock.systemUTC()),
                    () -> TENANTS, Duration.ZERO).tenantOf("Bearer " + token);
        }
    }

    private List<String> storedHashes() throws Exception {
        try (GatewayDatabase database = openDatabase();
             Connection c = database.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT token_hash FROM scim_token");
             ResultSet rs = select.executeQuery()) {
            List<String> hashes = new ArrayList<>();
            while (rs.next()) {
                hashes.add(rs.getString(1));
            }
            return hashes;
        }
    }

    private String storedTableText() throws Exception {
        try (GatewayDatabase database = openDatabase();
             Connection c = database.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT * FROM scim_token");
             ResultSet rs = select.executeQuery()) {
            StringBuilder text = new StringBuilder();
            while (rs.next()) {
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    text.append(rs.getObject(i)).append(' ');
                }
            }
            return text.toString();
        }
    }

    private GatewayDatabase openDatabase() {
        return GatewayDatabase.start(DatabaseConfig.embedded(), dataDir,
                InstalledFeatures.discover(getClass().getClassLoader()).migrations());
    }

    private int run(String... args) {
        out.reset();
        err.reset();
        return Launcher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }
}
