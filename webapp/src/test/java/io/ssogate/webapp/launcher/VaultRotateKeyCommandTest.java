package io.ssogate.webapp.launcher;

import io.ssogate.core.accounts.CredentialVault;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.login.vault.AesGcmCredentialVault;
import io.ssogate.sso.login.vault.VaultKeys;
import io.ssogate.testkit.logs.SecretLeakCheck;
import io.ssogate.webapp.InstalledFeatures;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ssogate vault rotate-key [--config FILE]} moves every stored password onto {@code vault.currentKey}
 * in the configured database, after which the older key can be removed; it never prints a password or key.
 */
class VaultRotateKeyCommandTest {

    private static final String ALICE = "8xk3p1qz9bfydq6wgs4mrnco7e";
    private static final String BOB = "3hd9wq7tjpn5mkx1zr8ycva2ub";
    private static final String ALICE_PASSWORD = "Alice-Gen-7f3#Qp9!vZ2m";
    private static final String BOB_PASSWORD = "Bob-Gen-Lk4$wT8@nR6x";
    private static final String OLD_KEY = newKey();
    private static final String NEW_KEY = newKey();

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(ALICE_PASSWORD, BOB_PASSWORD, OLD_KEY, NEW_KEY);

    @TempDir
    Path dir;

    private Path dataDir;
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    @BeforeEach
    void twoPasswordsUnderTheOldKey() throws Exception {
        dataDir = Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("old.key"), OLD_KEY + "\n");
        Files.writeString(dir.resolve("new.key"), NEW_KEY + "\n");
        try (GatewayDatabase database = openDatabase()) {
            AesGcmCredentialVault vault = new AesGcmCredentialVault(database.dataSource(), keys("old", "old", OLD_KEY),
                    Clock.systemUTC());
            vault.store(ALICE, Secret.of(ALICE_PASSWORD));
            vault.store(BOB, Secret.of(BOB_PASSWORD));
        }
    }

    @Test
    void rotateKeyMovesEveryPasswordToTheCurrentKeySoTheOldOneCanBeRemoved() throws Exception {
        Path config = config("""
                vault:
                  keys:
                    - id: old
                      secret: ${file:%s}
                    - id: new
                      secret: ${file:%s}
                  currentKey: new
                """.formatted(dir.resolve("old.key"), dir.resolve("new.key")));

        assertEquals(0, run("vault", "rotate-key", "--config", config.toString()), this::err);

        assertTrue(out().contains("ssogate: vault rotated to key new: 2 re-encrypted, 0 already under it, 0 skipped"),
                this::out);
        try (GatewayDatabase database = openDatabase()) {
            AesGcmCredentialVault newKeyOnly = new AesGcmCredentialVault(database.dataSource(),
                    keys("new", "new", NEW_KEY), Clock.systemUTC());
            assertEquals(ALICE_PASSWORD, newKeyOnly.password(ALICE).orElseThrow().reveal());
            assertEquals(BOB_PASSWORD, newKeyOnly.password(BOB).orElseThrow().reveal());
        }
        assertEquals(0, run("--config", config.toString(), "vault", "rotate-key"), this::err);
        assertTrue(out().contains("0 re-encrypted, 2 already under it"), "a second run has nothing to do: " + out());
    }

    @Test
    void rowsThatDoNotDecryptExitOneNamingTheUsersAndStayAsTheyWere() throws Exception {
        try (GatewayDatabase database = openDatabase();
             Connection c = database.dataSource().getConnection();
             Statement statement = c.createStatement()) {
            statement.executeUpdate("UPDATE sso_credential SET key_id = 'retired' WHERE mattermost_user_id = '" + BOB + "'");
        }
        Path config = config("""
                vault:
                  keys:
                    - id: old
                      secret: ${file:%s}
                    - id: new
                      secret: ${file:%s}
                  currentKey: new
                """.formatted(dir.resolve("old.key"), dir.resolve("new.key")));

        assertEquals(1, run("vault", "rotate-key", "--config", config.toString()), this::err);

        assertTrue(out().contains("1 re-encrypted"), this::out);
        assertEquals("ssogate: vault: the stored passwords of 1 users do not decrypt and were left as they are: "
                + BOB + "\nssogate: vault: 1 rows are still under older keys; keep them\n", err());
    }

    @Test
    void withoutVaultKeysInTheConfigurationItIsAUsageError() throws Exception {
        Path config = config("");

        assertEquals(2, run("vault", "rotate-key", "--config", config.toString()));

        assertEquals("ssogate: configuration " + config + " has no vault keys: add a vault: section with keys and"
                + " currentKey (docs/configuration.md#vault)\n", err());
    }

    @Test
    void vaultAloneAsksForItsSubcommandAndItsHelpNamesRotateKey() {
        assertEquals(2, run("vault"));
        assertTrue(err().startsWith("ssogate: Missing required subcommand: rotate-key"), this::err);

        assertEquals(0, run("vault", "--help"));
        assertTrue(out().contains("rotate-key"), this::out);
    }

    @Test
    void aConfigurationErrorInTheVaultSectionNamesTheKeyIdAndNotTheKey() throws Exception {
        Path config = config("""
                vault:
                  keys:
                    - id: new
                      secret: ${file:%s}
                  currentKey: old
                """.formatted(dir.resolve("new.key")));

        assertEquals(2, run("vault", "rotate-key", "--config", config.toString()));

        assertTrue(err().contains("vault.currentKey: no key has the id old"), this::err);
        assertFalse(err().contains(NEW_KEY));
    }

    private Path config(String vaultSection) throws Exception {
        return Files.writeString(dir.resolve("ssogate.yaml"), """
                server:
                  dataDir: %s
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                """.formatted(dataDir) + vaultSection);
    }

    private GatewayDatabase openDatabase() {
        return GatewayDatabase.start(DatabaseConfig.embedded(), dataDir,
                InstalledFeatures.discover(getClass().getClassLoader()).migrations());
    }

    private static VaultKeys keys(String current, String id, String key) {
        Map<String, Secret> keys = new LinkedHashMap<>();
        keys.put(id, Secret.of(key));
        return new VaultKeys(current, keys);
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
