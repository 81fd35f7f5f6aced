package io.ssogate.testkit.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one PostgreSQL server of this test JVM, started on first use and stopped by a shutdown hook.
 * Chooses, in order: the server named by {@value #URL_VARIABLE}; zonky's launcher; our own launcher that
 * drops root privileges (see {@link UnprivilegedPostgres}).
 */
final class SharedPostgres {

    static final String URL_VARIABLE = "SSOGATE_TEST_POSTGRES_URL";
    static final String USER_VARIABLE = "SSOGATE_TEST_POSTGRES_USER";
    static final String PASSWORD_VARIABLE = "SSOGATE_TEST_POSTGRES_PASSWORD";

    private static final Logger LOG = LoggerFactory.getLogger(SharedPostgres.class);

    private static RunningPostgres server;
    /** A failed start is remembered, so every later test class fails fast with the same reason. */
    private static IllegalStateException startFailure;

    private SharedPostgres() {
    }

    static synchronized PostgresEndpoint endpoint() {
        if (startFailure != null) {
            throw startFailure;
        }
        if (server == null) {
            try {
                server = startOrConnect();
            } catch (Exception e) {
                if (e instanceof InterruptedException) {
                    Thread.currentThread().interrupt();
                }
                startFailure = new IllegalStateException("Cannot start PostgreSQL for the tests: " + e.getMessage()
                        + ". Set " + URL_VARIABLE + " (and " + USER_VARIABLE + ", " + PASSWORD_VARIABLE
                        + ") to use an existing server instead.", e);
                throw startFailure;
            }
            RunningPostgres started = server;
            Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "ssogate-test-postgres-stop"));
        }
        return server.endpoint();
    }

    /** Records what the tests created, so a server we did not start can be cleaned at exit. */
    static synchronized void created(String database, String role) {
        if (server != null) {
            server.created(database, role);
        }
    }

    private static RunningPostgres startOrConnect() throws IOException, InterruptedException {
        String url = System.getenv(URL_VARIABLE);
        if (url != null && !url.isBlank()) {
            PostgresEndpoint external = new PostgresEndpoint(url, System.getenv(USER_VARIABLE),
                    System.getenv(PASSWORD_VARIABLE));
            LOG.info("Using the PostgreSQL server from {}: [{}]", URL_VARIABLE, PostgresEndpoint.hideQuery(url));
            return new ExternalPostgres(external);
        }
        return isRoot() ? UnprivilegedPostgres.start() : ZonkyPostgres.start();
    }

    /** PostgreSQL checks the effective uid; {@code /proc/self} is owned by exactly that. */
    static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }
}
