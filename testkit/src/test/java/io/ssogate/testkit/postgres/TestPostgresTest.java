package io.ssogate.testkit.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class TestPostgresTest {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @Test
    void classDatabaseIsAnEmptyPostgresDatabaseReachedOverLoopback() throws SQLException {
        try (Connection connection = POSTGRES.database().connect();
             Statement statement = connection.createStatement()) {
            assertEquals("PostgreSQL", connection.getMetaData().getDatabaseProductName());
            assertEquals(POSTGRES.database().name(), single(statement, "SELECT current_database()"));
            assertEquals("0", single(statement,
                    "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"),
                    "a fresh database has no tables");
            if (System.getenv(SharedPostgres.URL_VARIABLE) == null) {
                assertEquals("127.0.0.1", single(statement, "SELECT host(inet_server_addr())"),
                        "the embedded server listens on loopback only");
            }
        }
    }

    @Test
    void newDatabaseIsSeparateFromTheClassDatabase() throws SQLException {
        TestDatabase other = TestPostgres.newDatabase("other");
        assertNotEquals(POSTGRES.database().name(), other.name());
        try (Connection a = POSTGRES.database().connect();
             Statement sa = a.createStatement()) {
            sa.execute("CREATE TABLE only_in_class_db (id INT)");
        }
        try (Connection b = other.connect();
             Statement sb = b.createStatement()) {
            assertEquals("0", single(sb,
                    "SELECT count(*) FROM information_schema.tables WHERE table_name = 'only_in_class_db'"),
                    "a table made in one test database must not appear in another");
        }
    }

    @Test
    void passwordRoleIsRejectedWithAWrongPasswordAndAcceptedWithTheRightOne() throws SQLException {
        TestDatabase owned = TestPostgres.withPasswordRole(TestPostgres.newDatabase("owned"), "right-pass");
        try (Connection connection = owned.connect();
             Statement statement = connection.createStatement()) {
            assertEquals(owned.username(), single(statement, "SELECT current_user"));
        }
        TestDatabase wrong = new TestDatabase(owned.name(), owned.jdbcUrl(), owned.username(), "wrong-pass");
        SQLException rejected = assertThrows(SQLException.class, wrong::connect,
                "only the fixture's superuser is trusted; other roles must authenticate");
        assertEquals("28P01", rejected.getSQLState(), "invalid_password");
    }

    @Test
    void databaseNamesAreSafeIdentifiers() {
        String name = TestPostgres.databaseName("Weird-Name.With Spaces/and'quotes" + "x".repeat(100));
        assertTrue(name.matches("[a-z0-9_]+"), name);
        assertTrue(name.length() <= 63, "PostgreSQL identifiers are at most 63 bytes: " + name);
    }

    @Test
    void toStringHidesThePassword() {
        TestDatabase database = new TestDatabase("d", "jdbc:postgresql://127.0.0.1:1/d?password=hunter2",
                "u", "hunter2");
        assertFalse(database.toString().contains("hunter2"), database.toString());
    }

    private static String single(Statement statement, String sql) throws SQLException {
        try (ResultSet rs = statement.executeQuery(sql)) {
            assertTrue(rs.next());
            return rs.getString(1);
        }
    }
}
