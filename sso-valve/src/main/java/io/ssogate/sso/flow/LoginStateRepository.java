package io.ssogate.sso.flow;

import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.core.storage.StorageException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code sso_login_state} table: a sign-in round trip's attributes, by the hash of its cookie. */
public final class LoginStateRepository {

    private final DataSource dataSource;

    public LoginStateRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public Optional<String> find(String stateHash, String name, Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT attribute_value FROM sso_login_state"
                     + " WHERE state_hash = ? AND attribute_name = ? AND expires_at > ?")) {
            select.setString(1, stateHash);
            select.setString(2, name);
            SqlTimestamps.set(select, 3, now);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read sign-in state", e);
        }
    }

    /** Sets or replaces one attribute, atomically. */
    public void put(String stateHash, String name, String value, Instant expiresAt) {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement delete = c.prepareStatement(
                    "DELETE FROM sso_login_state WHERE state_hash = ? AND attribute_name = ?");
                 PreparedStatement insert = c.prepareStatement("INSERT INTO sso_login_state"
                         + " (state_hash, attribute_name, attribute_value, expires_at) VALUES (?, ?, ?, ?)")) {
                delete.setString(1, stateHash);
                delete.setString(2, name);
                delete.executeUpdate();
                insert.setString(1, stateHash);
                insert.setString(2, name);
                insert.setString(3, value);
                SqlTimestamps.set(insert, 4, expiresAt);
                insert.executeUpdate();
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("could not store sign-in state", e);
        }
    }

    /**
     * Removes one attribute; returns whether it was there. Used to consume one-time values, so that of two
     * callbacks racing with the same state only one finds it.
     */
    public boolean remove(String stateHash, String name) {
        return update("DELETE FROM sso_login_state WHERE state_hash = ? AND attribute_name = ?", stateHash, name) > 0;
    }

    public void removeAll(String stateHash) {
        update("DELETE FROM sso_login_state WHERE state_hash = ?", stateHash, null);
    }

    public int deleteExpired(Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM sso_login_state WHERE expires_at <= ?")) {
            SqlTimestamps.set(delete, 1, now);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not delete expired sign-in state", e);
        }
    }

    private int update(String sql, String first, String second) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            statement.setString(1, first);
            if (second != null) {
                statement.setString(2, second);
            }
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not update sign-in state", e);
        }
    }
}
