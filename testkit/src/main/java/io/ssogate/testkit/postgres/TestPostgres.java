package io.ssogate.testkit.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL for tests: one server per test JVM, a fresh database per test class.
 *
 * <pre>{@code
 * @RegisterExtension
 * static final TestPostgres POSTGRES = new TestPostgres();
 * ... POSTGRES.database().jdbcUrl() ...
 * }</pre>
 *
 * <p>The server is {@code SSOGATE_TEST_POSTGRES_URL} (with {@code _USER} and {@code _PASSWORD}) when that
 * is set, otherwise an embedded PostgreSQL from zonky's binaries on 127.0.0.1 and a free port, run as
 * {@code nobody} when the tests run as root. If no server can be had the test class fails; it is never
 * skipped, since a skipped database test looks like a passing one.
 */
public final class TestPostgres implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(TestPostgres.class);
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private TestDatabase database;

    @Override
    public void beforeAll(ExtensionContext context) throws SQLException {
        database = newDatabase(context.getRequiredTestClass().getSimpleName());
    }

    @Override
    public void afterAll(ExtensionContext context) {
        if (database != null) {
            dropQuietly(database);
            database = null;
        }
    }

    /** The database made for the current test class. */
    public TestDatabase database() {
        if (database == null) {
            throw new IllegalStateException("TestPostgres must be registered with @RegisterExtension on a"
                    + " static field; the database is created before all tests of the class");
        }
        return database;
    }

    /**
     * Creates another empty database on the shared server, for tests that need more than one. The caller
     * owns it; it disappears with the embedded server at JVM exit.
     */
    public static TestDatabase newDatabase(String hint) throws SQLException {
        PostgresEndpoint endpoint = SharedPostgres.endpoint();
        String name = databaseName(hint);
        try (Connection admin = DriverManager.getConnection(endpoint.adminUrl(), endpoint.username(),
                endpoint.password());
             Statement statement = admin.createStatement()) {
            // The name is built from [a-z0-9_] only, so it is safe to splice into DDL.
            statement.execute("CREATE DATABASE " + name);
        }
        SharedPostgres.created(name, null);
        return new TestDatabase(name, endpoint.jdbcUrl(name), endpoint.username(), endpoint.password());
    }

    /**
     * Creates a login role that must authenticate with {@code password} (the embedded server trusts only
     * its superuser) and makes it the owner of {@code database}; returns the database as seen by that role.
     * For tests of what a wrong password does.
     */
    public static TestDatabase withPasswordRole(TestDatabase database, String password) throws SQLException {
        PostgresEndpoint endpoint = SharedPostgres.endpoint();
        String role = "r" + database.name().substring(1);
        try (Connection admin = DriverManager.getConnection(endpoint.adminUrl(), endpoint.username(),
                endpoint.password());
             Statement statement = admin.createStatement()) {
            // DDL takes no bind parameters: the password goes in as a literal with quotes doubled.
            statement.execute("CREATE ROLE " + role + " LOGIN PASSWORD '" + password.replace("'", "''") + "'");
            SharedPostgres.created(null, role);
            statement.execute("ALTER DATABASE " + database.name() + " OWNER TO " + role);
        }
        return new TestDatabase(database.name(), database.jdbcUrl(), role, password);
    }

    static String databaseName(String hint) {
        String cleaned = hint.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        // PostgreSQL truncates identifiers at 63 bytes; keep room for the prefix and sequence.
        if (cleaned.length() > 40) {
            cleaned = cleaned.substring(0, 40);
        }
        return "t_" + cleaned + "_" + ProcessHandle.current().pid() + "_" + SEQUENCE.incrementAndGet();
    }

    private static void dropQuietly(TestDatabase database) {
        PostgresEndpoint endpoint = SharedPostgres.endpoint();
        try (Connection admin = DriverManager.getConnection(endpoint.adminUrl(), endpoint.username(),
                endpoint.password());
             Statement statement = admin.createStatement()) {
            statement.execute("DROP DATABASE IF EXISTS " + database.name());
        } catch (SQLException e) {
            // Usually a pool the test left open; harmless for the embedded server, which is deleted anyway.
            LOG.warn("Could not drop test database [{}]: {}", database.name(), e.getMessage());
        }
    }
}
