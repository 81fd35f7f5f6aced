package io.ssogate.testkit.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

/**
 * A fresh, empty PostgreSQL database made for one test class.
 *
 * @param name     the database name
 * @param jdbcUrl  JDBC URL to it (127.0.0.1 for the embedded server)
 * @param username user that owns it
 * @param password that user's password, empty with trust auth; never in {@link #toString()}
 */
public record TestDatabase(String name, String jdbcUrl, String username, String password) {

    /** A plain driver connection, for assertions that look under the code being tested. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl, username, password);
    }

    @Override
    public String toString() {
        return "TestDatabase[name=" + name + ", jdbcUrl=" + PostgresEndpoint.hideQuery(jdbcUrl)
                + ", username=" + username + "]";
    }
}
