package io.ssogate.scim.sync;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssogate.core.accounts.SessionTermination;
import io.ssogate.core.accounts.Tenant;
import io.ssogate.core.accounts.TenantDirectory;
import io.ssogate.core.mattermost.MattermostAdmin;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.mattermost.MattermostUser;
import io.ssogate.core.mattermost.PasswordGenerator;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.scim.config.ScimConfig;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.logs.SecretLeakCheck;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.ssogate.testkit.time.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sync from SCIM records to Mattermost, end to end against the Mattermost emulator over HTTP, on a real
 * database: {@link H2OutboxSyncTest} and {@link PostgresOutboxSyncTest}.
 */
abstract class OutboxSyncContract {

    static final String TENANT = "corp";
    static final Duration CALL_TIMEOUT = Duration.ofMillis(1500);
    static final String ADMIN_TOKEN = "scim-sync-admin-token-7d41c9";

    /** The admin token and every password the sync vaults: none may reach a log line or the console. */
    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(ADMIN_TOKEN);

    @TempDir
    Path dataDir;

    MattermostEmulator mattermost;
    int port;
    final AtomicReference<MattermostClient> adminClient = new AtomicReference<>();
    final AtomicReference<ScimConfig> config = new AtomicReference<>();
    final TestVault vault = new TestVault(LEAKS::register);
    final Map<String, AtomicInteger> gatewaySessionsEnded = new ConcurrentHashMap<>();
    final List<OutboxWorker> workers = new ArrayList<>();
    GatewayDatabase db;
    ScimRows rows;
    MattermostClient client;
    String engineeringTeam;
    String devChannel;
    String releasesChannel;
    String opsChannel;
    private final AtomicInteger workerNames = new AtomicInteger();

    abstract GatewayDatabase freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        // A fixed port, so the emulator can stop and start again where the gateway's client expects it.
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        mattermost = MattermostEmulator.builder().port(port).adminToken(ADMIN_TOKEN).build().start();
        engineeringTeam = mattermost.createTeam("engineering", "Engineering");
        devChannel = mattermost.createChannel(engineeringTeam, "dev", "Dev");
        releasesChannel = mattermost.createChannel(engineeringTeam, "releases", "Releases");
        opsChannel = mattermost.createChannel(engineeringTeam, "ops", "Ops");
        client = new MattermostClient(mattermost.baseUri(), mattermost.adminToken(), CALL_TIMEOUT);
        adminClient.set(client);
        config.set(new ScimConfig(true, ScimConfig.DEFAULT_MAX_BODY_SIZE, ScimConfig.DEFAULT_MAX_RESULTS,
                ScimConfig.DeleteMode.DEACTIVATE, List.of(
                new ScimConfig.GroupMapping(TENANT, "Engineering", "engineering", List.of("dev", "releases")),
                new ScimConfig.GroupMapping(TENANT, "Operations", "engineering", List.of("ops"))),
                Duration.ofMillis(50), Duration.ofMillis(300)));
        db = freshDatabase(dataDir);
        rows = new ScimRows(db.dataSource(), new SyncQueue(() -> workers.forEach(OutboxWorker::wake)));
    }

    @AfterEach
    void stop() {
        workers.forEach(OutboxWorker::close);
        if (db != null) {
            db.close();
        }
        client.close();
        mattermost.close();
    }

    UserReconciler reconciler() {
        TenantDirectory tenants = () -> List.of(new Tenant(TENANT, List.of("example.com")));
        MattermostAdmin admin = () -> Optional.ofNullable(adminClient.get());
        SessionTermination sessions = id -> gatewaySessionsEnded.computeIfAbsent(id, k -> new AtomicInteger())
                .incrementAndGet();
        return new UserReconciler(db.dataSource(), config::get, tenants, admin, vault, sessions,
                new PasswordGenerator(), Clock.systemUTC());
    }

    OutboxWorker newWorker(Duration claimDuration) {
        OutboxWorker worker = new OutboxWorker(db.dataSource(), reconciler(), config::get,
                "node-" + workerNames.incrementAndGet(),
                new OutboxWorker.Settings(4, Duration.ofMillis(100), claimDuration), Clock.systemUTC());
        workers.add(worker);
        return worker;
    }

    OutboxWorker startWorker() {
        return newWorker(Duration.ofSeconds(30)).start();
    }

    String createUser(String userName, String email) {
        return rows.createUser(TENANT, ScimRows.resource(userName, email, "Alice", "Smith", "Alice S.", "Engineer"));
    }

    ScimRows.SyncRow awaitSynced(String id, long version) {
        await("SCIM user " + id + " is synced at version " + version,
                () -> rows.read(id).map(r -> r.isSyncedAt(version)).orElse(false), () -> "row: " + rows.read(id));
        return rows.read(id).orElseThrow();
    }

    MattermostUser account(ScimRows.SyncRow row) {
        return client.getUser(row.mattermostUserId());
    }

    int mattermostUserCount() {
        return mattermost.state().users.page(0, 100_000).size();
    }

    @Test
    void aNewUserGetsAnAccountWhosePasswordIsInTheVaultAndLogsIn() {
        startWorker();
        String id = createUser("alice.smith@example.com", "Alice.Smith@example.com");

        ScimRows.SyncRow row = awaitSynced(id, 1);
        MattermostUser account = account(row);
        assertEquals("alice.smith", account.username());
        assertEquals("alice.smith@example.com", account.email());
        assertEquals("Alice", account.firstName());
        assertEquals("Smith", account.lastName());
        assertEquals("Alice S.", account.nickname());
        assertEquals("Engineer", account.position());
        assertEquals("alice.smith", row.mattermostUsername());
        assertNull(row.syncDetail());
        assertNotNull(row.syncedAt());
        String password = vault.password(account.id()).orElseThrow().reveal();
        assertEquals(account.id(), client.loginById(account.id(), password, null).user().id(),
                "the vaulted password signs the person in at once");
    }

    @Test
    void anExistingAccountWithTheEmailIsLinkedNotDuplicated() {
        String existing = mattermost.createUser("asmith", "alice.smith@example.com", "Passw0rd!").id();
        startWorker();
        String id = createUser("alice.smith@example.com", "alice.smith@example.com");

        ScimRows.SyncRow row = awaitSynced(id, 1);
        assertEquals(existing, row.mattermostUserId());
        assertEquals(1, mattermost.state().users.page(0, 1000).stream()
                .filter(u -> u.email.equals("alice.smith@example.com")).count());
    }

    @Test
    void aRenameChangesUsernameAndEmailOfTheSameAccount() {
        startWorker();
        String id = createUser("alice.smith@example.com", "alice.smith@example.com");
        String accountId = awaitSynced(id, 1).mattermostUserId();
        String session = mattermost.createSession(accountId);

        long v = rows.updateUser(TENANT, id, r -> {
            r.put("userName", "alice.jones@example.com");
            ((ObjectNode) r.get("emails").get(0)).put("value", "alice.jones@example.com");
            ((ObjectNode) r.get("name")).put("familyName", "Jones");
            r.put("title", "Lead");
        });

        ScimRows.SyncRow row = awaitSynced(id, v);
        assertEquals(accountId, row.mattermostUserId(), "the same account, history kept");
        MattermostUser account = account(row);
        assertEquals("alice.jones", account.username());
        assertEquals("alice.jones", row.mattermostUsername());
        assertEquals("alice.jones@example.com", account.email());
        assertEquals("Jones", account.lastName());
        assertEquals("Lead", account.position());
        assertTrue(mattermost.isSessionValid(session), "a rename ends no session");
    }

    @Test
    void aUsernameTakenByAnotherPersonGetsTheStableSuffixAndIsRecorded() {
        mattermost.createUser("bob", "bob@elsewhere.org", "Passw0rd!");
        startWorker();
        String id = rows.createUser(TENANT, ScimRows.resource("bob", "bob@example.com", "Bob", "B", null, null));

        ScimRows.SyncRow row = awaitSynced(id, 1);
        assertTrue(row.mattermostUsername().matches("bob-[a-z2-7]{6}"), row::mattermostUsername);
        assertEquals(row.mattermostUsername(), account(row).username());
    }

    @Test
    void deactivationEndsMattermostAndGatewaySessionsAndReactivationRestores() {
        startWorker();
        String id = createUser("alice.smith@example.com", "alice.smith@example.com");
        String accountId = awaitSynced(id, 1).mattermostUserId();
        String session = mattermost.createSession(accountId);

        long off = rows.updateUser(TENANT, id, r -> r.put("active", false));
        awaitSynced(id, off);
        assertFalse(client.getUser(accountId).isActive());
        assertFalse(mattermost.isSessionValid(session), "Mattermost sessions revoked");
        assertTrue(gatewaySessionsEnded.getOrDefault(accountId, new AtomicInteger()).get() >= 1,
                "the gateway's sessions of the account ended");

        long on = rows.updateUser(TENANT, id, r -> r.put("active", true));
        awaitSynced(id, on);
        assertTrue(client.getUser(accountId).isActive());
        assertEquals(accountId, rows.read(id).orElseThrow().mattermostUserId());
    }

    @Test
    void groupMembershipsAddAndRemoveTeamsAndChannels() {
        startWorker();
        String engineering = rows.createGroup(TENANT, "ENGINEERING"); // displayName matches case-insensitively
        String operations = rows.createGroup(TENANT, "Operations");
        rows.createGroup(TENANT, "Unmapped");
        String id = createUser("alice.smith@example.com", "alice.smith@example.com");
        String accountId = awaitSynced(id, 1).mattermostUserId();
        assertFalse(mattermost.isTeamMember(engineeringTeam, accountId));

        rows.addMember(TENANT, engineering, id);
        rows.addMember(TENANT, operations, id);
        await("the account is on the team and its three channels", () -> mattermost.isTeamMember(engineeringTeam, accountId)
                && mattermost.isChannelMember(devChannel, accountId)
                && mattermost.isChannelMember(releasesChannel, accountId)
                && mattermost.isChannelMember(opsChannel, accountId)
                && rows.count("SELECT COUNT(*) FROM scim_outbox") == 0);
        assertEquals(4, rows.count("SELECT COUNT(*) FROM scim_applied_membership WHERE user_id = ?", id));

        rows.removeMember(TENANT, engineering, id);
        await("dev and releases are left; the team stays, since Operations still wants it",
                () -> !mattermost.isChannelMember(devChannel, accountId)
                        && !mattermost.isChannelMember(releasesChannel, accountId)
                        && rows.count("SELECT COUNT(*) FROM scim_outbox") == 0);
        assertTrue(mattermost.isTeamMember(engineeringTeam, accountId));
        assertTrue(mattermost.isChannelMember(opsChannel, accountId));

        rows.removeMember(TENANT, operations, id);
        await("the team is left with the last group that wanted it",
                () -> !mattermost.isTeamMember(engineeringTeam, accountId)
                        && rows.count("SELECT COUNT(*) FROM scim_outbox") == 0);
        assertEquals(0, rows.count("SELECT COUNT(*) FROM scim_applied_membership WHERE user_id = ?", id));
        assertEquals("SYNCED", rows.read(id).orElseThrow().syncState());
    }

    @Test
    void aMappingToATeamMattermostLacksFailsWithAClearDetail() {
        config.set(new ScimConfig(true, ScimConfig.DEFAULT_MAX_BODY_SIZE, ScimConfig.DEFAULT_MAX_RESULTS,
                ScimConfig.DeleteMode.DEACTIVATE, List.of(
                new ScimConfig.GroupMapping(TENANT, "Sales", "sales", List.of())),
                Duration.ofMillis(50), Duration.ofMillis(300)));
        startWorker();
        String sales = rows.createGroup(TENANT, "Sales");
        String id = createUser("alice.smith@example.com", "alice.smith@example.com");
        rows.addMember(TENANT, sales, id);

        await("the user is FAILED, naming the team", () -> rows.read(id)
                .map(r -> "FAILED".equals(r.syncState()) && r.syncDetail().contains("team [sales] does not exist"))
                .orElse(false), () -> "row: " + rows.read(id));
        assertTrue(rows.count("SELECT COUNT(*) FROM scim_outbox WHERE user_id = ? AND attempts > 0"
                + " AND last_error LIKE '%sales%'", id) == 1, "the entry stays queued, with the error");

        mattermost.createTeam("sales", "Sales");
        await("once the team exists the retry joins it", () -> rows.read(id)
                .map(r -> "SYNCED".equals(r.syncState())).orElse(false), () -> "row: " + rows.read(id));
    }

    @Test
    void anEmailOutsideTheTenantsDomainsIsRecordedNotProvisioned() {
        startWorker();
        int before = mattermostUserCount();
        String id = createUser("mallory@elsewhere.org", "mallory@elsewhere.org");

        await("the user is OUTSIDE_DOMAINS", () -> rows.read(id)
                .map(r -> "OUTSIDE_DOMAINS".equals(r.syncState())).orElse(false), () -> "row: " + rows.read(id));
        ScimRows.SyncRow row = rows.read(id).orElseThrow();
        assertTrue(row.syncDetail().contains("elsewhere.org"), row::syncDetail);
        assertNull(row.mattermostUserId());
        assertEquals(before, mattermostUserCount(), "nothing in Mattermost");
    }

    @Test
    void withoutAnAdminTokenTheSyncFailsAndRetriesUntilThereIsOne() {
        adminClient.set(null);
        startWorker();
        String id = createUser("alice.smith@example.com", "alice.smith@example.com");

        await("the user is FAILED for want of an admin token", () -> rows.read(id)
                .map(r -> "FAILED".equals(r.syncState()) && r.syncDetail().contains("login.adminToken is not set"))
                .orElse(false), () -> "row: " + rows.read(id));
        adminClient.set(client);
        awaitSynced(id, 1);
    }

    @Test
    void aDeletedUserIsDeactivatedAndItsRowRemoved() {
        startWorker();
        String group = rows.createGroup(TENANT, "Engineering");
        String id = createUser("alice.smith@example.com", "alice.smith@example.com");
        rows.addMember(TENANT, group, id);
        await("on the team", () -> rows.read(id).map(r -> r.mattermostUserId() != null
                && mattermost.isTeamMember(engineeringTeam, r.mattermostUserId())).orElse(false));
        String accountId = rows.read(id).orElseThrow().mattermostUserId();
        String session = mattermost.createSession(accountId);

        rows.deleteUser(TENANT, id);
        await("the tombstone is gone", () -> rows.read(id).isEmpty());
        assertFalse(client.getUser(accountId).isActive(), "deactivated, history kept");
        assertFalse(mattermost.isSessionValid(session));
        assertTrue(gatewaySessionsEnded.get(accountId).get() >= 1);
        assertEquals(0, rows.count("SELECT COUNT(*) FROM scim_applied_membership WHERE user_id = ?", id));
        await("its queue entries are gone", () -> rows.count("SELECT COUNT(*) FROM scim_outbox") == 0);
        assertTrue(vault.password(accountId).isPresent(), "a deactivated account keeps its vaulted password");
    }

    @Test
    void withDeleteModeDeleteAnAllowedDeletionRemovesTheAccountAndItsPassword() {
        config.set(withDeleteMode(ScimConfig.DeleteMode.DELETE));
        mattermost.config().enableApiUserDeletion(true);
        startWorker();
        String id = createUser("alice.smith@example.com", "alice.smith@example.com");
        String accountId = awaitSynced(id, 1).mattermostUserId();

        rows.deleteUser(TENANT, id);
        await("the tombstone is gone", () -> rows.read(id).isEmpty());
        assertTrue(mattermost.findUserById(accountId).isEmpty(), "deleted for good");
        assertTrue(vault.password(accountId).isEmpty(), "its password forgotten");
    }

    @Test
    void withDeleteModeDeleteARefusedDeletionDeactivatesInstead() {
        config.set(withDeleteMode(ScimConfig.DeleteMode.DELETE));
        startWorker();
        String id = createUser("alice.smith@example.com", "alice.smith@example.com");
        String accountId = awaitSynced(id, 1).mattermostUserId();

        rows.deleteUser(TENANT, id);
        await("the tombstone is gone", () -> rows.read(id).isEmpty());
        assertFalse(client.getUser(accountId).isActive(), "deactivated, since Mattermost refused the deletion");
    }

    @Test
    void mattermostDownDuringAHundredWritesThenBackAppliesEachOnceWithoutDuplicates() {
        startWorker();
        int before = mattermostUserCount();
        mattermost.close();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(createUser("user" + i + "@example.com", "user" + i + "@example.com"));
        }
        await("every sync has failed against the stopped Mattermost", () -> rows.count(
                "SELECT COUNT(*) FROM scim_user WHERE sync_state = 'FAILED'") == 100,
                () -> rows.count("SELECT COUNT(*) FROM scim_user WHERE sync_state = 'FAILED'") + " failed");
        assertEquals(100, rows.count("SELECT COUNT(*) FROM scim_outbox"), "nothing is dropped");
        assertTrue(rows.read(ids.get(0)).orElseThrow().syncDetail().contains("unreachable"),
                () -> rows.read(ids.get(0)).orElseThrow().syncDetail());
        mattermost.start();

        await("all 100 are synced", Duration.ofSeconds(90), () -> rows.count(
                "SELECT COUNT(*) FROM scim_user WHERE sync_state = 'SYNCED'") == 100,
                () -> rows.count("SELECT COUNT(*) FROM scim_user WHERE sync_state = 'SYNCED'") + " synced");
        await("the outbox is empty", () -> rows.count("SELECT COUNT(*) FROM scim_outbox") == 0);
        assertEquals(before + 100, mattermostUserCount(), "one account each, none twice");
        assertEquals(100, distinctAccounts(ids));
    }

    @Test
    void aHangingMattermostWhoseAnswersComeTooLateCreatesNoDuplicates() throws Exception {
        startWorker();
        int before = mattermostUserCount();
        mattermost.setUnresponsive(true);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            ids.add(createUser("user" + i + "@example.com", "user" + i + "@example.com"));
        }
        await("syncs have timed out against the hanging Mattermost",
                () -> rows.count("SELECT COUNT(*) FROM scim_user WHERE sync_state = 'FAILED'") >= 4);
        // The held requests now run, after their callers gave up: answers lost, as in a network cut.
        mattermost.setUnresponsive(false);

        await("all 20 are synced", () -> rows.count(
                "SELECT COUNT(*) FROM scim_user WHERE sync_state = 'SYNCED'") == 20,
                () -> rows.count("SELECT COUNT(*) FROM scim_user WHERE sync_state = 'SYNCED'") + " synced");
        assertEquals(before + 20, mattermostUserCount(), "one account each, none twice");
        assertEquals(20, distinctAccounts(ids));
        for (String id : ids) {
            String accountId = rows.read(id).orElseThrow().mattermostUserId();
            String password = vault.password(accountId).orElseThrow(() -> new AssertionError(
                    "no vaulted password for " + accountId)).reveal();
            assertEquals(accountId, client.loginById(accountId, password, null).user().id(),
                    "even an account whose create answer was lost signs in with its vaulted password");
        }
    }

    @Test
    void aCreateWhoseAnswerIsLostIsFoundByEmailOnRetryAndItsPasswordVaulted() throws Exception {
        startWorker();
        int before = mattermostUserCount();
        mattermost.setUnresponsiveTo("POST", "/api/v4/users");
        String id = createUser("alice.smith@example.com", "alice.smith@example.com");
        assertTrue(mattermost.awaitUnansweredRequests(1, Duration.ofSeconds(30)), "the create reached Mattermost");
        await("the create timed out", () -> rows.read(id).map(r -> "FAILED".equals(r.syncState())).orElse(false),
                () -> "row: " + rows.read(id));
        mattermost.setUnresponsive(false); // the held create now runs: Mattermost makes the account, unanswered

        ScimRows.SyncRow row = awaitSynced(id, 1);
        assertEquals(before + 1, mattermostUserCount(), "the retry found the account, made no second one");
        String password = vault.password(row.mattermostUserId()).orElseThrow().reveal();
        assertEquals(row.mattermostUserId(), client.loginById(row.mattermostUserId(), password, null).user().id(),
                "the vaulted password is the one the lost create set");
    }

    private int distinctAccounts(List<String> ids) {
        Set<String> accounts = new HashSet<>();
        for (String id : ids) {
            accounts.add(rows.read(id).orElseThrow().mattermostUserId());
        }
        return accounts.size();
    }

    @Test
    void aWorkerClosedMidwayLeavesTheRestToAFreshWorkerOnTheSameDatabase() {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 60; i++) {
            ids.add(createUser("user" + i + "@example.com", "user" + i + "@example.com"));
        }
        int before = mattermostUserCount();
        OutboxWorker first = startWorker();
        await("the first worker has synced some", () -> rows.count(
                "SELECT COUNT(*) FROM scim_user WHERE sync_state = 'SYNCED'") >= 5);
        // Its reconciles under way hang, then time out while it closes: a gateway stopping mid-work.
        mattermost.setUnresponsive(true);
        first.close();
        assertEquals(0, rows.count("SELECT COUNT(*) FROM scim_outbox WHERE claimed_by IS NOT NULL"),
                "a closed worker gives its claims back");
        int doneByFirst = rows.count("SELECT COUNT(*) FROM scim_user WHERE sync_state = 'SYNCED'");
        assertTrue(doneByFirst < 60, "the first worker was stopped midway (" + doneByFirst + " of 60 done)");
        mattermost.setUnresponsive(false);

        startWorker();
        await("the second worker has synced the rest", () -> rows.count(
                "SELECT COUNT(*) FROM scim_user WHERE sync_state = 'SYNCED'") == 60);
        assertEquals(before + 60, mattermostUserCount(), "one account each");
        assertEquals(60, distinctAccounts(ids));
    }

    @Test
    void anExpiredClaimOfADeadNodeIsTakenOverAndALiveOneIsNot() {
        String deadNodes = createUser("dead@example.com", "dead@example.com");
        String liveNodes = createUser("live@example.com", "live@example.com");
        rows.execute("UPDATE scim_outbox SET claimed_by = 'dead-node', claimed_until = ? WHERE user_id = ?",
                Instant.now().minusSeconds(1), deadNodes);
        rows.execute("UPDATE scim_outbox SET claimed_by = 'busy-node', claimed_until = ? WHERE user_id = ?",
                Instant.now().plusSeconds(3600), liveNodes);
        // A later entry claimed live (its head committed after it, as PostgreSQL's sequences allow): the user is
        // busy elsewhere, so its head waits too.
        String laterClaimed = createUser("later@example.com", "later@example.com");
        rows.updateUser(TENANT, laterClaimed, r -> r.put("title", "Second"));
        rows.execute("UPDATE scim_outbox SET claimed_by = 'busy-node', claimed_until = ? WHERE user_id = ?"
                + " AND seq = (SELECT MAX(seq) FROM scim_outbox WHERE user_id = ?)",
                Instant.now().plusSeconds(3600), laterClaimed, laterClaimed);
        startWorker();

        awaitSynced(deadNodes, 1);
        String other = createUser("other@example.com", "other@example.com");
        awaitSynced(other, 1); // the worker has gone round since
        assertEquals("PENDING", rows.read(liveNodes).orElseThrow().syncState(), "a live claim is respected");
        assertEquals(1, rows.count("SELECT COUNT(*) FROM scim_outbox WHERE user_id = ?", liveNodes));
        assertEquals("PENDING", rows.read(laterClaimed).orElseThrow().syncState(),
                "no second worker on a user another holds");
        assertEquals(2, rows.count("SELECT COUNT(*) FROM scim_outbox WHERE user_id = ?", laterClaimed));
    }

    @Test
    void twoWorkersOnOneDatabaseNeverDoubleAnAccount() {
        int before = mattermostUserCount();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            ids.add(createUser("user" + i + "@example.com", "user" + i + "@example.com"));
        }
        startWorker();
        startWorker();
        for (String id : ids) { // more entries per user while both work: coalesced, in order
            rows.updateUser(TENANT, id, r -> r.put("title", "Second"));
        }
        long last = 0;
        for (String id : ids) {
            last = rows.updateUser(TENANT, id, r -> r.put("title", "Third"));
        }
        for (String id : ids) {
            awaitSynced(id, last);
        }
        await("the outbox is empty", () -> rows.count("SELECT COUNT(*) FROM scim_outbox") == 0);
        assertEquals(before + 30, mattermostUserCount(), "one account each");
        for (String id : ids) {
            assertEquals("Third", account(rows.read(id).orElseThrow()).position());
        }
    }

    @Test
    void twoWorkersNeverReconcileOneUserAtOnceAndEveryEntryIsConsumed() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            String id = rows.createUser(TENANT, ScimRows.resource("user" + i, "user" + i + "@example.com", null,
                    null, null, null));
            ids.add(id);
            for (int j = 0; j < 4; j++) {
                rows.updateUser(TENANT, id, r -> r.put("title", "T" + System.nanoTime()));
            }
        }
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger reconciles = new AtomicInteger();
        UserReconciler observed = org.mockito.Mockito.mock(UserReconciler.class);
        org.mockito.Mockito.when(observed.reconcile(org.mockito.ArgumentMatchers.anyString(),
                org.mockito.ArgumentMatchers.anyString())).thenAnswer(call -> {
            String user = call.getArgument(1);
            AtomicInteger running = inFlight.computeIfAbsent(user, k -> new AtomicInteger());
            if (running.incrementAndGet() > 1) {
                overlaps.incrementAndGet();
            }
            reconciles.incrementAndGet();
            java.util.concurrent.locks.LockSupport.parkNanos(2_000_000); // a reconcile takes time
            running.decrementAndGet();
            return new UserReconciler.Result(1, false);
        });
        for (int w = 0; w < 2; w++) {
            OutboxWorker worker = new OutboxWorker(db.dataSource(), observed, config::get,
                    "node-" + workerNames.incrementAndGet(),
                    new OutboxWorker.Settings(4, Duration.ofMillis(20), Duration.ofSeconds(30)), Clock.systemUTC());
            workers.add(worker);
            worker.start();
        }
        await("the outbox is empty", () -> rows.count("SELECT COUNT(*) FROM scim_outbox") == 0,
                () -> rows.count("SELECT COUNT(*) FROM scim_outbox") + " left");
        assertEquals(0, overlaps.get(), "two workers reconciled one user at once");
        assertTrue(reconciles.get() >= ids.size() && reconciles.get() <= 5 * ids.size(), reconciles::toString);
    }

    private ScimConfig withDeleteMode(ScimConfig.DeleteMode mode) {
        ScimConfig c = config.get();
        return new ScimConfig(c.enabled(), c.maxBodySize(), c.maxResults(), mode, c.groups(), c.retryMin(),
                c.retryMax());
    }
}
