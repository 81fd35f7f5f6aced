package io.ssogate.core.storage;

import io.ssogate.testkit.time.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One storage contract, run against every database we support: {@link H2StorageTest} and
 * {@link PostgresStorageTest}. Each test gets a fresh, empty database.
 */
abstract class StorageContractTest {

    static final Instant T0 = Instant.parse("2030-01-02T03:04:05.123456Z");

    @TempDir
    Path dataDir;

    DatabaseConfig config;
    final MutableClock clock = new MutableClock(T0);
    private final List<GatewayDatabase> opened = new ArrayList<>();

    /** A configuration pointing at a new, empty database. */
    abstract DatabaseConfig freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void createDatabase() throws Exception {
        config = freshDatabase(dataDir);
    }

    @AfterEach
    void closeDatabases() {
        opened.forEach(GatewayDatabase::close);
    }

    GatewayDatabase open() {
        GatewayDatabase database = GatewayDatabase.start(config, dataDir);
        opened.add(database);
        return database;
    }

    @Test
    void eachFeatureMigratesWithAHistoryOfItsOwnSoBothCanStartAtV1() throws SQLException {
        List<FeatureMigrations> features = List.of(
                new FeatureMigrations("test_alpha", List.of("classpath:db/migration/test_alpha")),
                new FeatureMigrations("test_beta", List.of("classpath:db/migration/test_beta")));
        GatewayDatabase first = GatewayDatabase.start(config, dataDir, features);
        opened.add(first);
        assertEquals("1", first.schemaVersion(), "the core's own schema version is unaffected");
        try (Connection connection = first.dataSource().getConnection();
             Statement statement = connection.createStatement()) {
            statement.executeUpdate("INSERT INTO alpha_item (id, label, note) VALUES (1, 'a', 'V2 ran')");
            statement.executeUpdate("INSERT INTO beta_item (id) VALUES (1)");
        }
        // Both inserts above needed their feature's migrations, V1 of each and alpha's V2.
        first.close();

        GatewayDatabase second = GatewayDatabase.start(config, dataDir, features);
        opened.add(second);
        // Re-running a CREATE TABLE would have failed the start.
        assertEquals(1, countRows(second, "alpha_item"), "a restart keeps the rows and re-runs nothing");
        assertEquals(1, countRows(second, "beta_item"));
    }

    @Test
    void migrationsCreateTheSchemaOnAnEmptyDatabaseAndAreNotReappliedOnRestart() throws SQLException {
        GatewayDatabase first = open();
        assertEquals(1, first.migrationsApplied(), "an empty database gets every migration");
        assertEquals("1", first.schemaVersion());
        assertEquals(0, countRows(first, "setting"), "setting table exists and is empty");
        assertEquals(0, countRows(first, "gateway_node"), "gateway_node table exists and is empty");
        new SettingsRepository(first.dataSource(), clock).put("proxy.upstreamUrl", "\"http://127.0.0.1:8065\"", 0, "admin");
        first.close();

        GatewayDatabase second = open();
        assertEquals(0, second.migrationsApplied(), "a restart must not re-run migrations");
        assertEquals("1", second.schemaVersion());
        assertEquals("\"http://127.0.0.1:8065\"",
                new SettingsRepository(second.dataSource()).find("proxy.upstreamUrl").orElseThrow().value(),
                "data written before the restart survives it");
        // Flyway creates its table with a quoted lower-case name, which H2 keeps case-sensitive.
        assertEquals(1, countRows(second, "\"flyway_schema_history\" WHERE \"version\" = '1'"),
                "version 1 is recorded once, not once per start");
    }

    @Test
    void settingsAreCreatedReadUpdatedAndDeleted() {
        SettingsRepository settings = new SettingsRepository(open().dataSource(), clock);

        StoredSetting created = settings.put("sso.oidc.issuer", "{\"url\":\"https://idp.example\"}", 0, "alice");
        assertEquals(new StoredSetting("sso.oidc.issuer", "{\"url\":\"https://idp.example\"}", 1, T0, "alice"),
                created);
        assertEquals(Optional.of(created), settings.find("sso.oidc.issuer"), "find returns what put stored");
        settings.put("a.first", "1", 0, "alice");

        clock.advance(Duration.ofMinutes(5));
        StoredSetting updated = settings.put("sso.oidc.issuer", "{\"url\":\"https://idp2.example\"}", 1, "bob");
        assertEquals(2, updated.version(), "each write bumps the version by one");
        assertEquals(T0.plus(Duration.ofMinutes(5)), updated.updatedAt());
        assertEquals(Optional.of(updated), settings.find("sso.oidc.issuer"));

        assertEquals(List.of("a.first", "sso.oidc.issuer"),
                settings.findAll().stream().map(StoredSetting::key).toList(), "findAll is ordered by key");

        assertTrue(settings.delete("sso.oidc.issuer", 2));
        assertEquals(Optional.empty(), settings.find("sso.oidc.issuer"));
        assertFalse(settings.delete("sso.oidc.issuer", 2), "deleting a missing setting reports false");
        assertEquals(Optional.empty(), settings.find("no.such.key"));
    }

    @Test
    void largeUnicodeValuesRoundTripUnchanged() {
        SettingsRepository settings = new SettingsRepository(open().dataSource(), clock);
        String value = "{\"banner\":\"" + "Grüße 👋 мир ".repeat(20_000) + "\"}";
        settings.put("ui.banner", value, 0, "ädmin");
        StoredSetting read = settings.find("ui.banner").orElseThrow();
        assertEquals(value, read.value());
        assertEquals("ädmin", read.updatedBy());
    }

    @Test
    void writeWithStaleVersionFailsNamingTheKeyAndLeavesTheValue() {
        SettingsRepository settings = new SettingsRepository(open().dataSource(), clock);
        settings.put("proxy.maxConnections", "100", 0, "alice");
        settings.put("proxy.maxConnections", "200", 1, "bob");

        SettingConflictException stale = assertThrows(SettingConflictException.class,
                () -> settings.put("proxy.maxConnections", "300", 1, "alice"));
        assertEquals("proxy.maxConnections", stale.key());
        assertEquals(1, stale.expectedVersion());
        assertEquals(2, stale.currentVersion());
        assertTrue(stale.getMessage().contains("[proxy.maxConnections]"), stale.getMessage());

        SettingConflictException exists = assertThrows(SettingConflictException.class,
                () -> settings.put("proxy.maxConnections", "400", 0, "carol"), "version 0 means create only");
        assertEquals(2, exists.currentVersion());

        SettingConflictException absent = assertThrows(SettingConflictException.class,
                () -> settings.put("never.created", "1", 3, "carol"), "updating a missing setting is a conflict");
        assertEquals(0, absent.currentVersion());

        assertThrows(SettingConflictException.class, () -> settings.delete("proxy.maxConnections", 1),
                "a stale delete must not remove a newer value");
        StoredSetting kept = settings.find("proxy.maxConnections").orElseThrow();
        assertEquals("200", kept.value(), "losers change nothing");
        assertEquals("bob", kept.updatedBy());
    }

    @Test
    void concurrentWritersWithTheSameVersionHaveExactlyOneWinner() throws Exception {
        SettingsRepository settings = new SettingsRepository(open().dataSource(), clock);
        settings.put("race", "start", 0, "setup");
        List<String> winners = race(8, i -> settings.put("race", "writer-" + i, 1, "writer-" + i).value());
        assertEquals(1, winners.size(), "exactly one update with version 1 may succeed: " + winners);
        assertEquals(winners.get(0), settings.find("race").orElseThrow().value());

        List<String> creators = race(8, i -> settings.put("race-create", "creator-" + i, 0, "c").value());
        assertEquals(1, creators.size(), "exactly one create may succeed: " + creators);
    }

    @Test
    void heartbeatsRegisterNodesAndLiveNodesHonoursTheWindow() {
        NodeRegistry nodes = new NodeRegistry(open().dataSource(), clock);
        GatewayNode a = nodes.heartbeat("node-a", "host-a");
        assertEquals(new GatewayNode("node-a", "host-a", T0, T0), a);
        nodes.heartbeat("node-b", "host-b");

        clock.advance(Duration.ofSeconds(30));
        GatewayNode again = nodes.heartbeat("node-a", "host-a2");
        assertEquals(new GatewayNode("node-a", "host-a2", T0, T0.plusSeconds(30)), again,
                "a heartbeat keeps the start time and refreshes host and last-seen");

        assertEquals(List.of("node-a"), ids(nodes.liveNodes(Duration.ofSeconds(10))), "node-b is 30 s stale");
        assertEquals(List.of("node-a", "node-b"), ids(nodes.liveNodes(Duration.ofSeconds(30))),
                "the window includes its boundary");
        assertTrue(nodes.remove("node-a"));
        assertEquals(List.of("node-b"), ids(nodes.liveNodes(Duration.ofMinutes(1))));
    }

    @Test
    void concurrentFirstHeartbeatsOfOneNodeLeaveOneRow() throws Exception {
        GatewayDatabase database = open();
        NodeRegistry nodes = new NodeRegistry(database.dataSource(), clock);
        List<String> results = race(8, i -> nodes.heartbeat("same-node", "host").nodeId());
        assertEquals(8, results.size(), "the portable upsert never fails on a racing insert");
        assertEquals(1, countRowsUnchecked(database, "gateway_node"));
    }

    @Test
    void healthCheckPassesWhileOpenAndFailsAfterClose() {
        GatewayDatabase database = open();
        assertTrue(database.isHealthy());
        database.close();
        assertFalse(database.isHealthy());
    }

    interface Attempt {
        String run(int index);
    }

    /** Runs {@code n} attempts released at once; returns the results of those that did not conflict. */
    static List<String> race(int n, Attempt attempt) throws InterruptedException, ExecutionException {
        ExecutorService executor = Executors.newFixedThreadPool(n);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> futures = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                int index = i;
                Callable<String> task = () -> {
                    start.await();
                    try {
                        return attempt.run(index);
                    } catch (SettingConflictException lost) {
                        return null;
                    }
                };
                futures.add(executor.submit(task));
            }
            start.countDown();
            List<String> results = new ArrayList<>();
            for (Future<String> future : futures) {
                String result = future.get(30, TimeUnit.SECONDS);
                if (result != null) {
                    results.add(result);
                }
            }
            return results;
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("a racing write hung", e);
        } finally {
            executor.shutdownNow();
        }
    }

    static List<String> ids(List<GatewayNode> nodes) {
        return nodes.stream().map(GatewayNode::nodeId).toList();
    }

    static long countRows(GatewayDatabase database, String table) throws SQLException {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    static long countRowsUnchecked(GatewayDatabase database, String table) {
        try {
            return countRows(database, table);
        } catch (SQLException e) {
            throw new AssertionError(e);
        }
    }
}
