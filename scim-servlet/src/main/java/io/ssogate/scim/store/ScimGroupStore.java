package io.ssogate.scim.store;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssogate.core.storage.SqlTimestamps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import javax.sql.DataSource;

/**
 * SCIM groups in {@code scim_group} and their members in {@code scim_group_member}, plain JDBC on H2 or
 * PostgreSQL. Every statement names the tenant, directly or through a group or user row of the tenant.
 * Members are rows, not JSON: adding one to a large group writes one row.
 */
public final class ScimGroupStore {

    private static final String COLUMNS = "id, tenant, display_name, external_id, resource_json, version,"
            + " created_at, modified_at";

    private final DataSource dataSource;

    public ScimGroupStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public Optional<GroupRow> find(String tenant, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, tenant, id);
        }
    }

    public Optional<GroupRow> find(Connection connection, String tenant, String id) throws SQLException {
        return query(connection, "SELECT " + COLUMNS + " FROM scim_group WHERE tenant = ? AND id = ?", tenant, id)
                .stream().findFirst();
    }

    /** Groups whose displayName equals {@code displayName}, ignoring case. */
    public List<GroupRow> byDisplayName(String tenant, String displayName) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM scim_group WHERE tenant = ? AND display_name_key = ?",
                tenant, displayName.toLowerCase(Locale.ROOT));
    }

    public List<GroupRow> byExternalId(String tenant, String externalId) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM scim_group WHERE tenant = ? AND external_id = ?", tenant, externalId);
    }

    /** Groups that have the user {@code userId} as a member. */
    public List<GroupRow> byMember(String tenant, String userId) throws SQLException {
        return query("SELECT " + prefixed("g") + " FROM scim_group_member m JOIN scim_group g ON g.id = m.group_id"
                + " WHERE m.user_id = ? AND g.tenant = ?", userId, tenant);
    }

    public List<GroupRow> all(String tenant) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM scim_group WHERE tenant = ? ORDER BY created_at, id", tenant);
    }

    /** One page of the tenant's groups, oldest first: {@code offset} rows skipped, at most {@code limit}. */
    public List<GroupRow> page(String tenant, int offset, int limit) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM scim_group WHERE tenant = ? ORDER BY created_at, id OFFSET "
                + Math.max(0, offset) + " ROWS FETCH NEXT " + Math.max(0, limit) + " ROWS ONLY", tenant);
    }

    public int count(String tenant) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement("SELECT COUNT(*) FROM scim_group WHERE tenant = ?")) {
            select.setString(1, tenant);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    public GroupRow insert(Connection connection, String tenant, String id, ObjectNode resource, Instant now)
            throws SQLException {
        String displayName = displayName(resource);
        String json = resource.toString();
        String externalId = text(resource.get("externalId"));
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scim_group (id, tenant,"
                + " display_name, display_name_key, external_id, resource_json, version, created_at, modified_at)"
                + " VALUES (?, ?, ?, ?, ?, ?, 1, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, tenant);
            insert.setString(3, displayName);
            insert.setString(4, displayName.toLowerCase(Locale.ROOT));
            insert.setString(5, externalId);
            insert.setString(6, json);
            SqlTimestamps.set(insert, 7, now);
            SqlTimestamps.set(insert, 8, now);
            insert.executeUpdate();
        }
        return new GroupRow(id, tenant, displayName, externalId, json, 1, now, now);
    }

    /** @return the new row, or empty when another change came first */
    public Optional<GroupRow> update(Connection connection, GroupRow current, ObjectNode resource, Instant now)
            throws SQLException {
        String displayName = displayName(resource);
        String json = resource.toString();
        String externalId = text(resource.get("externalId"));
        try (PreparedStatement update = connection.prepareStatement("UPDATE scim_group SET display_name = ?,"
                + " display_name_key = ?, external_id = ?, resource_json = ?, version = version + 1, modified_at = ?"
                + " WHERE tenant = ? AND id = ? AND version = ?")) {
            update.setString(1, displayName);
            update.setString(2, displayName.toLowerCase(Locale.ROOT));
            update.setString(3, externalId);
            update.setString(4, json);
            SqlTimestamps.set(update, 5, now);
            update.setString(6, current.tenant());
            update.setString(7, current.id());
            update.setLong(8, current.version());
            if (update.executeUpdate() == 0) {
                return Optional.empty();
            }
        }
        return Optional.of(new GroupRow(current.id(), current.tenant(), displayName, externalId, json,
                current.version() + 1, current.created(), now));
    }

    /** @return false when another change came first (members go with the row, by cascade) */
    public boolean delete(Connection connection, String tenant, String id, long version) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM scim_group WHERE tenant = ? AND id = ? AND version = ?")) {
            delete.setString(1, tenant);
            delete.setString(2, id);
            delete.setLong(3, version);
            return delete.executeUpdate() > 0;
        }
    }

    /** The members of each of {@code groupIds} (groups of {@code tenant}), with the userName they show. */
    public Map<String, List<MemberRef>> members(String tenant, Collection<String> groupIds) throws SQLException {
        Map<String, List<MemberRef>> members = new HashMap<>();
        if (groupIds.isEmpty()) {
            return members;
        }
        try (Connection connection = dataSource.getConnection()) {
            for (List<String> chunk : chunks(groupIds)) {
                String sql = "SELECT m.group_id, u.id, u.user_name FROM scim_group_member m"
                        + " JOIN scim_group g ON g.id = m.group_id JOIN scim_user u ON u.id = m.user_id"
                        + " WHERE g.tenant = ? AND u.tenant = ? AND m.group_id IN (" + marks(chunk.size()) + ")"
                        + " ORDER BY u.user_name_key";
                try (PreparedStatement select = connection.prepareStatement(sql)) {
                    select.setString(1, tenant);
                    select.setString(2, tenant);
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 3, chunk.get(i));
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            members.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                    .add(new MemberRef(rs.getString(2), rs.getString(3)));
                        }
                    }
                }
            }
        }
        return members;
    }

    /** The groups each of {@code userIds} is in (all of the tenant's memberships when userIds is null). */
    public Map<String, List<MemberRef>> groupsOf(String tenant, Collection<String> userIds) throws SQLException {
        Map<String, List<MemberRef>> groups = new HashMap<>();
        try (Connection connection = dataSource.getConnection()) {
            String base = "SELECT m.user_id, g.id, g.display_name FROM scim_group_member m"
                    + " JOIN scim_group g ON g.id = m.group_id WHERE g.tenant = ?";
            List<List<String>> chunks = userIds == null ? List.of(List.of()) : chunks(userIds);
            for (List<String> chunk : chunks) {
                if (userIds != null && chunk.isEmpty()) {
                    continue;
                }
                String sql = userIds == null ? base
                        : base + " AND m.user_id IN (" + marks(chunk.size()) + ")";
                try (PreparedStatement select = connection.prepareStatement(sql + " ORDER BY g.display_name_key")) {
                    select.setString(1, tenant);
                    for (int i = 0; i < chunk.size(); i++) {
                        select.setString(i + 2, chunk.get(i));
                    }
                    try (ResultSet rs = select.executeQuery()) {
                        while (rs.next()) {
                            groups.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                                    .add(new MemberRef(rs.getString(2), rs.getString(3)));
                        }
                    }
                }
            }
        }
        return groups;
    }

    /** The ids of the members of group {@code groupId}, read in the caller's transaction. */
    public Set<String> memberIds(Connection connection, String groupId) throws SQLException {
        Set<String> ids = new LinkedHashSet<>();
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT user_id FROM scim_group_member WHERE group_id = ? ORDER BY user_id")) {
            select.setString(1, groupId);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getString(1));
                }
            }
        }
        return ids;
    }

    /** Of {@code ids}, those that are live users of {@code tenant}. */
    public Set<String> liveUserIds(Connection connection, String tenant, Collection<String> ids) throws SQLException {
        Set<String> live = new LinkedHashSet<>();
        for (List<String> chunk : chunks(ids)) {
            try (PreparedStatement select = connection.prepareStatement("SELECT id FROM scim_user WHERE tenant = ?"
                    + " AND deleted_at IS NULL AND id IN (" + marks(chunk.size()) + ")")) {
                select.setString(1, tenant);
                for (int i = 0; i < chunk.size(); i++) {
                    select.setString(i + 2, chunk.get(i));
                }
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        live.add(rs.getString(1));
                    }
                }
            }
        }
        return live;
    }

    /** Adds members (users already checked to be the group's tenant's) to the group. */
    public void addMembers(Connection connection, String groupId, Collection<String> userIds) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO scim_group_member (group_id, user_id) VALUES (?, ?)")) {
            for (String userId : userIds) {
                insert.setString(1, groupId);
                insert.setString(2, userId);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    public void removeMembers(Connection connection, String groupId, Collection<String> userIds) throws SQLException {
        try (PreparedStatement delete = connection.prepareStatement(
                "DELETE FROM scim_group_member WHERE group_id = ? AND user_id = ?")) {
            for (String userId : userIds) {
                delete.setString(1, groupId);
                delete.setString(2, userId);
                delete.addBatch();
            }
            delete.executeBatch();
        }
    }

    private List<GroupRow> query(String sql, String... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return query(connection, sql, parameters);
        }
    }

    private static List<GroupRow> query(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                List<GroupRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new GroupRow(rs.getString("id"), rs.getString("tenant"), rs.getString("display_name"),
                            rs.getString("external_id"), rs.getString("resource_json"), rs.getLong("version"),
                            SqlTimestamps.get(rs, "created_at"), SqlTimestamps.get(rs, "modified_at")));
                }
                return rows;
            }
        }
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }

    private static String displayName(ObjectNode resource) {
        String displayName = text(resource.get("displayName"));
        if (displayName == null) {
            throw new IllegalArgumentException("a group resource without displayName reached storage");
        }
        return displayName;
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    /** IN lists of bounded size: PostgreSQL takes at most 32767 parameters per statement. */
    private static List<List<String>> chunks(Collection<String> ids) {
        List<String> all = List.copyOf(ids);
        List<List<String>> chunks = new ArrayList<>();
        for (int i = 0; i < all.size(); i += 500) {
            chunks.add(all.subList(i, Math.min(all.size(), i + 500)));
        }
        return chunks;
    }

    private static String marks(int count) {
        return String.join(", ", java.util.Collections.nCopies(count, "?"));
    }
}
