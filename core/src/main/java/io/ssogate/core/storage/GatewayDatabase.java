package io.ssogate.core.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.ssogate.core.config.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's database: a HikariCP pool over the embedded H2 file (default) or PostgreSQL (several
 * nodes sharing state), with the schema brought up to date by Flyway before anyone uses it.
 *
 * <p>Schema changes are new files in {@code db/migration/common} ({@code V2__….sql} and on), written in
 * SQL that H2 and PostgreSQL both accept. Repositories take {@link #dataSource()}.
 */
public final class GatewayDatabase implements AutoCloseable {

    /** Where migrations live; add {@code db/migration/postgresql} etc. here only if portable SQL won't do. */
    static final String MIGRATIONS = "classpath:db/migration/common";
    /** Flyway's default name, kept so databases made before features had migrations stay valid. */
    static final String CORE_HISTORY_TABLE = "flyway_schema_history";

    /** A pool that cannot hand out a connection this fast is unhealthy; the proxy should not queue behind it. */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** Upper bound for the health query and Hikari's own connection test. */
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(2);
    /** H2 file user when the configuration names none. */
    static final String EMBEDDED_DEFAULT_USER = "ssogate";

    private static final Logger LOG = LoggerFactory.getLogger(GatewayDatabase.class);
    private static final AtomicInteger POOL_SEQUENCE = new AtomicInteger();

    private final HikariDataSource pool;
    private final DatabaseLocation location;
    private final int migrationsApplied;
    private final String schemaVersion;

    private GatewayDatabase(HikariDataSource pool, DatabaseLocation location, int migrationsApplied,
            String schemaVersion) {
        this.pool = pool;
        this.location = location;
        this.migrationsApplied = migrationsApplied;
        this.schemaVersion = schemaVersion;
    }

    /**
     * Opens the pool and migrates the schema.
     *
     * @param config  the {@code database} section; a null URL means the H2 file {@code <dataDir>/ssogate}
     * @param dataDir the server's data directory, created if missing
     * @throws DatabaseStartupException naming the key to fix; its message never contains the password
     */
    public static GatewayDatabase start(DatabaseConfig config, Path dataDir) {
        return start(config, dataDir, List.of());
    }

    /**
     * Opens the pool, migrates the gateway's own schema, then each feature's.
     *
     * @param features the migrations of the installed features, applied in this order after the core's
     * @throws DatabaseStartupException naming the key to fix; its message never contains the password
     */
    public static GatewayDatabase start(DatabaseConfig config, Path dataDir, List<FeatureMigrations> features) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(features, "features");
        Objects.requireNonNull(dataDir, "dataDir");
        long started = System.nanoTime();
        DatabaseLocation location = DatabaseLocation.of(config, dataDir);
        String username = username(config, location);
        String password = config.password() == null ? "" : config.password().reveal();
        HikariDataSource pool = openPool(config, location, username, password);
        try {
            MigrateResult result = migrate(pool, List.of(MIGRATIONS), CORE_HISTORY_TABLE, false);
            for (FeatureMigrations feature : features) {
                MigrateResult applied = migrate(pool, feature.locations(), feature.historyTable(), true);
                LOG.info("Feature [{}]: schema version [{}], [{}] migration(s) applied", feature.feature(),
                        schemaVersionAfter(applied), applied.migrationsExecuted);
            }
            GatewayDatabase database = new GatewayDatabase(pool, location, result.migrationsExecuted,
                    schemaVersionAfter(result));
            LOG.info("Database [{}] ready at schema version [{}], [{}] migration(s) applied, in [{}] ms",
                    location.redacted(), database.schemaVersion, result.migrationsExecuted,
                    Duration.ofNanos(System.nanoTime() - started).toMillis());
            return database;
        } catch (FlywayException e) {
            pool.close();
            throw new DatabaseStartupException("database", "schema migration failed at [" + location.redacted()
                    + "]: " + StartupFailures.scrub(e.getMessage(), password), e);
        } catch (RuntimeException e) {
            pool.close();
            throw e;
        }
    }

    private static String username(DatabaseConfig config, DatabaseLocation location) {
        if (config.username() != null && !config.username().isBlank()) {
            return config.username();
        }
        if (location.embedded()) {
            return EMBEDDED_DEFAULT_USER;
        }
        if (location.isPostgres()) {
            throw new DatabaseStartupException("database.username",
                    "is required with a PostgreSQL database.url", null);
        }
        return "";
    }

    private static HikariDataSource openPool(DatabaseConfig config, DatabaseLocation location, String username,
            String password) {
        HikariConfig hikari = new HikariConfig();
        hikari.setPoolName("ssogate-db-" + POOL_SEQUENCE.incrementAndGet());
        hikari.setDriverClassName(location.driverClass());
        hikari.setJdbcUrl(location.jdbcUrl());
        hikari.setUsername(username);
        hikari.setPassword(password);
        hikari.setMaximumPoolSize(config.maxPoolSize());
        hikari.setConnectionTimeout(CONNECTION_TIMEOUT.toMillis());
        hikari.setValidationTimeout(VALIDATION_TIMEOUT.toMillis());
        // Try one connection now, so a wrong URL or password stops start-up instead of the first request.
        hikari.setInitializationFailTimeout(1);
        try {
            return new HikariDataSource(hikari);
        } catch (RuntimeException e) {
            throw StartupFailures.translate(e, location, username, password);
        }
    }

    /**
     * @param besideOthers a feature's history starts in a schema that already holds the core's tables, so
     *                     Flyway is told to begin it at version 0 there instead of refusing a non-empty schema
     */
    private static MigrateResult migrate(DataSource dataSource, List<String> locations, String historyTable,
                                         boolean besideOthers) {
        // The context class loader sees a feature's migrations in a WAR as well as in the launcher's jar.
        ClassLoader loader = Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : GatewayDatabase.class.getClassLoader();
        return Flyway.configure(loader)
                .dataSource(dataSource)
                .locations(locations.toArray(String[]::new))
                .table(historyTable)
                .baselineOnMigrate(besideOthers)
                .baselineVersion("0")
                .failOnMissingLocations(true)
                // A shared database must never be wiped by a stray command.
                .cleanDisabled(true)
                .load()
                .migrate();
    }

    /** Flyway leaves the target version unset when nothing was pending; the version is then the initial one. */
    private static String schemaVersionAfter(MigrateResult result) {
        String version = result.targetSchemaVersion != null ? result.targetSchemaVersion : result.initialSchemaVersion;
        return version == null ? "none" : version;
    }

    public DataSource dataSource() {
        return pool;
    }

    /** True if a trivial query succeeds within {@link #VALIDATION_TIMEOUT} (plus the pool's wait). */
    public boolean isHealthy() {
        if (pool.isClosed()) {
            return false;
        }
        try (Connection connection = pool.getConnection();
             Statement statement = connection.createStatement()) {
            statement.setQueryTimeout((int) VALIDATION_TIMEOUT.toSeconds());
            statement.execute("SELECT 1");
            return true;
        } catch (SQLException | RuntimeException e) {
            LOG.debug("Database health check failed for [{}]: {}", location.redacted(), e.toString());
            return false;
        }
    }

    /** Migrations this start applied: all of them on an empty database, none on a restart. */
    public int migrationsApplied() {
        return migrationsApplied;
    }

    /** The schema version after start-up migration, e.g. {@code "1"}. */
    public String schemaVersion() {
        return schemaVersion;
    }

    public boolean isEmbedded() {
        return location.embedded();
    }

    /** Closes the pool; with the embedded H2 file this also closes the database, releasing its file lock. */
    @Override
    public void close() {
        pool.close();
    }

    @Override
    public String toString() {
        return "GatewayDatabase[" + location.redacted() + "]";
    }
}
