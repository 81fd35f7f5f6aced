package io.ssogate.scim.sync;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssogate.core.storage.SqlTimestamps;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;

/**
 * SCIM rows written the way the protocol side writes them (row change and enqueue in one transaction, sync
 * columns untouched), with plain SQL, so the sync is tested on its own.
 */
final class ScimRows {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The sync's columns of one user, as a test reads them. */
    record SyncRow(String syncState, String syncDetail, String mattermostUserId, String mattermostUsername,
                   Long syncedVersion, long version, Instant syncedAt) {

        boolean isSyncedAt(long v) {
            return "SYNCED".equals(syncState) && syncedVersion != null && syncedVersion == v;
        }
    }

    private final DataSource db;
    private final SyncQueue queue;

    ScimRows(DataSource db, SyncQueue queue) {
        this.db = db;
        this.queue = queue;
    }

    static ObjectNode resource(String userName, String email, String given, String family, String displayName,
                               String title) {
        ObjectNode r = JSON.createObjectNode();
        r.putArray("schemas").add("urn:ietf:params:scim:schemas:core:2.0:User");
        r.put("userName", userName);
        ObjectNode name = r.putObject("name");
        if (given != null) {
            name.put("givenName", given);
        }
        if (family != null) {
            name.put("familyName", family);
        }
        if (displayName != null) {
            r.put("displayName", displayName);
        }
        if (title != null) {
            r.put("title", title);
        }
        if (email != null) {
            ObjectNode e = r.putArray("emails").addObject();
            e.put("value", email);
            e.put("type", "work");
            e.put("primary", true);
        }
        r.put("active", true);
        return r;
    }

    String createUser(String tenant, ObjectNode resource) {
        String id = UUID.randomUUID().toString();
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO scim_user (id, tenant, user_name, user_name_key,"
                    + " external_id, email_key, active, resource_json, version, created_at, modified_at, sync_state)"
                    + " VALUES (?, ?, ?, ?, NULL, ?, ?, ?, 1, ?, ?, 'PENDING')")) {
                Instant now = Instant.now();
                s.setString(1, id);
                s.setString(2, tenant);
                s.setString(3, resource.path("userName").asText());
                s.setString(4, resource.path("userName").asText().toLowerCase(Locale.ROOT));
                s.setString(5, emailKey(resource));
                s.setBoolean(6, resource.path("active").asBoolean(true));
                s.setString(7, resource.toString());
                SqlTimestamps.set(s, 8, now);
                SqlTimestamps.set(s, 9, now);
                s.executeUpdate();
            }
            queue.enqueue(c, tenant, id, Instant.now());
        });
        return id;
    }

    /** A PUT or PATCH: the resource changed, the version bumped, the user queued. Returns the new version. */
    long updateUser(String tenant, String id, Consumer<ObjectNode> change) {
        long[] version = new long[1];
        inTransaction(c -> {
            ObjectNode resource;
            try (PreparedStatement s = c.prepareStatement("SELECT resource_json, version FROM scim_user"
                    + " WHERE id = ? AND tenant = ? FOR UPDATE")) {
                s.setString(1, id);
                s.setString(2, tenant);
                try (ResultSet rs = s.executeQuery()) {
                    rs.next();
                    resource = (ObjectNode) JSON.readTree(rs.getString(1));
                    version[0] = rs.getLong(2) + 1;
                }
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new IllegalStateException(e);
            }
            change.accept(resource);
            try (PreparedStatement s = c.prepareStatement("UPDATE scim_user SET user_name = ?, user_name_key = ?,"
                    + " email_key = ?, active = ?, resource_json = ?, version = ?, modified_at = ?,"
                    + " sync_state = 'PENDING' WHERE id = ? AND tenant = ?")) {
                s.setString(1, resource.path("userName").asText());
                s.setString(2, resource.path("userName").asText().toLowerCase(Locale.ROOT));
                s.setString(3, emailKey(resource));
                s.setBoolean(4, resource.path("active").asBoolean(true));
                s.setString(5, resource.toString());
                s.setLong(6, version[0]);
                SqlTimestamps.set(s, 7, Instant.now());
                s.setString(8, id);
                s.setString(9, tenant);
                s.executeUpdate();
            }
            queue.enqueue(c, tenant, id, Instant.now());
        });
        return version[0];
    }

    /** A SCIM DELETE: the row becomes a tombstone, its group memberships go, the user is queued. */
    void deleteUser(String tenant, String id) {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("UPDATE scim_user SET deleted_at = ?, user_name_key = ?,"
                    + " version = version + 1, sync_state = 'PENDING' WHERE id = ? AND tenant = ?")) {
                SqlTimestamps.set(s, 1, Instant.now());
                s.setString(2, "~deleted~" + id);
                s.setString(3, id);
                s.setString(4, tenant);
                s.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("DELETE FROM scim_group_member WHERE user_id = ?")) {
                s.setString(1, id);
                s.executeUpdate();
            }
            queue.enqueue(c, tenant, id, Instant.now());
        });
    }

    String createGroup(String tenant, String displayName) {
        String id = UUID.randomUUID().toString();
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO scim_group (id, tenant, display_name,"
                    + " display_name_key, resource_json, version, created_at, modified_at)"
                    + " VALUES (?, ?, ?, ?, ?, 1, ?, ?)")) {
                s.setString(1, id);
                s.setString(2, tenant);
                s.setString(3, displayName);
                s.setString(4, displayName.toLowerCase(Locale.ROOT));
                s.setString(5, "{\"displayName\":\"" + displayName + "\"}");
                SqlTimestamps.set(s, 6, Instant.now());
                SqlTimestamps.set(s, 7, Instant.now());
                s.executeUpdate();
            }
        });
        return id;
    }

    void addMember(String tenant, String groupId, String userId) {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("INSERT INTO scim_group_member (group_id, user_id)"
                    + " VALUES (?, ?)")) {
                s.setString(1, groupId);
                s.setString(2, userId);
                s.executeUpdate();
            }
            markPending(c, userId);
            queue.enqueue(c, tenant, userId, Instant.now());
        });
    }

    void removeMember(String tenant, String groupId, String userId) {
        inTransaction(c -> {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM scim_group_member WHERE group_id = ?"
                    + " AND user_id = ?")) {
                s.setString(1, groupId);
                s.setString(2, userId);
                s.executeUpdate();
            }
            markPending(c, userId);
            queue.enqueue(c, tenant, userId, Instant.now());
        });
    }

    Optional<SyncRow> read(String id) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT sync_state, sync_detail, mattermost_user_id,"
                     + " mattermost_username, synced_version, version, synced_at FROM scim_user WHERE id = ?")) {
            s.setString(1, id);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    return Optional.empty();
                }
                long synced = rs.getLong(5);
                return Optional.of(new SyncRow(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.wasNull() ? null : synced, rs.getLong(6), SqlTimestamps.get(rs, "synced_at")));
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    int count(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    void execute(String sql, Object... params) {
        try (Connection c = db.getConnection(); PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                if (params[i] instanceof Instant instant) {
                    SqlTimestamps.set(s, i + 1, instant);
                } else {
                    s.setObject(i + 1, params[i]);
                }
            }
            s.executeUpdate();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void markPending(Connection c, String userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE scim_user SET sync_state = 'PENDING' WHERE id = ?")) {
            s.setString(1, userId);
            s.executeUpdate();
        }
    }

    private static String emailKey(ObjectNode resource) {
        String email = null;
        for (var e : resource.path("emails")) {
            if (email == null || e.path("primary").asBoolean(false)) {
                email = e.path("value").asText();
            }
        }
        return email == null ? null : email.toLowerCase(Locale.ROOT);
    }

    @FunctionalInterface
    interface SqlWork {
        void run(Connection c) throws SQLException;
    }

    private void inTransaction(SqlWork work) {
        try (Connection c = db.getConnection()) {
            c.setAutoCommit(false);
            try {
                work.run(c);
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            } finally {
                c.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
