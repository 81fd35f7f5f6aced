package io.ssogate.scim.sync;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.core.accounts.SessionTermination;
import io.ssogate.core.accounts.Tenant;
import io.ssogate.core.accounts.TenantDirectory;
import io.ssogate.core.config.Secret;
import io.ssogate.core.mattermost.MattermostAdmin;
import io.ssogate.core.mattermost.MattermostApiException;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.mattermost.MattermostLogin;
import io.ssogate.core.mattermost.MattermostUser;
import io.ssogate.core.mattermost.NewMattermostUser;
import io.ssogate.core.mattermost.PasswordGenerator;
import io.ssogate.core.mattermost.UsernameRules;
import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.scim.config.ScimConfig;
import io.ssogate.scim.sync.SyncRecords.AppliedMembership;
import io.ssogate.scim.sync.SyncRecords.Kind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Brings one SCIM user's Mattermost account in line with the user's record as it is now. It reads the current
 * row, not the change that queued it, so running it twice, or once for ten queued changes, gives the same
 * account: that is what lets the outbox coalesce and retry freely.
 *
 * <p>In order: a tombstone is retired (deactivated or deleted, sessions ended, row removed); an email outside the
 * tenant's domains is only recorded; otherwise the account is found (linked id, else email: a create whose answer
 * was lost is found, not made twice) or created with a vaulted password, changed in place where it differs,
 * deactivated with every session ended or reactivated, and put in the teams and channels its groups map to.
 */
public final class UserReconciler {

    private static final Logger LOG = LoggerFactory.getLogger(UserReconciler.class);

    /** What the outbox needs back: which version was applied, or that the row is gone. */
    public record Result(long version, boolean removed) {
        static final Result REMOVED = new Result(-1, true);
    }

    private final SyncRecords records;
    private final Supplier<ScimConfig> config;
    private final TenantDirectory tenants;
    private final MattermostAdmin admin;
    private final CredentialVault vault;
    private final SessionTermination sessions;
    private final PasswordGenerator passwords;
    private final Clock clock;
    /**
     * Passwords sent in creates whose answer never came, by SCIM user id: if Mattermost made the account anyway,
     * the retry finds it by email and, once this password logs into it, vaults it, so the person can still sign
     * in at once. Kept on this node only; elsewhere the sign-in's takeover sets a new password instead.
     */
    private final Map<String, Secret> unansweredCreates = new ConcurrentHashMap<>();

    /**
     * @param config    the live {@code scim:} section (group mappings, deleteMode)
     * @param sessions  ends the gateway's own sessions of a deactivated or deleted account, on every node
     */
    public UserReconciler(DataSource db, Supplier<ScimConfig> config, TenantDirectory tenants, MattermostAdmin admin,
                          CredentialVault vault, SessionTermination sessions, PasswordGenerator passwords,
                          Clock clock) {
        this.records = new SyncRecords(Objects.requireNonNull(db, "db"));
        this.config = Objects.requireNonNull(config, "config");
        this.tenants = Objects.requireNonNull(tenants, "tenants");
        this.admin = Objects.requireNonNull(admin, "admin");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.sessions = Objects.requireNonNull(sessions, "sessions");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Reconciles SCIM user {@code userId} of {@code tenant}.
     *
     * @throws SyncFailure when Mattermost cannot be brought in line now; the caller retries later
     */
    public Result reconcile(String tenant, String userId) throws SyncFailure {
        Optional<ScimUserRecord> loaded = records.load(tenant, userId);
        if (loaded.isEmpty()) {
            return Result.REMOVED; // retired already, by an earlier run whose queue entries outlived it
        }
        ScimUserRecord user = loaded.get();
        try {
            if (user.deleted()) {
                retire(user);
                return Result.REMOVED;
            }
            Optional<String> outside = outsideReason(user);
            if (outside.isPresent()) {
                records.recordOutcome(user, SyncState.OUTSIDE_DOMAINS, outside.get(), SqlTimestamps.now(clock));
                return new Result(user.version(), false);
            }
            MattermostClient mattermost = client();
            MattermostUser account = findOrCreate(mattermost, user);
            account = changeInPlace(mattermost, user, account);
            if (user.active()) {
                if (!account.isActive()) {
                    mattermost.setActive(account.id(), true);
                    LOG.info("Reactivated Mattermost user [{}] ({}) for SCIM user [{}] of tenant [{}]",
                            account.username(), account.id(), user.id(), user.tenant());
                }
                applyMemberships(mattermost, user, account.id());
            } else {
                deactivate(mattermost, user, account);
            }
            records.recordOutcome(user, SyncState.SYNCED, null, SqlTimestamps.now(clock));
            return new Result(user.version(), false);
        } catch (MattermostApiException e) {
            throw new SyncFailure(e.getMessage(), e);
        }
    }

    private Optional<String> outsideReason(ScimUserRecord user) {
        Optional<Tenant> tenant = tenants.find(user.tenant());
        if (tenant.isEmpty()) {
            return Optional.of("tenant [" + user.tenant() + "] is not configured: no domains to provision into");
        }
        String email = user.email();
        if (email == null) {
            return Optional.of("the user has no email address; Mattermost accounts need one");
        }
        if (!tenant.get().ownsEmail(email)) {
            return Optional.of("email domain of [" + email + "] is not one of tenant [" + user.tenant()
                    + "]'s domains " + tenant.get().domains());
        }
        return Optional.empty();
    }

    private MattermostClient client() throws SyncFailure {
        return admin.client().orElseThrow(() -> new SyncFailure(
                "login.adminToken is not set: the gateway has no Mattermost admin client to provision with"));
    }

    /** The linked account; else the account with the email (linked now); else a new one. */
    private MattermostUser findOrCreate(MattermostClient mattermost, ScimUserRecord user) throws SyncFailure {
        if (user.mattermostUserId() != null) {
            try {
                return mattermost.getUser(user.mattermostUserId());
            } catch (MattermostApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                LOG.warn("Mattermost user ({}) of SCIM user [{}] of tenant [{}] no longer exists; provisioning anew",
                        user.mattermostUserId(), user.id(), user.tenant());
            }
        }
        String email = user.email();
        // By email before creating: the answer to an earlier create may have been lost after Mattermost made it.
        Optional<MattermostUser> existing = mattermost.findUserByEmail(email);
        if (existing.isPresent()) {
            MattermostUser account = existing.get();
            if (account.roles() != null && account.roles().contains("system_admin")) {
                // An IdP must not be able to deactivate or rename the server's administrators.
                throw new SyncFailure("Mattermost user [" + account.username() + "] with this email is a system"
                        + " admin; SCIM does not manage system admins");
            }
            records.link(user, account.id(), account.username());
            LOG.info("Linked SCIM user [{}] of tenant [{}] to existing Mattermost user [{}] ({})", user.id(),
                    user.tenant(), account.username(), account.id());
            recoverPassword(mattermost, user, account);
            return account;
        }
        ScimNameSource source = new ScimNameSource(user);
        String username = UsernameRules.choose(source, name -> mattermost.findUserByUsername(name).isPresent())
                .orElseThrow(() -> new SyncFailure("every username the rules give [" + user.userName()
                        + "] is taken in Mattermost"));
        // A retry sends the password of the create whose answer was lost: whichever of them Mattermost made,
        // the password is the one it has.
        Secret password = unansweredCreates.computeIfAbsent(user.id(), k -> passwords.generate());
        MattermostUser created = mattermost.createUser(new NewMattermostUser(username, email, password.reveal(),
                user.givenName(), user.familyName(), user.displayName(), true));
        unansweredCreates.remove(user.id());
        // Mattermost first, then the vault: the person can sign in through SSO at once with this password.
        vault.store(created.id(), password);
        records.link(user, created.id(), created.username());
        LOG.info("Created Mattermost user [{}] ({}) for SCIM user [{}] of tenant [{}]", created.username(),
                created.id(), user.id(), user.tenant());
        return created;
    }

    /**
     * After a create whose answer was lost: if the account found by email takes the password that create sent,
     * it is the one this node made, and the password goes into the vault. The login's session is ended at once.
     */
    private void recoverPassword(MattermostClient mattermost, ScimUserRecord user, MattermostUser account) {
        Secret sent = unansweredCreates.remove(user.id());
        if (sent == null || vault.password(account.id()).isPresent()) {
            return;
        }
        MattermostLogin login;
        try {
            login = mattermost.loginById(account.id(), sent.reveal(), null);
        } catch (MattermostApiException e) {
            return; // not the account that create made, or not usable now: the sign-in's takeover decides
        }
        vault.store(account.id(), sent);
        LOG.info("Mattermost user [{}] ({}) was made by a create whose answer was lost; its password is vaulted",
                account.username(), account.id());
        mattermost.logout(login.sessionToken());
    }

    /**
     * Patches what differs, on the same account, so its history (posts, memberships) stays: email, username,
     * names, nickname (displayName), position (title). A username the rules give this person is kept even when
     * a plainer one has become free; a userName change gets a new name under the rules.
     */
    private MattermostUser changeInPlace(MattermostClient mattermost, ScimUserRecord user, MattermostUser account)
            throws SyncFailure {
        Map<String, String> patch = new LinkedHashMap<>();
        String email = user.emailLower();
        if (!email.equalsIgnoreCase(nullToEmpty(account.email()))) {
            patch.put("email", email);
        }
        ScimNameSource source = new ScimNameSource(user);
        if (!UsernameRules.isNameOf(source, account.username())) {
            String username = UsernameRules.choose(source, name -> !name.equals(account.username())
                            && mattermost.findUserByUsername(name).isPresent())
                    .orElseThrow(() -> new SyncFailure("every username the rules give [" + user.userName()
                            + "] is taken in Mattermost"));
            if (!username.equals(account.username())) {
                patch.put("username", username);
            }
        }
        differs(patch, "first_name", user.givenName(), account.firstName());
        differs(patch, "last_name", user.familyName(), account.lastName());
        differs(patch, "nickname", user.displayName(), account.nickname());
        differs(patch, "position", user.title(), account.position());
        MattermostUser now = account;
        if (!patch.isEmpty()) {
            now = mattermost.patchUser(account.id(), patch);
            LOG.info("Updated Mattermost user [{}] ({}) of SCIM user [{}]: {}", now.username(), now.id(), user.id(),
                    patch.keySet());
        }
        if (!now.id().equals(user.mattermostUserId()) || !now.username().equals(user.mattermostUsername())) {
            records.link(user, now.id(), now.username());
        }
        return now;
    }

    private static void differs(Map<String, String> patch, String field, String wanted, String has) {
        String w = nullToEmpty(wanted);
        if (!w.equals(nullToEmpty(has))) {
            patch.put(field, w);
        }
    }

    /**
     * Deactivation revokes the account's Mattermost sessions; both revocations run on every sync of an inactive
     * user, so an attempt that failed between them is completed by the retry.
     */
    private void deactivate(MattermostClient mattermost, ScimUserRecord user, MattermostUser account) {
        if (account.isActive()) {
            mattermost.setActive(account.id(), false);
            LOG.info("Deactivated Mattermost user [{}] ({}) of SCIM user [{}] of tenant [{}]", account.username(),
                    account.id(), user.id(), user.tenant());
        }
        mattermost.revokeAllSessions(account.id());
        sessions.endSessionsOf(account.id());
    }

    /**
     * Team and channel memberships from the {@code scim.groups} mappings of the user's groups, against those the
     * sync made before ({@code scim_applied_membership}): adds the missing (teams before their channels), removes
     * those no mapping wants any more (channels before teams). Memberships an admin made by hand are not
     * touched. A mapping whose team or channel Mattermost lacks fails the sync, after the rest is applied.
     */
    private void applyMemberships(MattermostClient mattermost, ScimUserRecord user, String accountId)
            throws SyncFailure {
        ScimConfig scim = config.get();
        Map<String, Set<String>> channelsByTeam = new LinkedHashMap<>();
        for (String group : records.groupNamesOf(user.tenant(), user.id())) {
            for (ScimConfig.GroupMapping m : scim.mappingsOf(user.tenant(), group)) {
                channelsByTeam.computeIfAbsent(m.team(), t -> new LinkedHashSet<>()).addAll(m.channels());
            }
        }
        List<String> problems = new ArrayList<>();
        List<AppliedMembership> wanted = new ArrayList<>();
        List<AppliedMembership> wantedChannels = new ArrayList<>();
        for (Map.Entry<String, Set<String>> team : channelsByTeam.entrySet()) {
            Optional<String> teamId = mattermost.findTeamIdByName(team.getKey());
            if (teamId.isEmpty()) {
                problems.add("team [" + team.getKey() + "] does not exist in Mattermost");
                continue;
            }
            wanted.add(new AppliedMembership(Kind.TEAM, teamId.get(), teamId.get()));
            for (String channel : team.getValue()) {
                Optional<String> channelId = mattermost.findChannelId(teamId.get(), channel);
                if (channelId.isEmpty()) {
                    problems.add("channel [" + channel + "] does not exist in team [" + team.getKey()
                            + "] in Mattermost");
                } else {
                    wantedChannels.add(new AppliedMembership(Kind.CHANNEL, channelId.get(), teamId.get()));
                }
            }
        }
        wanted.addAll(wantedChannels); // teams first: Mattermost adds to a channel only members of its team
        List<AppliedMembership> applied = records.applied(user.id());
        for (AppliedMembership m : wanted) {
            if (!containsTarget(applied, m)) {
                if (m.kind() == Kind.TEAM) {
                    mattermost.addTeamMember(m.targetId(), accountId);
                } else {
                    mattermost.addChannelMember(m.targetId(), accountId);
                }
                records.recordApplied(user.id(), m);
            }
        }
        List<AppliedMembership> unwanted = new ArrayList<>(applied.stream()
                .filter(m -> !containsTarget(wanted, m)).toList());
        unwanted.sort((a, b) -> a.kind() == b.kind() ? 0 : a.kind() == Kind.CHANNEL ? -1 : 1);
        for (AppliedMembership m : unwanted) {
            try {
                if (m.kind() == Kind.TEAM) {
                    mattermost.removeTeamMember(m.targetId(), accountId);
                } else {
                    mattermost.removeChannelMember(m.targetId(), accountId);
                }
            } catch (MattermostApiException e) {
                if (!e.isNotFound()) { // the team or channel is gone, or the user left it: nothing to undo
                    throw e;
                }
            }
            records.forgetApplied(user.id(), m);
        }
        if (!problems.isEmpty()) {
            throw new SyncFailure("group mappings of this user name what Mattermost lacks: "
                    + String.join("; ", problems));
        }
    }

    private static boolean containsTarget(List<AppliedMembership> list, AppliedMembership m) {
        return list.stream().anyMatch(x -> x.kind() == m.kind() && x.targetId().equals(m.targetId()));
    }

    /**
     * A SCIM DELETE: the account is deactivated, or with {@code deleteMode: delete} deleted for good where
     * Mattermost allows it (else deactivated, and the log says so); the gateway's sessions end; a deleted
     * account's vaulted password is forgotten; then the tombstone row goes.
     */
    private void retire(ScimUserRecord user) throws SyncFailure {
        String id = user.mattermostUserId();
        if (id == null) {
            records.removeTombstone(user); // never provisioned (outside the domains, or deleted before its sync)
            return;
        }
        MattermostClient mattermost = client();
        boolean gone = false;
        if (config.get().deleteMode() == ScimConfig.DeleteMode.DELETE) {
            try {
                mattermost.deleteUserPermanently(id);
                gone = true;
                LOG.info("Deleted Mattermost user [{}] ({}) of deleted SCIM user [{}] of tenant [{}]",
                        user.mattermostUsername(), id, user.id(), user.tenant());
            } catch (MattermostApiException e) {
                if (e.isNotFound()) {
                    gone = true;
                } else if (e.statusCode() == 401 || e.statusCode() == 403 || e.statusCode() == 501) {
                    LOG.warn("Mattermost refused to delete user [{}] ({}) for good ({}; is"
                                    + " ServiceSettings.EnableAPIUserDeletion off?); deactivating it instead",
                            user.mattermostUsername(), id, e.errorId());
                } else {
                    throw e;
                }
            }
        }
        if (!gone) {
            try {
                MattermostUser account = mattermost.getUser(id);
                if (account.isActive()) {
                    mattermost.setActive(id, false);
                    LOG.info("Deactivated Mattermost user [{}] ({}) of deleted SCIM user [{}] of tenant [{}]",
                            account.username(), id, user.id(), user.tenant());
                }
                mattermost.revokeAllSessions(id);
            } catch (MattermostApiException e) {
                if (!e.isNotFound()) {
                    throw e;
                }
                gone = true;
            }
        }
        sessions.endSessionsOf(id);
        if (gone) {
            vault.remove(id);
        }
        records.removeTombstone(user);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
