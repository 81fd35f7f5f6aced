package io.ssogate.scim.auth;

import io.ssogate.core.config.Secret;
import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.core.storage.StorageException;

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
import java.util.UUID;
import javax.sql.DataSource;

/**
 * The SCIM bearer tokens of every tenant ({@code scim_token}): issued by {@code ssogate scim-token create},
 * listed, revoked. Only the SHA-256 of a token is stored; its text is handed out once, by {@link #create}.
 * A revoked token stays listed (with when it was revoked) and is refused. One auto-committed statement per
 * call; thread-safe.
 */
public final class ScimTokens {

    static final int MAX_TENANT_LENGTH = 64;
    static final int MAX_LABEL_LENGTH = 200;

    private static final String COLUMNS = "id, tenant, token_hash, label, created_at, last_used_at, revoked_at";

    private final DataSource dataSource;
    private final Clock clock;

    public ScimTokens(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Issues a new token for {@code tenant}. The caller shows {@link IssuedToken#token()} once and forgets
     * it. Whether the tenant is configured is the caller's to check (the command names the file).
     *
     * @param label what the token is for, one line of up to 200 characters; null or blank for none
     */
    public IssuedToken create(String tenant, String label) {
        checkTenant(tenant);
        String cleanLabel = label == null || label.isBlank() ? null : label.strip();
        if (cleanLabel != null && (cleanLabel.length() > MAX_LABEL_LENGTH
                || cleanLabel.chars().anyMatch(Character::isISOControl))) {
            throw new IllegalArgumentException("a token's label is one line of at most " + MAX_LABEL_LENGTH
                    + " characters");
        }
        String token = TokenHash.newToken();
        ScimToken info = new ScimToken(UUID.randomUUID().toString(), tenant, cleanLabel, SqlTimestamps.now(clock),
                null, null);
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO scim_token (id, tenant, token_hash, label,"
                     + " created_at) VALUES (?, ?, ?, ?, ?)")) {
            insert.setString(1, info.id());
            insert.setString(2, tenant);
            insert.setString(3, TokenHash.of(token));
            insert.setString(4, cleanLabel);
            SqlTimestamps.set(insert, 5, info.createdAt());
            insert.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not store a new SCIM token of tenant " + tenant, e);
        }
        return new IssuedToken(info, Secret.of(token));
    }

    /** The tenant's tokens, revoked ones included, oldest first. */
    public List<ScimToken> list(String tenant) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM scim_token WHERE tenant = ?"
                     + " ORDER BY created_at, id")) {
            select.setString(1, tenant);
            List<ScimToken> tokens = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    tokens.add(read(rs).info());
                }
            }
            return tokens;
        } catch (SQLException e) {
            throw new StorageException("could not list the SCIM tokens of tenant " + tenant, e);
        }
    }

    /** The token with this id, of whichever tenant, revoked or not. */
    public Optional<ScimToken> find(String id) {
        return selectOne("id", id).map(Stored::info);
    }

    /**
     * Revokes the token: from then on every gateway refuses it (within its authenticator's cache time).
     * Returns whether a live token was revoked: false for an unknown id or one revoked already, whose
     * revocation time stays the first.
     */
    public boolean revoke(String id) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE scim_token SET revoked_at = ?"
                     + " WHERE id = ? AND revoked_at IS NULL")) {
            SqlTimestamps.set(update, 1, SqlTimestamps.now(clock));
            update.setString(2, id);
            return update.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StorageException("could not revoke SCIM token " + id, e);
        }
    }

    /** A row with its hash, for the authenticator alone. */
    record Stored(ScimToken info, String tokenHash) {
        @Override
        public String toString() {
            return info.toString();
        }
    }

    Optional<Stored> findByHash(String tokenHash) {
        return selectOne("token_hash", tokenHash);
    }

    /**
     * Records a use at {@code now} unless one was recorded after {@code notSince}: gateways that all saw
     * the token in the same minute write the row once, not once each.
     */
    void recordUse(String id, Instant now, Instant notSince) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement update = c.prepareStatement("UPDATE scim_token SET last_used_at = ?"
                     + " WHERE id = ? AND (last_used_at IS NULL OR last_used_at <= ?)")) {
            SqlTimestamps.set(update, 1, now);
            update.setString(2, id);
            SqlTimestamps.set(update, 3, notSince);
            update.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not record the use of SCIM token " + id, e);
        }
    }

    Instant now() {
        return SqlTimestamps.now(clock);
    }

    private Optional<Stored> selectOne(String column, String value) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM scim_token WHERE "
                     + column + " = ?")) {
            select.setString(1, value);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read a SCIM token", e);
        }
    }

    private static Stored read(ResultSet rs) throws SQLException {
        return new Stored(new ScimToken(rs.getString("id"), rs.getString("tenant"), rs.getString("label"),
                SqlTimestamps.get(rs, "created_at"), SqlTimestamps.get(rs, "last_used_at"),
                SqlTimestamps.get(rs, "revoked_at")), rs.getString("token_hash"));
    }

    private static void checkTenant(String tenant) {
        if (tenant == null || tenant.isBlank() || tenant.length() > MAX_TENANT_LENGTH
                || !tenant.equals(tenant.strip())) {
            throw new IllegalArgumentException("a tenant name is 1 to " + MAX_TENANT_LENGTH
                    + " characters, without surrounding spaces");
        }
    }
}
