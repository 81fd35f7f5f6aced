package io.ssogate.core.storage;

import java.sql.SQLException;

/** SQLSTATE codes we react to; both H2 and PgJDBC report the standard classes. */
public final class SqlStates {

    /** SQL:2011 class 23, unique_violation; PostgreSQL and H2 both use 23505. */
    static final String UNIQUE_VIOLATION = "23505";

    private SqlStates() {
    }

    public static boolean isUniqueViolation(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (UNIQUE_VIOLATION.equals(next.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
