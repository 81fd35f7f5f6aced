package io.ssogate.sso.login.vault;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.core.config.Secret;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.testkit.logs.SecretLeakCheck;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The vault keeps passwords encrypted in the shared database, refuses any row that was tampered with, and
 * its key rotation moves every row to the current key while gateways keep writing.
 * {@link H2CredentialVaultTest} and {@link PostgresCredentialVaultTest}.
 */
abstract class CredentialVaultContract {

    static final String ALICE = "8xk3p1qz9bfydq6wgs4mrnco7e";
    static final String BOB = "3hd9wq7tjpn5mkx1zr8ycva2ub";
    static final String ALICE_PASSWORD = "Alice-Gen-7f3#Qp9!vZ2m";
    static final String BOB_PASSWORD = "Bob-Gen-Lk4$wT8@nR6x";
    static final String NEW_PASSWORD = "Replaced-Gen-9Hq2&Xe5";
    static final String KEY_OLD = TestVaultKeys.newKey();
    static final String KEY_NEW = TestVaultKeys.newKey();
    static final String KEY_OTHER = TestVaultKeys.newKey();

    /** Every password and key of the class: none may appear in a log line or on stdout/stderr. */
    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(ALICE_PASSWORD, BOB_PASSWORD, NEW_PASSWORD,
            KEY_OLD, KEY_NEW, KEY_OTHER);

    static final VaultKeys OLD_ONLY = TestVaultKeys.keys("2026-01", "2026-01", KEY_OLD);
    static final VaultKeys NEW_CURRENT = TestVaultKeys.keys("2026-07", "2026-01", KEY_OLD, "2026-07", KEY_NEW);
    static final VaultKeys NEW_ONLY = TestVaultKeys.keys("2026-07", "2026-07", KEY_NEW);

    static final Clock CLOCK = Clock.fixed(Instant.parse("2030-01-02T03:04:05.123456Z"), ZoneOffset.UTC);

    @TempDir
    Path dataDir;

    private GatewayDatabase database;

    abstract GatewayDatabase freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void database() throws Exception {
        database = freshDatabase(dataDir);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private AesGcmCredentialVault vault(VaultKeys keys) {
        return new AesGcmCredentialVault(database.dataSource(), keys, CLOCK);
    }

    private VaultKeyRotation rotation(VaultKeys keys, int batchSize) {
        return new VaultKeyRotation(database.dataSource(), keys, CLOCK, batchSize);
    }

    // --- encryption -------------------------------------------------------------------------------------

    @Test
    void aStoredPasswordIsReadBackAndIsNotInTheDatabaseInClear() throws SQLException {
        AesGcmCredentialVault vault = vault(OLD_ONLY);

        vault.store(ALICE, Secret.of(ALICE_PASSWORD));
        vault.store(BOB, Secret.of(BOB_PASSWORD));

        assertEquals(ALICE_PASSWORD, vault.password(ALICE).orElseThrow().reveal());
        assertEquals(BOB_PASSWORD, vault.password(BOB).orElseThrow().reveal());
        assertEquals(Optional.empty(), vault.password("nobody0000000000000000000a"));
        Map<String, String> row = row(ALICE);
        assertEquals("2026-01", row.get("key_id"));
        String stored = String.join(" ", row.values());
        assertFalse(stored.contains(ALICE_PASSWORD), "password in clear in the row");
        assertFalse(stored.contains(Base64.getEncoder().encodeToString(ALICE_PASSWORD.getBytes(StandardCharsets.UTF_8))),
                "password merely base64-encoded in the row");
    }

    @Test
    void storingAgainReplacesThePasswordAndRemoveForgetsIt() throws SQLException {
        AesGcmCredentialVault vault = vault(OLD_ONLY);
        vault.store(ALICE, Secret.of(ALICE_PASSWORD));
        long firstVersion = Long.parseLong(row(ALICE).get("version"));

        vault.store(ALICE, Secret.of(NEW_PASSWORD));

        assertEquals(NEW_PASSWORD, vault.password(ALICE).orElseThrow().reveal());
        assertEquals(firstVersion + 1, Long.parseLong(row(ALICE).get("version")), "every write moves the version");
        vault.remove(ALICE);
        assertEquals(Optional.empty(), vault.password(ALICE));
        vault.remove(ALICE); // removing what is gone is not an error: the account may be unlinked twice
    }

    @Test
    void twoEncryptionsOfOnePasswordDifferAsEachHasAFreshNonce() throws SQLException {
        AesGcmCredentialVault vault = vault(OLD_ONLY);
        vault.store(ALICE, Secret.of(ALICE_PASSWORD));
        vault.store(BOB, Secret.of(ALICE_PASSWORD));
        Map<String, String> alice = row(ALICE);
        Map<String, String> bob = row(BOB);
        vault.store(ALICE, Secret.of(ALICE_PASSWORD));
        Map<String, String> aliceAgain = row(ALICE);

        assertNotEquals(alice.get("nonce"), bob.get("nonce"));
        assertNotEquals(alice.get("nonce"), aliceAgain.get("nonce"));
        assertNotEquals(alice.get("ciphertext"), bob.get("ciphertext"));
        assertNotEquals(alice.get("ciphertext"), aliceAgain.get("ciphertext"));
        assertEquals(12, Base64.getDecoder().decode(alice.get("nonce")).length, "a 96-bit GCM nonce");
        assertEquals(ALICE_PASSWORD.length() + 16, Base64.getDecoder().decode(alice.get("ciphertext")).length,
                "the ciphertext carries a 128-bit tag");
    }

    @Test
    void aTamperedCiphertextIsRefusedNamingTheUserButNotThePassword() throws SQLException {
        AesGcmCredentialVault vault = vault(OLD_ONLY);
        vault.store(ALICE, Secret.of(ALICE_PASSWORD));
        byte[] ciphertext = Base64.getDecoder().decode(row(ALICE).get("ciphertext"));
        ciphertext[0] ^= 1;
        update(ALICE, "ciphertext", Base64.getEncoder().encodeToString(ciphertext));

        VaultException e = assertThrows(VaultException.class, () -> vault.password(ALICE));

        assertTrue(e.getMessage().contains(ALICE) && e.getMessage().contains("2026-01"), e.getMessage());
        assertTrue(e.getMessage().contains("altered"), e.getMessage());
        assertNoSecretIn(e);
    }

    @Test
    void aTamperedNonceIsRefused() throws SQLException {
        AesGcmCredentialVault vault = vault(OLD_ONLY);
        vault.store(ALICE, Secret.of(ALICE_PASSWORD));
        byte[] nonce = Base64.getDecoder().decode(row(ALICE).get("nonce"));
        nonce[11] ^= (byte) 0x80;
        update(ALICE, "nonce", Base64.getEncoder().encodeToString(nonce));

        assertNoSecretIn(assertThrows(VaultException.class, () -> vault.password(ALICE)));
        update(ALICE, "nonce", "not base64!");
        assertNoSecretIn(assertThrows(VaultException.class, () -> vault.password(ALICE)));
        update(ALICE, "nonce", Base64.getEncoder().encodeToString(new byte[8]));
        assertNoSecretIn(assertThrows(VaultException.class, () -> vault.password(ALICE),
                "a short nonce is refused before it reaches the cipher"));
    }

    @Test
    void aRowRelabelledWithAnotherConfiguredKeyIdIsRefused() throws SQLException {
        VaultKeys twoKeys = TestVaultKeys.keys("2026-01", "2026-01", KEY_OLD, "other", KEY_OTHER);
        AesGcmCredentialVault vault = vault(twoKeys);
        vault.store(ALICE, Secret.of(ALICE_PASSWORD));
        update(ALICE, "key_id", "other");

        VaultException e = assertThrows(VaultException.class, () -> vault.password(ALICE));

        assertTrue(e.getMessage().contains("other"), e.getMessage());
        assertNoSecretIn(e);
    }

    @Test
    void aRowCopiedOntoAnotherUserDoesNotDecryptAsTheUserIdIsAuthenticated() throws SQLException {
        AesGcmCredentialVault vault = vault(OLD_ONLY);
        vault.store(ALICE, Secret.of(ALICE_PASSWORD));
        vault.store(BOB, Secret.of(BOB_PASSWORD));
        Map<String, String> alice = row(ALICE);
        update(BOB, "nonce", alice.get("nonce"));
        update(BOB, "ciphertext", alice.get("ciphertext"));

        VaultException e = assertThrows(VaultException.class, () -> vault.password(BOB));

        assertTrue(e.getMessage().contains(BOB), e.getMessage());
        assertTrue(e.getMessage().contains("copied from another user"), e.getMessage());
        assertNoSecretIn(e);
        assertEquals(ALICE_PASSWORD, vault.password(ALICE).orElseThrow().reveal(), "the original still reads");
    }

    @Test
    void aRowUnderAKeyNoLongerConfiguredIsRefusedNamingThatKey() {
        vault(OLD_ONLY).store(ALICE, Secret.of(ALICE_PASSWORD));

        VaultException e = assertThrows(VaultException.class, () -> vault(NEW_ONLY).password(ALICE));

        assertTrue(e.getMessage().contains("vault key 2026-01") && e.getMessage().contains("not configured"),
                e.getMessage());
        assertTrue(e.getMessage().contains(ALICE), e.getMessage());
        assertNoSecretIn(e);
    }

    @Test
    void anUnconfiguredVaultRefusesToStoreOrRead() {
        AesGcmCredentialVault vault = vault(VaultKeys.none());

        assertThrows(VaultException.class, () -> vault.store(ALICE, Secret.of(ALICE_PASSWORD)));
        assertEquals(Optional.empty(), vault.password(ALICE), "nothing stored, nothing to decrypt");
    }

    @Test
    void aMalformedUserIdIsRefusedBeforeTheDatabase() {
        AesGcmCredentialVault vault = vault(OLD_ONLY);

        for (String bad : new String[] {null, "", "x".repeat(65), "alice'; DROP TABLE", "a|b"}) {
            assertThrows(IllegalArgumentException.class, () -> vault.store(bad, Secret.of(ALICE_PASSWORD)), bad);
        }
    }

    @Test
    void aKeyMadeCurrentEncryptsNewPasswordsWhileOldRowsStillRead() throws SQLException {
        vault(OLD_ONLY).store(ALICE, Secret.of(ALICE_PASSWORD));
        AesGcmCredentialVault afterReload = vault(NEW_CURRENT);

        afterReload.store(BOB, Secret.of(BOB_PASSWORD));

        assertEquals("2026-01", row(ALICE).get("key_id"));
        assertEquals("2026-07", row(BOB).get("key_id"));
        assertEquals(ALICE_PASSWORD, afterReload.password(ALICE).orElseThrow().reveal());
        assertEquals(BOB_PASSWORD, afterReload.password(BOB).orElseThrow().reveal());
    }

    // --- rotation ---------------------------------------------------------------------------------------

    @Test
    void rotationMovesEveryRowToTheCurrentKeyAndTheOldKeyCanThenBeRemoved() throws SQLException {
        List<String> users = storeUnderOldKey(250);
        vault(NEW_CURRENT).store(ALICE, Secret.of(ALICE_PASSWORD));
        List<Integer> batches = new ArrayList<>();

        VaultKeyRotation.Result result = rotation(NEW_CURRENT, 100).run(new VaultKeyRotation.Listener() {
            @Override
            public void beforeBatch(List<String> mattermostUserIds) {
                batches.add(mattermostUserIds.size());
            }
        });

        assertEquals(new VaultKeyRotation.Result(250, 1, 0, 0, List.of()), result);
        assertTrue(result.complete());
        assertEquals(List.of(100, 100, 50), batches);
        assertEquals(251, countUnderKey("2026-07"));
        AesGcmCredentialVault newKeyOnly = vault(NEW_ONLY);
        for (int i = 0; i < users.size(); i++) {
            assertEquals(bulkPassword(i), newKeyOnly.password(users.get(i)).orElseThrow().reveal());
        }
        assertEquals(ALICE_PASSWORD, newKeyOnly.password(ALICE).orElseThrow().reveal());
        assertEquals(new VaultKeyRotation.Result(0, 251, 0, 0, List.of()), rotation(NEW_CURRENT, 100).run(),
                "a second run finds nothing left to do");
    }

    @Test
    void aRotationStoppedAfterABatchLosesNothingAndTheNextRunFinishesIt() throws SQLException {
        List<String> users = storeUnderOldKey(7);
        RuntimeException crash = new RuntimeException("simulated crash after the first batch");

        RuntimeException thrown = assertThrows(RuntimeException.class,
                () -> rotation(NEW_CURRENT, 3).run(new VaultKeyRotation.Listener() {
                    @Override
                    public void afterBatch(int rotatedSoFar) {
                        throw crash;
                    }
                }));
        assertEquals(crash, thrown);
        assertEquals(3, countUnderKey("2026-07"), "the first batch was committed");
        AesGcmCredentialVault bothKeys = vault(NEW_CURRENT);
        for (int i = 0; i < users.size(); i++) {
            assertEquals(bulkPassword(i), bothKeys.password(users.get(i)).orElseThrow().reveal(),
                    "every row reads half-way, under one key or the other");
        }

        VaultKeyRotation.Result resumed = rotation(NEW_CURRENT, 3).run();

        assertEquals(new VaultKeyRotation.Result(4, 3, 0, 0, List.of()), resumed);
        for (int i = 0; i < users.size(); i++) {
            assertEquals(bulkPassword(i), vault(NEW_ONLY).password(users.get(i)).orElseThrow().reveal());
        }
    }

    @Test
    void aPasswordStoredDuringTheRotationIsNotOverwrittenWithTheStaleOne() {
        AesGcmCredentialVault gateway = vault(NEW_CURRENT);
        vault(OLD_ONLY).store(ALICE, Secret.of(ALICE_PASSWORD));
        vault(OLD_ONLY).store(BOB, Secret.of(BOB_PASSWORD));

        VaultKeyRotation.Result result = rotation(NEW_CURRENT, 100).run(new VaultKeyRotation.Listener() {
            @Override
            public void beforeBatch(List<String> mattermostUserIds) {
                // Read by the rotation, not yet written: a gateway replaces Alice's password now.
                assertTrue(mattermostUserIds.contains(ALICE));
                gateway.store(ALICE, Secret.of(NEW_PASSWORD));
            }
        });

        assertEquals(new VaultKeyRotation.Result(1, 0, 1, 0, List.of()), result);
        assertEquals(NEW_PASSWORD, vault(NEW_ONLY).password(ALICE).orElseThrow().reveal(),
                "the gateway's store won, and it is under the current key already");
        assertEquals(BOB_PASSWORD, vault(NEW_ONLY).password(BOB).orElseThrow().reveal());
    }

    @Test
    void aPasswordAGatewayStoresUnderTheOldKeyDuringTheRotationIsReadAgainAndRotatedNotOverwritten() throws SQLException {
        AesGcmCredentialVault gatewayNotYetReloaded = vault(OLD_ONLY);
        vault(OLD_ONLY).store(ALICE, Secret.of(ALICE_PASSWORD));

        VaultKeyRotation.Result result = rotation(NEW_CURRENT, 100).run(new VaultKeyRotation.Listener() {
            @Override
            public void beforeBatch(List<String> mattermostUserIds) {
                gatewayNotYetReloaded.store(ALICE, Secret.of(NEW_PASSWORD));
            }
        });

        assertEquals(new VaultKeyRotation.Result(1, 0, 0, 0, List.of()), result);
        assertEquals("2026-07", row(ALICE).get("key_id"));
        assertEquals(NEW_PASSWORD, vault(NEW_ONLY).password(ALICE).orElseThrow().reveal(),
                "the password stored meanwhile was re-encrypted, not the one the rotation read first");
    }

    @Test
    void aRowStoredUnderAnOlderKeyBehindTheRotationLeavesItIncompleteUntilTheNextRun() {
        AesGcmCredentialVault gatewayNotYetReloaded = vault(OLD_ONLY);
        gatewayNotYetReloaded.store(ALICE, Secret.of(ALICE_PASSWORD));
        gatewayNotYetReloaded.store(BOB, Secret.of(BOB_PASSWORD));

        // Batches of one, in user id order: Bob's row first. Once it is rotated, a gateway still on the old
        // key stores Bob's password again.
        VaultKeyRotation.Result first = rotation(NEW_CURRENT, 1).run(new VaultKeyRotation.Listener() {
            @Override
            public void afterBatch(int rotatedSoFar) {
                if (rotatedSoFar == 1) {
                    gatewayNotYetReloaded.store(BOB, Secret.of(NEW_PASSWORD));
                }
            }
        });

        assertEquals(new VaultKeyRotation.Result(2, 0, 0, 1, List.of()), first);
        assertFalse(first.complete(), "the old key is still needed for Bob's row");
        VaultKeyRotation.Result second = rotation(NEW_CURRENT, 1).run();
        assertTrue(second.complete(), second::toString);
        assertEquals(NEW_PASSWORD, vault(NEW_ONLY).password(BOB).orElseThrow().reveal());
    }

    @Test
    void aPasswordRemovedDuringTheRotationStaysRemoved() {
        vault(OLD_ONLY).store(ALICE, Secret.of(ALICE_PASSWORD));
        vault(OLD_ONLY).store(BOB, Secret.of(BOB_PASSWORD));

        VaultKeyRotation.Result result = rotation(NEW_CURRENT, 100).run(new VaultKeyRotation.Listener() {
            @Override
            public void beforeBatch(List<String> mattermostUserIds) {
                vault(NEW_CURRENT).remove(BOB);
            }
        });

        assertEquals(new VaultKeyRotation.Result(1, 0, 1, 0, List.of()), result);
        assertEquals(Optional.empty(), vault(NEW_CURRENT).password(BOB), "the rotation did not bring it back");
    }

    @Test
    void rowsThatDoNotDecryptAreReportedByUserIdLeftAsTheyAreAndTheOthersStillRotate() throws SQLException {
        vault(OLD_ONLY).store(ALICE, Secret.of(ALICE_PASSWORD));
        vault(OLD_ONLY).store(BOB, Secret.of(BOB_PASSWORD));
        update(BOB, "key_id", "retired");
        String bobCiphertext = row(BOB).get("ciphertext");

        VaultKeyRotation.Result result = rotation(NEW_CURRENT, 1).run();

        assertEquals(new VaultKeyRotation.Result(1, 0, 0, 1, List.of(BOB)), result);
        assertFalse(result.complete(), "the old keys cannot all go yet");
        assertEquals(bobCiphertext, row(BOB).get("ciphertext"));
        assertEquals(ALICE_PASSWORD, vault(NEW_ONLY).password(ALICE).orElseThrow().reveal());
    }

    @Test
    void noPasswordOrKeyAppearsInAnyToString() {
        AesGcmCredentialVault vault = vault(NEW_CURRENT);
        vault.store(ALICE, Secret.of(ALICE_PASSWORD));
        VaultKeyRotation rotation = rotation(NEW_CURRENT, 10);

        List<Object> objects = List.of(vault, NEW_CURRENT, rotation, rotation.run(), vault.password(ALICE).orElseThrow(),
                vault.password(ALICE), new CredentialRows(database.dataSource()).find(ALICE).orElseThrow());

        for (Object object : objects) {
            assertNoSecretIn(object.toString());
        }
        assertEquals("VaultKeys[current=2026-07, ids=[2026-01, 2026-07]]", NEW_CURRENT.toString());
    }

    // --- helpers ----------------------------------------------------------------------------------------

    private static String bulkPassword(int i) {
        return "Bulk-Generated-" + i + "-q8Zr";
    }

    /** {@code count} users with passwords under the old key, in user id order. */
    private List<String> storeUnderOldKey(int count) {
        AesGcmCredentialVault vault = vault(OLD_ONLY);
        List<String> users = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String user = "bulk%022d".formatted(i);
            vault.store(user, Secret.of(LEAKS.register(bulkPassword(i))));
            users.add(user);
        }
        return users;
    }

    private static void assertNoSecretIn(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertNoSecretIn(String.valueOf(t));
        }
    }

    private static void assertNoSecretIn(String text) {
        for (String secret : List.of(ALICE_PASSWORD, BOB_PASSWORD, NEW_PASSWORD, KEY_OLD, KEY_NEW, KEY_OTHER)) {
            assertFalse(text.contains(secret), "a secret in: " + text.replace(secret, "<secret>"));
        }
    }

    private Map<String, String> row(String userId) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT key_id, nonce, ciphertext, version"
                     + " FROM sso_credential WHERE mattermost_user_id = ?")) {
            select.setString(1, userId);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next(), "no row for " + userId);
                return Map.of("key_id", rs.getString(1), "nonce", rs.getString(2), "ciphertext", rs.getString(3),
                        "version", String.valueOf(rs.getLong(4)));
            }
        }
    }

    /** Tampering as someone with write access to the database would: the column only, the version kept. */
    private void update(String userId, String column, String value) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE sso_credential SET " + column + " = ?"
                     + " WHERE mattermost_user_id = ?")) {
            update.setString(1, value);
            update.setString(2, userId);
            assertEquals(1, update.executeUpdate());
        }
    }

    private int countUnderKey(String keyId) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT COUNT(*) FROM sso_credential WHERE key_id = ?")) {
            select.setString(1, keyId);
            try (ResultSet rs = select.executeQuery()) {
                assertTrue(rs.next());
                return rs.getInt(1);
            }
        }
    }
}
