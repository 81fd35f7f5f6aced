package io.ssogate.sso.session;

import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.core.storage.StorageException;
import io.ssogate.sso.identity.Identity;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.sql.DataSource;

/** The {@code sso_session} table: one auto-committed statement per call. */
public final class SessionRepository {

    private static final String COLUMNS =
            "token_hash, identity_json, idp_session_id, logout_hint, created_at, last_seen_at, expires_at, revoked_at";

    private final DataSource dataSource;
    private final ObjectMapper json = new ObjectMapper();

    public SessionRepository(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    public void insert(GatewaySession session) {
        Identity identity = session.identity();
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO sso_session (token_hash, tenant, idp, subject,"
                     + " idp_session_id, email, identity_json, logout_hint, created_at, last_seen_at, expires_at)"
                     + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            insert.setString(1, session.tokenHash());
            insert.setString(2, identity.tenant());
            insert.setString(3, identity.idp());
            insert.setString(4, identity.subject());
            insert.setString(5, session.idpSessionId());
            insert.setString(6, identity.email());
            insert.setString(7, json.writeValueAsString(identity));
            insert.setString(8, session.logoutHint());
            SqlTimestamps.set(insert, 9, session.createdAt());
            SqlTimestamps.set(insert, 10, session.lastSeenAt());
            SqlTimestamps.set(insert, 11, session.expiresAt());
            insert.executeUpdate();
        } catch (SQLException | JsonProcessingException e) {
            throw new StorageException("could not store a gateway session", e);
        }
    }

    public Optional<GatewaySession> find(String tokenHash) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT " + COLUMNS + " FROM sso_session WHERE token_hash = ?")) {
            select.setString(1, tokenHash);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        } catch (SQLException | JsonProcessingException e) {
            throw new StorageException("could not read a gateway session", e);
        }
    }

    /** Records a use; only moves {@code last_seen_at} forward, as several nodes write it. */
    public void touch(String tokenHash, Instant seenAt) {
        update("UPDATE sso_session SET last_seen_at = ? WHERE token_hash = ? AND last_seen_at < ?",
                statement -> {
                    SqlTimestamps.set(statement, 1, seenAt);
                    statement.setString(2, tokenHash);
                    SqlTimestamps.set(statement, 3, seenAt);
                });
    }

    /** Revokes one session; returns whether it was alive. */
    public boolean revoke(String tokenHash, Instant at) {
        return update("UPDATE sso_session SET revoked_at = ? WHERE token_hash = ? AND revoked_at IS NULL", s -> {
            SqlTimestamps.set(s, 1, at);
            s.setString(2, tokenHash);
        }) > 0;
    }

    /** Revokes every live session that {@code idp} opened under its session id {@code idpSessionId}. */
    public int revokeByIdpSession(String idp, String idpSessionId, Instant at) {
        return update("UPDATE sso_session SET revoked_at = ? WHERE idp = ? AND idp_session_id = ? AND revoked_at IS NULL",
                s -> {
                    SqlTimestamps.set(s, 1, at);
                    s.setString(2, idp);
                    s.setString(3, idpSessionId);
                });
    }

    /** Revokes every live session of {@code subject} at {@code idp}. */
    public int revokeBySubject(String idp, String subject, Instant at) {
        return update("UPDATE sso_session SET revoked_at = ? WHERE idp = ? AND subject = ? AND revoked_at IS NULL",
                s -> {
                    SqlTimestamps.set(s, 1, at);
                    s.setString(2, idp);
                    s.setString(3, subject);
                });
    }

    /** Hashes of sessions revoked at or after {@code since}: what other nodes drop from their caches. */
    public List<String> revokedSince(Instant since) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT token_hash FROM sso_session WHERE revoked_at >= ?")) {
            SqlTimestamps.set(select, 1, since);
            List<String> hashes = new ArrayList<>();
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    hashes.add(rs.getString(1));
                }
            }
            return hashes;
        } catch (SQLException e) {
            throw new StorageException("could not read revoked gateway sessions", e);
        }
    }

    /**
     * Deletes sessions that ended before {@code endedBefore}: expired, or revoked long enough ago that every
     * node has seen the revocation.
     */
    public int deleteEndedBefore(Instant endedBefore) {
        return update("DELETE FROM sso_session WHERE expires_at < ? OR revoked_at < ?", s -> {
            SqlTimestamps.set(s, 1, endedBefore);
            SqlTimestamps.set(s, 2, endedBefore);
        });
    }

    private GatewaySession read(ResultSet rs) throws SQLException, JsonProcessingException {
        return new GatewaySession(rs.getString("token_hash"), json.readValue(rs.getString("identity_json"), Identity.class),
                rs.getString("idp_session_id"), rs.getString("logout_hint"), SqlTimestamps.get(rs, "created_at"), SqlTimestamps.get(rs, "last_seen_at"),
                SqlTimestamps.get(rs, "expires_at"), SqlTimestamps.get(rs, "revoked_at"));
    }

    private interface Binder {
        void bind(PreparedStatement statement) throws SQLException;
    }

    private int update(String sql, Binder binder) {
        try (Connection c = dataSource.getConnection(); PreparedStatement statement = c.prepareStatement(sql)) {
            binder.bind(statement);
            return statement.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not update gateway sessions", e);
        }
    }
}
