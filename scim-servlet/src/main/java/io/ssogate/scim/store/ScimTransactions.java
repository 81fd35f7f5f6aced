package io.ssogate.scim.store;

import com.unboundid.scim2.common.exceptions.ScimException;

import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Runs a unit of SCIM work in one transaction: the resource rows and the outbox entries they queue are
 * committed together or not at all.
 */
public final class ScimTransactions {

    /** Work on the transaction's connection; any exception rolls it back. */
    @FunctionalInterface
    public interface Work<T> {
        T run(Connection connection) throws SQLException, ScimException, DuplicateUserNameException;
    }

    /** How often a transaction the database rolled back is run again before its error goes to the caller. */
    private static final int ATTEMPTS = 5;

    private final DataSource dataSource;

    public ScimTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * Runs {@code work} in a transaction. A transaction the database rolled back to break a deadlock or a
     * serialization conflict (SQL class 40) is run again from the start, a few times: group writes lock a
     * group then its members, user deletes a user then its groups, and either may be chosen as the victim.
     */
    public <T> T inTransaction(Work<T> work) throws SQLException, ScimException, DuplicateUserNameException {
        for (int attempt = 1; ; attempt++) {
            try {
                return once(work);
            } catch (SQLException e) {
                if (attempt >= ATTEMPTS || !isRollback(e)) {
                    throw e;
                }
            }
        }
    }

    private static boolean isRollback(SQLException e) {
        for (SQLException next = e; next != null; next = next.getNextException()) {
            if (next.getSQLState() != null && next.getSQLState().startsWith("40")) {
                return true;
            }
        }
        return false;
    }

    private <T> T once(Work<T> work) throws SQLException, ScimException, DuplicateUserNameException {
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | ScimException | DuplicateUserNameException | RuntimeException e) {
                rollbackQuietly(connection, e);
                throw e;
            } finally {
                connection.setAutoCommit(autoCommit);
            }
        }
    }

    private static void rollbackQuietly(Connection connection, Exception cause) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            cause.addSuppressed(e);
        }
    }
}
