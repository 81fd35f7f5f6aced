package io.ssogate.core.storage;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.sql.SQLException;

/**
 * Turns a driver's failure to connect into a {@link DatabaseStartupException} naming the configuration key
 * to fix. SQLSTATE classes are from the SQL standard as PostgreSQL lists them (PostgreSQL manual,
 * Appendix A "Error Codes"); H2 reuses the same codes where one exists and its own 9xxxx otherwise.
 */
final class StartupFailures {

    /** Class 28, invalid_authorization_specification; H2 reports a wrong user or password with it too. */
    private static final String INVALID_AUTHORIZATION = "28000";
    /** PostgreSQL invalid_password. */
    private static final String INVALID_PASSWORD = "28P01";
    /** PostgreSQL invalid_catalog_name: the database in the URL does not exist. */
    private static final String INVALID_CATALOG_NAME = "3D000";
    /** Class 08, connection_exception (PgJDBC: 08001 could not connect, 08004 rejected). */
    private static final String CONNECTION_EXCEPTION_CLASS = "08";
    /** H2 DATABASE_ALREADY_OPEN_1: the file is locked by another process. */
    private static final String H2_DATABASE_IN_USE = "90020";

    private StartupFailures() {
    }

    static DatabaseStartupException translate(Throwable failure, DatabaseLocation location, String username,
            String password) {
        SQLException sql = find(failure, SQLException.class);
        String state = sql == null || sql.getSQLState() == null ? "" : sql.getSQLState();
        String detail = scrub(rootMessage(failure), password);
        String where = " [" + location.redacted() + "]";
        if (state.equals(INVALID_PASSWORD) || state.equals(INVALID_AUTHORIZATION)) {
            return new DatabaseStartupException("database.username/database.password",
                    "the database rejected user [" + username + "] at" + where + " (wrong user name or password): "
                            + detail, failure);
        }
        if (state.equals(INVALID_CATALOG_NAME)) {
            return new DatabaseStartupException("database.url",
                    "the database named in" + where + " does not exist: " + detail, failure);
        }
        if (state.equals(H2_DATABASE_IN_USE)) {
            return new DatabaseStartupException(location.embedded() ? "server.dataDir" : "database.url",
                    "the H2 database" + where + " is in use by another process (is another gateway running"
                            + " on the same data directory?)", failure);
        }
        if (state.startsWith(CONNECTION_EXCEPTION_CLASS) || find(failure, ConnectException.class) != null
                || find(failure, UnknownHostException.class) != null) {
            return new DatabaseStartupException("database.url",
                    "cannot reach the database server at" + where + ": " + detail, failure);
        }
        return new DatabaseStartupException("database.url", "cannot open the database at" + where + ": " + detail,
                failure);
    }

    /** Driver messages do not echo passwords, but this message goes to logs, so make sure. */
    static String scrub(String message, String password) {
        if (message == null) {
            return "";
        }
        return password == null || password.isEmpty() ? message : message.replace(password, "***");
    }

    private static String rootMessage(Throwable failure) {
        SQLException sql = find(failure, SQLException.class);
        Throwable source = sql != null ? sql : failure;
        return source.getMessage() == null ? source.getClass().getSimpleName() : source.getMessage();
    }

    private static <T extends Throwable> T find(Throwable failure, Class<T> type) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return type.cast(t);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }
}
