package io.ssogate.scim.sync;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssogate.core.storage.SqlStates;
import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.core.storage.StorageException;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The sync's reads and writes of the SCIM tables. It writes only its own columns of {@code scim_user}
 * (mattermost_user_id, mattermost_username, sync_state, sync_detail, synced_version, synced_at), never the
 * resource, so it cannot undo a SCIM write made while it talked to Mattermost; and every statement names the
 * tenant or goes through a row already read as the tenant's.
 */
final class SyncRecords {

    private static final ObjectMapper JSON = new ObjectMapper();
    static final int DETAIL_LENGTH = 2000;

    /** A team or channel membership the sync made because of a group mapping. */
    record AppliedMembership(Kind kind, String targetId, String teamId) {
    }

    enum Kind { TEAM, CHANNEL }

    private final DataSource db;

    SyncRecords(DataSource db) {
        this.db = db;
    }

    Optional<ScimUserRecord> load(String tenant, String userId) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT id, tenant, user_name, email_key, active, resource_json,"
                     + " version, mattermost_user_id, mattermost_username, deleted_at FROM scim_user"
                     + " WHERE id = ? AND tenant = ?")) {
            s.setString(1, userId);
            s.setString(2, tenant);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                return Optional.of(new ScimUserRecord(rs.getString("id"), rs.getString("tenant"),
                        rs.getString("user_name"), rs.getString("email_key"), rs.getBoolean("active"),
                        parse(rs.getString("resource_json")), rs.getLong("version"),
                        rs.getString("mattermost_user_id"), rs.getString("mattermost_username"),
                        rs.getObject("deleted_at") != null));
            }
        } catch (SQLException e) {
            throw new StorageException("could not read SCIM user [" + userId + "]", e);
        }
    }

    /** The displayNames of the tenant's groups the user is a member of. */
    List<String> groupNamesOf(String tenant, String userId) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT g.display_name FROM scim_group g"
                     + " JOIN scim_group_member m ON m.group_id = g.id WHERE m.user_id = ? AND g.tenant = ?")) {
            s.setString(1, userId);
            s.setString(2, tenant);
            List<String> names = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
            return names;
        } catch (SQLException e) {
            throw new StorageException("could not read the groups of SCIM user [" + userId + "]", e);
        }
    }

    List<AppliedMembership> applied(String userId) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT kind, target_id, team_id FROM scim_applied_membership"
                     + " WHERE user_id = ?")) {
            s.setString(1, userId);
            List<AppliedMembership> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new AppliedMembership(Kind.valueOf(rs.getString(1)), rs.getString(2), rs.getString(3)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read the memberships of SCIM user [" + userId + "]", e);
        }
    }

    void recordApplied(String userId, AppliedMembership m) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("INSERT INTO scim_applied_membership (user_id, kind, target_id,"
                     + " team_id) VALUES (?, ?, ?, ?)")) {
            s.setString(1, userId);
            s.setString(2, m.kind().name());
            s.setString(3, m.targetId());
            s.setString(4, m.teamId());
            s.executeUpdate();
        } catch (SQLException e) {
            if (!SqlStates.isUniqueViolation(e)) { // recorded already by an earlier, interrupted attempt
                throw new StorageException("could not record a membership of SCIM user [" + userId + "]", e);
            }
        }
    }

    void forgetApplied(String userId, AppliedMembership m) {
        update("could not forget a membership of SCIM user [" + userId + "]",
                "DELETE FROM scim_applied_membership WHERE user_id = ? AND kind = ? AND target_id = ?",
                userId, m.kind().name(), m.targetId());
    }

    /**
     * Links the user to its Mattermost account. Another SCIM user linked to the same account (two records with
     * one email) is a failure the admin must resolve, not something to take over.
     */
    void link(ScimUserRecord user, String mattermostUserId, String mattermostUsername) throws SyncFailure {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE scim_user SET mattermost_user_id = ?,"
                     + " mattermost_username = ? WHERE id = ? AND tenant = ?")) {
            s.setString(1, mattermostUserId);
            s.setString(2, mattermostUsername);
            s.setString(3, user.id());
            s.setString(4, user.tenant());
            s.executeUpdate();
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                throw new SyncFailure("Mattermost user [" + mattermostUsername + "] (" + mattermostUserId
                        + ") is already linked to another SCIM user; two SCIM users share its email");
            }
            throw new StorageException("could not link SCIM user [" + user.id() + "]", e);
        }
    }

    /**
     * Records the outcome of a sync of {@code version}, unless a SCIM write has changed the user since: then
     * the state stays PENDING and the queued entry of that write syncs again.
     */
    void recordOutcome(ScimUserRecord user, SyncState state, String detail, Instant now) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE scim_user SET sync_state = ?, sync_detail = ?,"
                     + " synced_version = ?, synced_at = ? WHERE id = ? AND tenant = ? AND version = ?")) {
            s.setString(1, state.name());
            s.setString(2, truncate(detail));
            s.setLong(3, user.version());
            SqlTimestamps.set(s, 4, now);
            s.setString(5, user.id());
            s.setString(6, user.tenant());
            s.setLong(7, user.version());
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not record the sync of SCIM user [" + user.id() + "]", e);
        }
    }

    /** A failed attempt: the state says so whatever the version, since the queued change is not applied either. */
    void recordFailure(String tenant, String userId, String detail) {
        update("could not record the failed sync of SCIM user [" + userId + "]",
                "UPDATE scim_user SET sync_state = ?, sync_detail = ? WHERE id = ? AND tenant = ?"
                        + " AND deleted_at IS NULL",
                SyncState.FAILED.name(), truncate(detail), userId, tenant);
    }

    /** The tombstone's account is dealt with: the row and its applied memberships go (its outbox entries after). */
    void removeTombstone(ScimUserRecord user) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement s = c.prepareStatement("DELETE FROM scim_applied_membership WHERE user_id = ?"
                        + " AND EXISTS (SELECT 1 FROM scim_user WHERE id = ? AND tenant = ? AND deleted_at IS NOT NULL)")) {
                    s.setString(1, user.id());
                    s.setString(2, user.id());
                    s.setString(3, user.tenant());
                    s.executeUpdate();
                }
                try (PreparedStatement s = c.prepareStatement("DELETE FROM scim_user WHERE id = ? AND tenant = ?"
                        + " AND deleted_at IS NOT NULL")) {
                    s.setString(1, user.id());
                    s.setString(2, user.tenant());
                    s.executeUpdate();
                }
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new StorageException("could not remove the tombstone of SCIM user [" + user.id() + "]", e);
        }
    }

    private void update(String what, String sql, String... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setString(i + 1, params[i]);
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException(what, e);
        }
    }

    static String truncate(String detail) {
        return detail == null || detail.length() <= DETAIL_LENGTH ? detail : detail.substring(0, DETAIL_LENGTH - 3) + "...";
    }

    private static ObjectNode parse(String json) {
        try {
            JsonNode node = JSON.readTree(json);
            return node instanceof ObjectNode object ? object : JSON.createObjectNode();
        } catch (JsonProcessingException e) {
            // The protocol side wrote it; an unreadable one syncs as a resource with no attributes besides columns.
            return JSON.createObjectNode();
        }
    }
}
