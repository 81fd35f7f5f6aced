package io.ssogate.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The storage contract on the embedded H2 file, the default database. */
class H2StorageTest extends StorageContractTest {

    @Override
    DatabaseConfig freshDatabase(Path dataDir) {
        return DatabaseConfig.embedded();
    }

    @Test
    void embeddedDatabaseIsAFileInTheDataDirectoryThatSurvivesCloseAndReopen() {
        Path nested = dataDir.resolve("not/yet/there");
        try (GatewayDatabase database = GatewayDatabase.start(config, nested)) {
            assertTrue(database.isEmbedded());
            new SettingsRepository(database.dataSource(), clock).put("kept", "yes", 0, "admin");
        }
        assertTrue(Files.isRegularFile(nested.resolve("ssogate.mv.db")),
                "the data directory is created and holds the H2 file");
        try (GatewayDatabase reopened = GatewayDatabase.start(config, nested)) {
            assertEquals("yes", new SettingsRepository(reopened.dataSource()).find("kept").orElseThrow().value());
            assertEquals(0, reopened.migrationsApplied());
        }
    }
}
