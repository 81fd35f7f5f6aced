package io.ssogate.scim.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.ssogate.core.storage.SqlStates;
import io.ssogate.core.storage.SqlTimestamps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * SCIM users in {@code scim_user} (and their emails in {@code scim_user_email}), plain JDBC on H2 or
 * PostgreSQL. Every statement names the tenant, so one tenant's token never reads or changes another's rows.
 * Only live users are ever read: a tombstone (deleted_at set) is the sync's until it removes it.
 *
 * <p>Writes take the caller's connection, so the caller can queue the sync in the same transaction; they
 * never touch the columns the sync owns (Mattermost id and username, sync detail, synced version and time).
 */
public final class ScimUserStore {

    private static final String COLUMNS = "id, tenant, user_name, external_id, active, resource_json, version,"
            + " created_at, modified_at, sync_state, sync_detail, mattermost_user_id, mattermost_username, synced_at";
    private static final String LIVE = " deleted_at IS NULL";
    static final String PENDING = "PENDING";

    private final DataSource dataSource;

    public ScimUserStore(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Optional<UserRow> find(String tenant, String id) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, tenant, id);
        }
    }

    public Optional<UserRow> find(Connection connection, String tenant, String id) throws SQLException {
        List<UserRow> rows = query(connection, "SELECT " + COLUMNS + " FROM scim_user WHERE tenant = ? AND id = ? AND"
                + LIVE, tenant, id);
        return rows.stream().findFirst();
    }

    /** Users whose userName equals {@code userName}, ignoring case (at most one). */
    public List<UserRow> byUserName(String tenant, String userName) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM scim_user WHERE tenant = ? AND user_name_key = ? AND" + LIVE,
                tenant, userName.toLowerCase(Locale.ROOT));
    }

    /** Users whose externalId is exactly {@code externalId} (caseExact in RFC 7643). */
    public List<UserRow> byExternalId(String tenant, String externalId) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM scim_user WHERE tenant = ? AND external_id = ? AND" + LIVE,
                tenant, externalId);
    }

    /** Users with {@code email} among their emails, ignoring case. */
    public List<UserRow> byEmail(String tenant, String email) throws SQLException {
        // A join from the email index, not IN (subquery): H2 may evaluate the latter once per user row.
        return query("SELECT " + prefixed("u") + " FROM scim_user_email e JOIN scim_user u ON u.id = e.user_id"
                        + " WHERE e.tenant = ? AND e.email_key = ? AND u.tenant = ? AND u.deleted_at IS NULL",
                tenant, email.toLowerCase(Locale.ROOT), tenant);
    }

    /** Every live user of the tenant, oldest first (the order of an unsorted list answer). */
    public List<UserRow> all(String tenant) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM scim_user WHERE tenant = ? AND" + LIVE + " ORDER BY created_at, id",
                tenant);
    }

    /** One page of the tenant's live users, oldest first: {@code offset} rows skipped, at most {@code limit}. */
    public List<UserRow> page(String tenant, int offset, int limit) throws SQLException {
        return query("SELECT " + COLUMNS + " FROM scim_user WHERE tenant = ? AND" + LIVE
                + " ORDER BY created_at, id OFFSET " + Math.max(0, offset) + " ROWS FETCH NEXT " + Math.max(0, limit)
                + " ROWS ONLY", tenant);
    }

    /** How many live users the tenant has. */
    public int count(String tenant) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT COUNT(*) FROM scim_user WHERE tenant = ? AND" + LIVE)) {
            select.setString(1, tenant);
            try (ResultSet rs = select.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /**
     * Stores a new user, version 1, sync PENDING.
     *
     * @throws DuplicateUserNameException when a live user of the tenant has the same userName, ignoring case
     */
    public UserRow insert(Connection connection, String tenant, String id, ObjectNode resource, Instant now)
            throws SQLException, DuplicateUserNameException {
        UserColumns columns = UserColumns.of(resource);
        String json = resource.toString();
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scim_user (id, tenant, user_name,"
                + " user_name_key, external_id, email_key, active, resource_json, version, created_at, modified_at,"
                + " sync_state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, ?, ?, ?)")) {
            insert.setString(1, id);
            insert.setString(2, tenant);
            insert.setString(3, columns.userName());
            insert.setString(4, columns.userNameKey());
            insert.setString(5, columns.externalId());
            insert.setString(6, columns.emailKey());
            insert.setBoolean(7, columns.active());
            insert.setString(8, json);
            SqlTimestamps.set(insert, 9, now);
            SqlTimestamps.set(insert, 10, now);
            insert.setString(11, PENDING);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                throw new DuplicateUserNameException(columns.userName());
            }
            throw e;
        }
        writeEmails(connection, tenant, id, columns);
        return new UserRow(id, tenant, columns.userName(), columns.externalId(), columns.active(), json, 1, now, now,
                PENDING, null, null, null, null);
    }

    /**
     * Replaces the stored resource of {@code current} if it is still at {@code current.version()}, bumping the
     * version and setting the sync PENDING.
     *
     * @return the new row, or empty when another change came first (the version moved or the user is gone)
     * @throws DuplicateUserNameException when the new userName is another live user's
     */
    public Optional<UserRow> update(Connection connection, UserRow current, ObjectNode resource, Instant now)
            throws SQLException, DuplicateUserNameException {
        UserColumns columns = UserColumns.of(resource);
        String json = resource.toString();
        int updated;
        try (PreparedStatement update = connection.prepareStatement("UPDATE scim_user SET user_name = ?,"
                + " user_name_key = ?, external_id = ?, email_key = ?, active = ?, resource_json = ?,"
                + " version = version + 1, modified_at = ?, sync_state = ?"
                + " WHERE tenant = ? AND id = ? AND version = ? AND" + LIVE)) {
            update.setString(1, columns.userName());
            update.setString(2, columns.userNameKey());
            update.setString(3, columns.externalId());
            update.setString(4, columns.emailKey());
            update.setBoolean(5, columns.active());
            update.setString(6, json);
            SqlTimestamps.set(update, 7, now);
            update.setString(8, PENDING);
            update.setString(9, current.tenant());
            update.setString(10, current.id());
            update.setLong(11, current.version());
            updated = update.executeUpdate();
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                throw new DuplicateUserNameException(columns.userName());
            }
            throw e;
        }
        if (updated == 0) {
            return Optional.empty();
        }
        writeEmails(connection, current.tenant(), current.id(), columns);
        return Optional.of(new UserRow(current.id(), current.tenant(), columns.userName(), columns.externalId(),
                columns.active(), json, current.version() + 1, current.created(), now, PENDING,
                current.syncDetail(), current.mattermostUserId(), current.mattermostUsername(), current.syncedAt()));
    }

    /**
     * Turns the user into a tombstone if it is still at {@code version}: SCIM no longer sees it, its userName
     * is free again, its emails and group memberships go; the sync deactivates the account, then removes it.
     *
     * @return false when another change came first
     */
    public boolean tombstone(Connection connection, String tenant, String id, long version, Instant now)
            throws SQLException {
        // Groups first, then the user: group writes lock their group, then its members' rows, and taking
        // them in the same order means a delete and a group change wait for each other, never deadlock.
        // The groups lose a member: a new version each, so their ETags tell clients holding them.
        try (PreparedStatement bump = connection.prepareStatement("UPDATE scim_group SET version = version + 1,"
                + " modified_at = ? WHERE tenant = ? AND id IN (SELECT m.group_id FROM scim_group_member m"
                + " WHERE m.user_id = ?)")) {
            SqlTimestamps.set(bump, 1, now);
            bump.setString(2, tenant);
            bump.setString(3, id);
            bump.executeUpdate();
        }
        int updated;
        try (PreparedStatement update = connection.prepareStatement("UPDATE scim_user SET deleted_at = ?,"
                + " user_name_key = ?, version = version + 1, modified_at = ?, sync_state = ?"
                + " WHERE tenant = ? AND id = ? AND version = ? AND" + LIVE)) {
            SqlTimestamps.set(update, 1, now);
            update.setString(2, "~deleted~" + id);
            SqlTimestamps.set(update, 3, now);
            update.setString(4, PENDING);
            update.setString(5, tenant);
            update.setString(6, id);
            update.setLong(7, version);
            updated = update.executeUpdate();
        }
        if (updated == 0) {
            connection.rollback(); // the groups' new versions go too: nothing changed
            return false;
        }
        execute(connection, "DELETE FROM scim_user_email WHERE tenant = ? AND user_id = ?", tenant, id);
        execute(connection, "DELETE FROM scim_group_member WHERE user_id = ? AND group_id IN"
                + " (SELECT g.id FROM scim_group g WHERE g.tenant = ?)", id, tenant);
        return true;
    }

    /**
     * Marks users whose account may change through a group (joined, left, group renamed) as waiting for
     * sync, with a new version: their {@code groups} attribute changed, so their ETags do too.
     */
    public void markPending(Connection connection, String tenant, Collection<String> ids, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE scim_user SET sync_state = ?,"
                + " version = version + 1, modified_at = ? WHERE tenant = ? AND id = ? AND" + LIVE)) {
            for (String id : ids) {
                update.setString(1, PENDING);
                SqlTimestamps.set(update, 2, now);
                update.setString(3, tenant);
                update.setString(4, id);
                update.addBatch();
            }
            update.executeBatch();
        }
    }

    private void writeEmails(Connection connection, String tenant, String id, UserColumns columns)
            throws SQLException {
        execute(connection, "DELETE FROM scim_user_email WHERE tenant = ? AND user_id = ?", tenant, id);
        if (columns.emailKeys().isEmpty()) {
            return;
        }
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO scim_user_email (tenant, user_id, email_key) VALUES (?, ?, ?)")) {
            for (String key : columns.emailKeys()) {
                insert.setString(1, tenant);
                insert.setString(2, id);
                insert.setString(3, key);
                insert.addBatch();
            }
            insert.executeBatch();
        }
    }

    private List<UserRow> query(String sql, String... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return query(connection, sql, parameters);
        }
    }

    private static List<UserRow> query(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                select.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = select.executeQuery()) {
                List<UserRow> rows = new ArrayList<>();
                while (rs.next()) {
                    rows.add(new UserRow(rs.getString("id"), rs.getString("tenant"), rs.getString("user_name"),
                            rs.getString("external_id"), rs.getBoolean("active"), rs.getString("resource_json"),
                            rs.getLong("version"), SqlTimestamps.get(rs, "created_at"),
                            SqlTimestamps.get(rs, "modified_at"), rs.getString("sync_state"),
                            rs.getString("sync_detail"), rs.getString("mattermost_user_id"),
                            rs.getString("mattermost_username"), SqlTimestamps.get(rs, "synced_at")));
                }
                return rows;
            }
        }
    }

    static void execute(Connection connection, String sql, String... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static String prefixed(String alias) {
        return alias + "." + COLUMNS.replace(", ", ", " + alias + ".");
    }
}
