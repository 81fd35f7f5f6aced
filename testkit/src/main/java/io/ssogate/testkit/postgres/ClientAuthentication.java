package io.ssogate.testkit.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The embedded server's {@code pg_hba.conf}: the fixture's superuser is trusted on loopback, so tests need
 * no secret; every other role must give its password (SCRAM), so tests can pin what a wrong password does.
 * Nothing listens beyond 127.0.0.1, and the Unix socket sits in a private temp directory.
 */
final class ClientAuthentication {

    static final String CONTENT = """
            # TYPE  DATABASE  USER      ADDRESS        METHOD
            local   all       postgres                 trust
            host    all       postgres  127.0.0.1/32   trust
            host    all       all       127.0.0.1/32   scram-sha-256
            """;

    private ClientAuthentication() {
    }

    static void writeInto(Path dataDirectory) throws IOException {
        Files.writeString(dataDirectory.resolve("pg_hba.conf"), CONTENT);
    }
}
