package io.ssogate.core.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Settings stored in the {@code setting} table, with optimistic concurrency: every write names the version
 * it read and fails with {@link SettingConflictException} if another writer (another admin, another gateway
 * node) got there first. Each call is one auto-committed statement, so nothing holds a lock between
 * an admin's read and write.
 */
public final class SettingsRepository {

    /** Matches {@code setting.setting_key VARCHAR(200)}. */
    public static final int MAX_KEY_LENGTH = 200;
    /** Matches {@code setting.setting_value VARCHAR(1000000)}, H2's largest VARCHAR. */
    public static final int MAX_VALUE_LENGTH = 1_000_000;
    /** Matches {@code setting.updated_by VARCHAR(200)}. */
    public static final int MAX_UPDATED_BY_LENGTH = 200;

    private static final String COLUMNS = "setting_key, setting_value, version, updated_at, updated_by";

    private final DataSource dataSource;
    private final Clock clock;

    public SettingsRepository(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public SettingsRepository(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public Optional<StoredSetting> find(String key) {
        requireText("key", key, MAX_KEY_LENGTH);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM setting WHERE setting_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read setting [" + key + "]", e);
        }
    }

    /** All settings, ordered by key. */
    public List<StoredSetting> findAll() {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT " + COLUMNS + " FROM setting ORDER BY setting_key");
             ResultSet rs = select.executeQuery()) {
            List<StoredSetting> settings = new ArrayList<>();
            while (rs.next()) {
                settings.add(read(rs));
            }
            return settings;
        } catch (SQLException e) {
            throw new StorageException("could not read settings", e);
        }
    }

    /**
     * Creates or replaces a setting.
     *
     * @param expectedVersion 0 to create (the key must not exist), otherwise the version last read
     * @return the setting as now stored, with its new version
     * @throws SettingConflictException if the stored version is not {@code expectedVersion}
     */
    public StoredSetting put(String key, String value, long expectedVersion, String updatedBy) {
        requireText("key", key, MAX_KEY_LENGTH);
        requireText("updatedBy", updatedBy, MAX_UPDATED_BY_LENGTH);
        Objects.requireNonNull(value, "value");
        if (value.length() > MAX_VALUE_LENGTH) {
            throw new IllegalArgumentException("value of setting [" + key + "] is longer than "
                    + MAX_VALUE_LENGTH + " characters");
        }
        if (expectedVersion < 0) {
            throw new IllegalArgumentException("expectedVersion must be 0 (create) or a version read before");
        }
        StoredSetting stored = new StoredSetting(key, value, expectedVersion + 1, SqlTimestamps.now(clock), updatedBy);
        try (Connection connection = dataSource.getConnection()) {
            boolean written = expectedVersion == 0 ? insert(connection, stored) : update(connection, stored);
            if (!written) {
                throw new SettingConflictException(key, expectedVersion, currentVersion(connection, key));
            }
            return stored;
        } catch (SQLException e) {
            throw new StorageException("could not write setting [" + key + "]", e);
        }
    }

    /**
     * Deletes a setting if it still has {@code expectedVersion}.
     *
     * @return true if deleted, false if there was no such setting
     * @throws SettingConflictException if the setting exists with another version
     */
    public boolean delete(String key, long expectedVersion) {
        requireText("key", key, MAX_KEY_LENGTH);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement(
                     "DELETE FROM setting WHERE setting_key = ? AND version = ?")) {
            delete.setString(1, key);
            delete.setLong(2, expectedVersion);
            if (delete.executeUpdate() == 1) {
                return true;
            }
            long current = currentVersion(connection, key);
            if (current == 0) {
                return false;
            }
            throw new SettingConflictException(key, expectedVersion, current);
        } catch (SQLException e) {
            throw new StorageException("could not delete setting [" + key + "]", e);
        }
    }

    /**
     * Plain INSERT; the primary key decides races between creators. An upsert would silently overwrite the
     * other creator's value, which is exactly what expectedVersion 0 promises not to do.
     */
    private static boolean insert(Connection connection, StoredSetting setting) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO setting (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, setting.key());
            insert.setString(2, setting.value());
            insert.setLong(3, setting.version());
            SqlTimestamps.set(insert, 4, setting.updatedAt());
            insert.setString(5, setting.updatedBy());
            return insert.executeUpdate() == 1;
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    /**
     * Compare-and-set on the version column. Under READ COMMITTED a concurrent writer blocks on the row
     * lock and then re-checks the WHERE clause against the committed row (PostgreSQL manual, "Read
     * Committed Isolation Level"), so exactly one of two writers with the same expected version wins.
     */
    private static boolean update(Connection connection, StoredSetting setting) throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE setting SET setting_value = ?, version = ?, updated_at = ?, updated_by = ?"
                        + " WHERE setting_key = ? AND version = ?")) {
            update.setString(1, setting.value());
            update.setLong(2, setting.version());
            SqlTimestamps.set(update, 3, setting.updatedAt());
            update.setString(4, setting.updatedBy());
            update.setString(5, setting.key());
            update.setLong(6, setting.version() - 1);
            return update.executeUpdate() == 1;
        }
    }

    private static long currentVersion(Connection connection, String key) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT version FROM setting WHERE setting_key = ?")) {
            select.setString(1, key);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? rs.getLong(1) : 0;
            }
        }
    }

    private static StoredSetting read(ResultSet rs) throws SQLException {
        return new StoredSetting(rs.getString("setting_key"), rs.getString("setting_value"),
                rs.getLong("version"), SqlTimestamps.get(rs, "updated_at"), rs.getString("updated_by"));
    }

    private static void requireText(String name, String text, int maxLength) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (text.length() > maxLength) {
            throw new IllegalArgumentException(name + " is longer than " + maxLength + " characters");
        }
    }
}
