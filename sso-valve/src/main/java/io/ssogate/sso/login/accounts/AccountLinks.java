package io.ssogate.sso.login.accounts;

import io.ssogate.core.storage.SqlStates;
import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.core.storage.StorageException;
import io.ssogate.sso.identity.Identity;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The {@code sso_account_link} and {@code sso_account_claim} tables, shared by every node: which Mattermost
 * account an identity logs in as, and who is provisioning one right now. One auto-committed statement per
 * call; the unique keys, not a JVM lock, settle races between nodes.
 */
public final class AccountLinks {

    /** A provisioning claim this node holds, to release when done. */
    public record Claim(String id) {
    }

    /** An identity, as the link table keys it. */
    public record LinkedIdentity(String tenant, String idp, String subject) {
    }

    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;
    private final Clock clock;

    public AccountLinks(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** The Mattermost user id linked to {@code identity}, if any. */
    public Optional<String> linkedUser(Identity identity) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT mattermost_user_id FROM sso_account_link"
                     + " WHERE tenant = ? AND idp = ? AND subject = ?")) {
            setKey(select, identity);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read an account link", e);
        }
    }

    /** The identity linked to Mattermost user {@code mattermostUserId}, if any. */
    public Optional<LinkedIdentity> identityLinkedTo(String mattermostUserId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement select = c.prepareStatement("SELECT tenant, idp, subject FROM sso_account_link"
                     + " WHERE mattermost_user_id = ?")) {
            select.setString(1, mattermostUserId);
            try (ResultSet rs = select.executeQuery()) {
                return rs.next() ? Optional.of(new LinkedIdentity(rs.getString(1), rs.getString(2), rs.getString(3)))
                        : Optional.empty();
            }
        } catch (SQLException e) {
            throw new StorageException("could not read an account link", e);
        }
    }

    /**
     * Links {@code identity} to {@code mattermostUserId}. Returns false, changing nothing, when either side
     * is already linked (to anything: a link is never silently moved).
     */
    public boolean link(Identity identity, String mattermostUserId) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO sso_account_link"
                     + " (tenant, idp, subject, mattermost_user_id, created_at) VALUES (?, ?, ?, ?, ?)")) {
            setKey(insert, identity);
            insert.setString(4, mattermostUserId);
            SqlTimestamps.set(insert, 5, SqlTimestamps.now(clock));
            insert.executeUpdate();
            return true;
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                return false;
            }
            throw new StorageException("could not store an account link", e);
        }
    }

    /** Removes the link of {@code identity}; returns whether there was one. */
    public boolean unlink(Identity identity) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM sso_account_link"
                     + " WHERE tenant = ? AND idp = ? AND subject = ?")) {
            setKey(delete, identity);
            return delete.executeUpdate() > 0;
        } catch (SQLException e) {
            throw new StorageException("could not delete an account link", e);
        }
    }

    /**
     * Claims the provisioning of {@code identity}'s account for {@code ttl}. Empty when another caller holds
     * a live claim: the primary key lets exactly one insert win, on whichever node. A claim past its expiry
     * (its node died mid-way) is removed first, so it blocks nobody for longer than {@code ttl}.
     */
    public Optional<Claim> claim(Identity identity, Duration ttl) {
        Instant now = SqlTimestamps.now(clock);
        Claim claim = new Claim(HexFormat.of().formatHex(randomBytes()));
        try (Connection c = dataSource.getConnection()) {
            try (PreparedStatement expired = c.prepareStatement("DELETE FROM sso_account_claim"
                    + " WHERE tenant = ? AND idp = ? AND subject = ? AND expires_at <= ?")) {
                setKey(expired, identity);
                SqlTimestamps.set(expired, 4, now);
                expired.executeUpdate();
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO sso_account_claim"
                    + " (tenant, idp, subject, claim_id, claimed_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                setKey(insert, identity);
                insert.setString(4, claim.id());
                SqlTimestamps.set(insert, 5, now);
                SqlTimestamps.set(insert, 6, now.plus(ttl));
                insert.executeUpdate();
                return Optional.of(claim);
            }
        } catch (SQLException e) {
            if (SqlStates.isUniqueViolation(e)) {
                return Optional.empty();
            }
            throw new StorageException("could not claim an account's provisioning", e);
        }
    }

    /** Releases {@code claim}; a claim that expired and was taken by someone else is left to them. */
    public void release(Identity identity, Claim claim) {
        try (Connection c = dataSource.getConnection();
             PreparedStatement delete = c.prepareStatement("DELETE FROM sso_account_claim"
                     + " WHERE tenant = ? AND idp = ? AND subject = ? AND claim_id = ?")) {
            setKey(delete, identity);
            delete.setString(4, claim.id());
            delete.executeUpdate();
        } catch (SQLException e) {
            throw new StorageException("could not release an account's provisioning claim", e);
        }
    }

    private static void setKey(PreparedStatement statement, Identity identity) throws SQLException {
        statement.setString(1, identity.tenant());
        statement.setString(2, identity.idp());
        statement.setString(3, identity.subject());
    }

    private static byte[] randomBytes() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
