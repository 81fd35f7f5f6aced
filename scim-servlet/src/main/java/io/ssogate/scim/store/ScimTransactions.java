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

    private final DataSource dataSource;

    public ScimTransactions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public <T> T inTransaction(Work<T> work) throws SQLException, ScimException, DuplicateUserNameException {
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
