package io.ssogate.sso.flow;

import io.ssogate.core.storage.SqlStates;
import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.core.storage.StorageException;
import io.ssogate.sso.saml.AssertionReplayGuard;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import javax.sql.DataSource;

/**
 * SAML assertion ids already used, in the shared database: the primary key makes the first insert win,
 * so a replay is refused on whichever node it lands, even when two arrive at once.
 */
public final class UsedAssertions implements AssertionReplayGuard {

    private final DataSource dataSource;

    public UsedAssertions(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public boolean firstUse(String idpName, String assertionId, Instant expiresAt) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement(
                     "INSERT INTO sso_used_assertion (idp, assertion_id, expires_at) VALUES (?, ?, ?)")) {
            insert.setString(1, idpName);
            insert.setString(2, assertionId);
            SqlTimestamps.set(insert, 3, expiresAt);
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                return false;
            }
            throw new StorageException("could not record a used SAML assertion", e);
        }
    }

    public int deleteExpired(Instant now) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM sso_used_assertion WHERE expires_at <= ?")) {
            SqlTimestamps.set(delete, 1, now);
            return delete.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not delete expired SAML assertion ids", e);
        }
    }
}
