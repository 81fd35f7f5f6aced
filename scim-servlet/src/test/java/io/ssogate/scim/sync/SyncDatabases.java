package io.ssogate.scim.sync;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.storage.FeatureMigrations;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.testkit.postgres.TestDatabase;
import io.ssogate.testkit.postgres.TestPostgres;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** Databases with the scim feature's tables, as the gateway migrates them, on either supported engine. */
final class SyncDatabases {

    static final List<FeatureMigrations> SCIM =
            List.of(new FeatureMigrations("scim", List.of("classpath:db/migration/scim")));

    private SyncDatabases() {
    }

    static GatewayDatabase h2(Path dataDir) {
        return GatewayDatabase.start(DatabaseConfig.embedded(), dataDir, SCIM);
    }

    /** A new, empty database on the tests' PostgreSQL server (needs a registered {@link TestPostgres}). */
    static GatewayDatabase postgres(Path dataDir, String hint) throws SQLException {
        TestDatabase database = TestPostgres.newDatabase(hint);
        return GatewayDatabase.start(new DatabaseConfig(database.jdbcUrl(), database.username(),
                Secret.of(database.password()), 10), dataDir, SCIM);
    }
}
