package io.ssogate.core.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.testkit.logs.SecretLeakCheck;
import io.ssogate.testkit.postgres.TestDatabase;
import io.ssogate.testkit.postgres.TestPostgres;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A database that cannot be opened stops start-up with an error naming the configuration key to fix, and
 * the password appears nowhere: not in the message, not in the causes, not in the log.
 */
class GatewayDatabaseStartupFailureTest {

    private static final String SECRET = "S3cret-Horse-Battery";

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @TempDir
    Path dataDir;

    /** Hikari, Flyway and the drivers log while failing; none of it may carry the password. */
    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(SECRET);

    @Test
    void wrongPostgresPasswordNamesTheCredentialKeysWithoutThePassword() throws Exception {
        TestDatabase owned = TestPostgres.withPasswordRole(TestPostgres.newDatabase("wrongpw"), "the-right-one");
        DatabaseConfig config = new DatabaseConfig(owned.jdbcUrl(), owned.username(), Secret.of(SECRET), 2);

        DatabaseStartupException failure = assertStartFails(config);

        assertEquals("database.username/database.password", failure.key());
        assertTrue(failure.getMessage().contains("[" + owned.username() + "]"), failure.getMessage());
    }

    @Test
    void rightPostgresPasswordOpens() throws Exception {
        TestDatabase owned = TestPostgres.withPasswordRole(TestPostgres.newDatabase("rightpw"), SECRET);
        try (GatewayDatabase database = GatewayDatabase.start(
                new DatabaseConfig(owned.jdbcUrl(), owned.username(), Secret.of(SECRET), 2), dataDir)) {
            assertTrue(database.isHealthy(), "the same setup with the right password works");
        }
    }

    @Test
    void unreachablePostgresServerNamesTheUrl() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            closedPort = socket.getLocalPort();
        }
        DatabaseConfig config = new DatabaseConfig("jdbc:postgresql://127.0.0.1:" + closedPort + "/ssogate",
                "gateway", Secret.of(SECRET), 2);

        DatabaseStartupException failure = assertStartFails(config);

        assertEquals("database.url", failure.key());
        assertTrue(failure.getMessage().contains("cannot reach"), failure.getMessage());
        assertTrue(failure.getMessage().contains("127.0.0.1:" + closedPort), failure.getMessage());
    }

    @Test
    void missingPostgresDatabaseNamesTheUrl() {
        TestDatabase any = POSTGRES.database();
        String url = any.jdbcUrl().replace(any.name(), "no_such_database_here");
        DatabaseStartupException failure = assertStartFails(new DatabaseConfig(url, any.username(), Secret.of(SECRET), 2));
        assertEquals("database.url", failure.key());
        assertTrue(failure.getMessage().contains("does not exist"), failure.getMessage());
    }

    @Test
    void postgresWithoutUsernameNamesTheUsernameKey() {
        DatabaseStartupException failure = assertStartFails(
                new DatabaseConfig(POSTGRES.database().jdbcUrl(), null, Secret.of(SECRET), 2));
        assertEquals("database.username", failure.key());
    }

    @Test
    void unsupportedUrlIsRejectedWithItsInlinePasswordMasked() {
        DatabaseStartupException failure = assertStartFails(
                new DatabaseConfig("jdbc:mysql://127.0.0.1/db?user=x&password=" + SECRET, "x", Secret.of(SECRET), 2));
        assertEquals("database.url", failure.key());
        assertTrue(failure.getMessage().contains("jdbc:mysql://127.0.0.1/db?user=x&password=***"),
                failure.getMessage());
    }

    @Test
    void wrongH2PasswordNamesTheCredentialKeysWithoutThePassword() throws Exception {
        String url = "jdbc:h2:file:" + dataDir.resolve("protected").toAbsolutePath();
        try (Connection create = DriverManager.getConnection(url, "owner", "right-password")) {
            assertTrue(create.isValid(1));
        }

        DatabaseStartupException failure = assertStartFails(new DatabaseConfig(url, "owner", Secret.of(SECRET), 2));

        assertEquals("database.username/database.password", failure.key());
    }

    @Test
    void dataDirectoryThatCannotBeCreatedNamesTheDataDirKey() throws Exception {
        Path blocker = Files.writeString(dataDir.resolve("a-file"), "not a directory");
        DatabaseStartupException failure = assertThrows(DatabaseStartupException.class,
                () -> GatewayDatabase.start(DatabaseConfig.embedded(), blocker.resolve("data")));
        assertEquals("server.dataDir", failure.key());
    }

    /** Starts, expects our exception, and checks the secret is in none of message or causes (LEAKS: the log). */
    private DatabaseStartupException assertStartFails(DatabaseConfig config) {
        DatabaseStartupException failure = assertThrows(DatabaseStartupException.class,
                () -> GatewayDatabase.start(config, dataDir));
        assertTrue(failure.getMessage().startsWith(failure.key() + ": "), "the message leads with the key");
        StringWriter trace = new StringWriter();
        failure.printStackTrace(new PrintWriter(trace));
        assertFalse(trace.toString().contains(SECRET), "password in exception or its causes:\n" + trace);
        return failure;
    }
}
