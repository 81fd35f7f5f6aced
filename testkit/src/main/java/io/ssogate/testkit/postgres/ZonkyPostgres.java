package io.ssogate.testkit.postgres;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** zonky's own launcher, for the ordinary case of tests that do not run as root. */
final class ZonkyPostgres implements RunningPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(ZonkyPostgres.class);

    private final EmbeddedPostgres postgres;
    private final Path socketDir;

    private ZonkyPostgres(EmbeddedPostgres postgres, Path socketDir) {
        this.postgres = postgres;
        this.socketDir = socketDir;
    }

    static ZonkyPostgres start() throws IOException {
        Path socketDir = Files.createTempDirectory("ssogate-test-pg-socket-");
        try {
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    // zonky listens on every address by default; tests stay on loopback.
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("unix_socket_directories", socketDir.toString())
                    .setCleanDataDirectory(true)
                    .setDataDirectoryCustomizer(dataDirectory -> {
                        try {
                            ClientAuthentication.writeInto(dataDirectory.toPath());
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    })
                    // We stop it from our own hook, which also removes the socket directory.
                    .setRegisterShutdownHook(false)
                    .start();
            LOG.info("PostgreSQL started by zonky on [127.0.0.1:{}]", postgres.getPort());
            return new ZonkyPostgres(postgres, socketDir);
        } catch (IOException | RuntimeException e) {
            UnprivilegedPostgres.deleteQuietly(socketDir);
            throw e;
        }
    }

    @Override
    public PostgresEndpoint endpoint() {
        return new PostgresEndpoint("jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres",
                "postgres", "");
    }

    @Override
    public void stop() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Could not stop embedded PostgreSQL: {}", e.toString());
        } finally {
            UnprivilegedPostgres.deleteQuietly(socketDir);
        }
    }
}
