package io.ssogate.testkit.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A server someone else runs ({@code SSOGATE_TEST_POSTGRES_URL}). We cannot delete it, so at JVM exit we
 * drop the databases and roles this JVM created, leaving it as we found it.
 */
final class ExternalPostgres implements RunningPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalPostgres.class);

    private final PostgresEndpoint endpoint;
    private final List<String> databases = new ArrayList<>();
    private final List<String> roles = new ArrayList<>();

    ExternalPostgres(PostgresEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    @Override
    public PostgresEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public synchronized void created(String database, String role) {
        if (database != null) {
            databases.add(database);
        }
        if (role != null) {
            roles.add(role);
        }
    }

    @Override
    public synchronized void stop() {
        try (Connection admin = DriverManager.getConnection(endpoint.adminUrl(), endpoint.username(),
                endpoint.password());
             Statement statement = admin.createStatement()) {
            for (String database : databases) {
                execute(statement, "DROP DATABASE IF EXISTS " + database);
            }
            for (String role : roles) {
                execute(statement, "DROP ROLE IF EXISTS " + role);
            }
        } catch (SQLException e) {
            LOG.warn("Could not clean up test databases on the external server: {}", e.getMessage());
        }
    }

    private static void execute(Statement statement, String sql) {
        try {
            statement.execute(sql);
        } catch (SQLException e) {
            LOG.warn("Cleanup [{}] failed: {}", sql, e.getMessage());
        }
    }
}
