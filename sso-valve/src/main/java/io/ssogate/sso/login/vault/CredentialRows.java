package io.ssogate.sso.login.vault;

import io.ssogate.core.storage.SqlStates;
import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.core.storage.StorageException;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code sso_credential} table: one auto-committed statement per call, each row changed only where its
 * {@code version} is still the one read, so writers on several gateways never lose each other's updates.
 */
final class CredentialRows {

    /** A row as stored. Holds ciphertext only; its toString shows the user, key id and version. */
    record Row(String mattermostUserId, VaultCipher.Sealed sealed, long version) {
        @Override
        public String toString() {
            return "Row[" + mattermostUserId + ", key " + sealed.keyId() + ", version " + version + "]";
        }
    }

    private final DataSource dataSource;

    CredentialRows(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    Optional<Row> find(String mattermostUserId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT mattermost_user_id, key_id, nonce, ciphertext,"
                     + " version FROM sso_credential WHERE mattermost_user_id = ?")) {
            select.setString(1, mattermostUserId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read the vault row of Mattermost user " + mattermostUserId, e);
        }
    }

    /** Replaces the row, or inserts it; whichever of two concurrent writers comes last wins. */
    void upsert(String mattermostUserId, VaultCipher.Sealed sealed, Instant now) {
        try (Connection c = dataSource.getConnection()) {
            // No MERGE: PostgreSQL 12 lacks it. Update, else insert; a concurrent insert makes ours fail on
            // the primary key, and then the update is tried again. A concurrent delete in between is the
            // only way round the loop more than twice.
            for (int attempt = 0; attempt < 3; attempt++) {
                if (update(c, mattermostUserId, sealed, now) > 0) {
                    return;
                }
                try (PreparedStatement insert = c.prepareStatement("INSERT INTO sso_credential (mattermost_user_id,"
                        + " key_id, nonce, ciphertext, created_at, updated_at, version) VALUES (?, ?, ?, ?, ?, ?, 0)")) {
                    insert.setString(1, mattermostUserId);
                    insert.setString(2, sealed.keyId());
                    insert.setString(3, sealed.nonce());
                    insert.setString(4, sealed.ciphertext());
                    SqlTimestamps.set(insert, 5, now);
                    SqlTimestamps.set(insert, 6, now);
                    insert.executeUpdate();
                    return;
                } catch (SQLException e) {
                    if (!SqlStates.isUniqueViolation(e)) {
                        throw e;
                    }
                    // Another gateway inserted the row meanwhile: update it instead.
                }
            }
            throw new StorageException("could not store the vault row of Mattermost user " + mattermostUserId
                    + ": it kept being inserted and removed concurrently", null);
        } catch (SQLException e) {
            throw new StorageException("could not store the vault row of Mattermost user " + mattermostUserId, e);
        }
    }

    private static int update(Connection c, String mattermostUserId, VaultCipher.Sealed sealed, Instant now)
            throws SQLException {
        try (PreparedStatement update = c.prepareStatement("UPDATE sso_credential SET key_id = ?, nonce = ?,"
                + " ciphertext = ?, updated_at = ?, version = version + 1 WHERE mattermost_user_id = ?")) {
            update.setString(1, sealed.keyId());
            update.setString(2, sealed.nonce());
            update.setString(3, sealed.ciphertext());
            SqlTimestamps.set(update, 4, now);
            update.setString(5, mattermostUserId);
            return update.executeUpdate();
        }
    }

    /** Replaces the row only if it is still at {@code expectedVersion}; returns whether it was. */
    boolean replaceIfUnchanged(String mattermostUserId, long expectedVersion, VaultCipher.Sealed sealed, Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE sso_credential SET key_id = ?, nonce = ?,"
                     + " ciphertext = ?, updated_at = ?, version = version + 1"
                     + " WHERE mattermost_user_id = ? AND version = ?")) {
            update.setString(1, sealed.keyId());
            update.setString(2, sealed.nonce());
            update.setString(3, sealed.ciphertext());
            SqlTimestamps.set(update, 4, now);
            update.setString(5, mattermostUserId);
            update.setLong(6, expectedVersion);
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StorageException("could not re-encrypt the vault row of Mattermost user " + mattermostUserId, e);
        }
    }

    boolean delete(String mattermostUserId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM sso_credential WHERE mattermost_user_id = ?")) {
            delete.setString(1, mattermostUserId);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StorageException("could not delete the vault row of Mattermost user " + mattermostUserId, e);
        }
    }

    /**
     * Up to {@code limit} rows not under {@code keyId} whose user id sorts after {@code after} (null: from
     * the start), in user id order: keyset paging, so rows that cannot be moved are passed over, not read again.
     */
    List<Row> notUnderKey(String keyId, String after, int limit) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT mattermost_user_id, key_id, nonce, ciphertext,"
                     + " version FROM sso_credential WHERE key_id <> ? AND mattermost_user_id > ?"
                     + " ORDER BY mattermost_user_id FETCH FIRST ? ROWS ONLY")) {
            select.setString(1, keyId);
            select.setString(2, after == null ? "" : after);
            select.setInt(3, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    rows.add(read(rs));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new StorageException("could not read vault rows to re-encrypt", e);
        }
    }

    int countUnderKey(String keyId) {
        return count("SELECT COUNT(*) FROM sso_credential WHERE key_id = ?", keyId);
    }

    int countNotUnderKey(String keyId) {
        return count("SELECT COUNT(*) FROM sso_credential WHERE key_id <> ?", keyId);
    }

    private int count(String sql, String keyId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement(sql)) {
            select.setString(1, keyId);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new StorageException("could not count vault rows", e);
        }
    }

    private static Row read(ResultSet rs) throws SQLException {
        return new Row(rs.getString("mattermost_user_id"), new VaultCipher.Sealed(rs.getString("key_id"),
                rs.getString("nonce"), rs.getString("ciphertext")), rs.getLong("version"));
    }
}
