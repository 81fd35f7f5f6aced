package io.ssogate.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.testkit.postgres.TestDatabase;
import io.ssogate.testkit.postgres.TestPostgres;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The storage contract on a real PostgreSQL, plus what only a shared server can show: two gateway nodes. */
class PostgresStorageTest extends StorageContractTest {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @Override
    DatabaseConfig freshDatabase(Path dataDir) throws Exception {
        TestDatabase database = TestPostgres.newDatabase("storage");
        return new DatabaseConfig(database.jdbcUrl(), database.username(),
                Secret.of(database.password()), 4);
    }

    @Test
    void twoGatewayNodesSeeEachOthersSettingsAndHeartbeats() {
        GatewayDatabase node1 = open();
        GatewayDatabase node2 = open();
        assertEquals(0, node2.migrationsApplied(), "the second node finds the schema in place");
        SettingsRepository settings1 = new SettingsRepository(node1.dataSource(), clock);
        SettingsRepository settings2 = new SettingsRepository(node2.dataSource(), clock);

        StoredSetting written = settings1.put("scim.enabled", "true", 0, "admin@node1");
        assertEquals(written, settings2.find("scim.enabled").orElseThrow(), "node 2 reads what node 1 wrote");
        StoredSetting changed = settings2.put("scim.enabled", "false", written.version(), "admin@node2");
        assertEquals(changed, settings1.find("scim.enabled").orElseThrow(), "and the other way round");

        new NodeRegistry(node1.dataSource(), clock).heartbeat("node-1", "gw1.internal");
        new NodeRegistry(node2.dataSource(), clock).heartbeat("node-2", "gw2.internal");
        for (GatewayDatabase node : List.of(node1, node2)) {
            assertEquals(List.of("node-1", "node-2"),
                    ids(new NodeRegistry(node.dataSource(), clock).liveNodes(Duration.ofMinutes(1))));
        }
    }

    @Test
    void concurrentPutsFromTwoNodesHaveExactlyOneWinnerEveryRound() throws Exception {
        SettingsRepository[] nodes = {
            new SettingsRepository(open().dataSource(), clock),
            new SettingsRepository(open().dataSource(), clock),
        };
        nodes[0].put("contended", "v0", 0, "setup");
        for (long version = 1; version <= 20; version++) {
            long expected = version;
            List<String> winners = race(2, i -> nodes[i].put("contended", "node" + i + "@" + expected,
                    expected, "node" + i).value());
            assertEquals(1, winners.size(), "round " + version + ": exactly one node may win: " + winners);
            StoredSetting stored = nodes[0].find("contended").orElseThrow();
            assertEquals(winners.get(0), stored.value());
            assertEquals(version + 1, stored.version());
        }
    }
}
