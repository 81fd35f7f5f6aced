package io.ssogate.scim.sync;

import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.core.storage.StorageException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Tells the sign-in which Mattermost account SCIM provisioned for a person: the account of the tenant's live
 * (not deleted) SCIM user whose email, or else whose userName, is the sign-in's email, ignoring case. So a
 * provisioned person logs into that account, even after its Mattermost email or username changed.
 */
public final class ScimAccountMapping implements ExternalAccountMapping {

    private final DataSource db;

    public ScimAccountMapping(DataSource db) {
        this.db = Objects.requireNonNull(db, "db");
    }

    @Override
    public Optional<String> mattermostUserIdFor(String tenant, String email) {
        if (tenant == null || email == null || email.isBlank()) {
            return Optional.empty();
        }
        String key = email.strip().toLowerCase(Locale.ROOT);
        // An email match wins over a userName match: another user's userName may look like this address.
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT mattermost_user_id FROM scim_user WHERE tenant = ?"
                     + " AND deleted_at IS NULL AND mattermost_user_id IS NOT NULL"
                     + " AND (email_key = ? OR user_name_key = ?)"
                     + " ORDER BY CASE WHEN email_key = ? THEN 0 ELSE 1 END, id FETCH FIRST 1 ROWS ONLY")) {
            s.setString(1, tenant);
            s.setString(2, key);
            s.setString(3, key);
            s.setString(4, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not look up the SCIM account of a sign-in", e);
        }
    }
}
