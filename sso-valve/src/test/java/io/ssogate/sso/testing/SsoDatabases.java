package io.ssogate.sso.testing;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.storage.FeatureMigrations;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.testkit.postgres.TestDatabase;
import io.ssogate.testkit.postgres.TestPostgres;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;

/** Databases with the sso feature's tables, as the gateway migrates them, on either supported engine. */
public final class SsoDatabases {

    public static final List<FeatureMigrations> SSO =
            List.of(new FeatureMigrations("sso", List.of("classpath:db/migration/sso")));

    private SsoDatabases() {
    }

    /** The embedded H2 file in {@code dataDir}, the default database. */
    public static GatewayDatabase h2(Path dataDir) {
        return GatewayDatabase.start(DatabaseConfig.embedded(), dataDir, SSO);
    }

    /** A new, empty database on the tests' PostgreSQL server (needs a registered {@link TestPostgres}). */
    public static GatewayDatabase postgres(Path dataDir, String hint) throws SQLException {
        TestDatabase database = TestPostgres.newDatabase(hint);
        return GatewayDatabase.start(new DatabaseConfig(database.jdbcUrl(), database.username(),
                Secret.of(database.password()), 4), dataDir, SSO);
    }
}
