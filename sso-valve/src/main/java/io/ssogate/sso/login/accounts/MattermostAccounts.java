package io.ssogate.sso.login.accounts;

import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.core.mattermost.PasswordGenerator;
import io.ssogate.core.mattermost.UsernameRules;
import io.ssogate.core.config.Secret;
import io.ssogate.core.mattermost.MattermostApiException;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.mattermost.MattermostUser;
import io.ssogate.core.mattermost.NewMattermostUser;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.login.AccountResolver;
import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.sso.login.accounts.AccountUnavailableException.Reason;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds, links, creates or takes over the Mattermost account of a signed-in identity, in this order:
 * <ol>
 *   <li>the {@link ExternalAccountMapping} (SCIM), then the link table: a linked, active account is the
 *       answer;</li>
 *   <li>otherwise, under a provisioning claim in the shared database (so that one identity signing in on
 *       two nodes at once is provisioned once, and the other node reads the first one's link): the account
 *       with the identity's email, linked if the vault has its password, or taken over if
 *       {@link AccountSettings#takeover()}; with no such account, a new one if
 *       {@link AccountSettings#jitProvisioning()}.</li>
 * </ol>
 * Every refusal is an {@link AccountUnavailableException} with a reason and an audit line. Passwords go from
 * the {@link PasswordGenerator} to Mattermost and the {@link CredentialVault} only, as {@link Secret}s.
 */
public final class MattermostAccounts implements AccountResolver {

    private static final Logger LOG = LoggerFactory.getLogger(MattermostAccounts.class);
    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");

    /** Mattermost's ids for "no more users": the free edition's hard limit and a license's seat count. */
    static final String USER_LIMIT_ERROR = "api.user.create_user.user_limits.exceeded";
    static final String LICENSE_USER_LIMIT_ERROR = "api.user.create_user.license_user_limits.exceeded";
    private static final String USERNAME_EXISTS = "username_exists";
    private static final String EMAIL_EXISTS = "email_exists";
    /** Another node or an admin may take the chosen name between our look and our create. */
    private static final int CREATE_ATTEMPTS = 3;

    private final MattermostClient mattermost;
    private final CredentialVault vault;
    private final AccountLinks links;
    private final ExternalAccountMapping mapping;
    private final AccountSettings settings;
    private final PasswordGenerator passwords;
    private final Clock clock;
    private final ProvisioningObserver observer;
    /** Until when creations are refused without asking Mattermost, after it said its user limit is reached. */
    private volatile Instant userLimitUntil = Instant.MIN;

    public MattermostAccounts(MattermostClient mattermost, CredentialVault vault, AccountLinks links,
                              ExternalAccountMapping mapping, AccountSettings settings, PasswordGenerator passwords,
                              Clock clock, ProvisioningObserver observer) {
        this.mattermost = Objects.requireNonNull(mattermost, "mattermost");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.links = Objects.requireNonNull(links, "links");
        this.mapping = Objects.requireNonNull(mapping, "mapping");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.passwords = Objects.requireNonNull(passwords, "passwords");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.observer = Objects.requireNonNull(observer, "observer");
    }

    public MattermostAccounts(MattermostClient mattermost, CredentialVault vault, AccountLinks links,
                              ExternalAccountMapping mapping, AccountSettings settings) {
        this(mattermost, vault, links, mapping, settings, new PasswordGenerator(), Clock.systemUTC(),
                ProvisioningObserver.NONE);
    }

    /**
     * The id of the Mattermost account {@code identity} logs in as, linked by the time this returns.
     *
     * @throws AccountUnavailableException when there is none the gateway may use, saying why
     */
    public String accountFor(Identity identity) {
        Optional<String> mapped = identity.email() == null ? Optional.empty()
                : mapping.mattermostUserIdFor(identity.tenant(), identity.email());
        Instant deadline = clock.instant().plus(settings.claimWait());
        while (true) {
            Optional<String> linked = links.linkedUser(identity);
            if (linked.isPresent()) {
                if (mapped.isPresent() && !mapped.equals(linked)) {
                    throw refuse(Reason.ALREADY_LINKED, identity, "the external mapping names Mattermost user ["
                            + mapped.get() + "] but the identity is linked to [" + linked.get() + "]");
                }
                Optional<String> account = checkLinked(identity, linked.get());
                if (account.isPresent()) {
                    return account.get();
                }
                continue; // the linked account was deleted and the stale link removed: provision anew
            }
            Optional<AccountLinks.Claim> claim = links.claim(identity, settings.claimTtl());
            if (claim.isPresent()) {
                try {
                    observer.claimWon(identity);
                    // A node that held the claim before us may have linked between our look and our claim.
                    Optional<String> justLinked = links.linkedUser(identity);
                    if (justLinked.isPresent()) {
                        continue;
                    }
                    return provision(identity, mapped);
                } finally {
                    links.release(identity, claim.get());
                }
            }
            observer.waitingForClaim(identity);
            if (!clock.instant().isBefore(deadline)) {
                throw refuse(Reason.BUSY, identity, "another node held the provisioning claim for longer than "
                        + settings.claimWait());
            }
            pause();
        }
    }

    @Override
    public String mattermostUserId(Identity identity) {
        return accountFor(identity);
    }

    /**
     * Mattermost refused the vaulted password of a linked account (an admin reset it, a restore from backup):
     * with takeover on, the gateway sets a new one and vaults it; otherwise the person gets a page.
     */
    @Override
    public boolean repairPassword(Identity identity, String mattermostUserId) {
        if (!settings.takeover()) {
            return false;
        }
        MattermostUser user = userById(identity, mattermostUserId).orElseThrow(() -> refuse(Reason.NO_ACCOUNT,
                identity, "linked Mattermost user [" + mattermostUserId + "] no longer exists"));
        if (user.roles() != null && user.roles().contains("system_admin")) {
            throw refuse(Reason.NOT_MANAGED, identity, "Mattermost user [" + user.username() + "] is a system admin");
        }
        Secret password = passwords.generate();
        call(identity, () -> {
            mattermost.setPassword(user.id(), password.reveal());
            return null;
        });
        vault.store(user.id(), password);
        AUDIT.warn("Mattermost refused the vaulted password of user [{}] ({}) for {}; the gateway set a new one",
                user.username(), user.id(), who(identity));
        return true;
    }

    /** The linked account if it is usable; empty when Mattermost no longer has it (the link is then removed). */
    private Optional<String> checkLinked(Identity identity, String userId) {
        Optional<MattermostUser> user = userById(identity, userId);
        if (user.isEmpty()) {
            links.unlink(identity);
            vault.remove(userId);
            AUDIT.warn("Mattermost user [{}] linked to {} no longer exists; link removed", userId, who(identity));
            return Optional.empty();
        }
        if (!user.get().isActive()) {
            throw refuse(Reason.DEACTIVATED, identity, "linked Mattermost user [" + user.get().username()
                    + "] is deactivated");
        }
        return Optional.of(userId);
    }

    /** Under the claim: the existing account (mapped, else by email) or a new one. */
    private String provision(Identity identity, Optional<String> mapped) {
        Optional<MattermostUser> existing = mapped.isPresent()
                ? userById(identity, mapped.get())
                : call(identity, () -> mattermost.findUserByEmail(identity.email()));
        if (existing.isPresent()) {
            return adopt(identity, existing.get());
        }
        if (mapped.isPresent()) {
            throw refuse(Reason.NO_ACCOUNT, identity, "the external mapping names Mattermost user ["
                    + mapped.get() + "], which does not exist");
        }
        if (!settings.jitProvisioning()) {
            throw refuse(Reason.NO_ACCOUNT, identity, "no Mattermost account has this email and"
                    + " just-in-time provisioning is off");
        }
        return create(identity);
    }

    /** Links an account that exists already, taking it over if allowed and needed. */
    private String adopt(Identity identity, MattermostUser user) {
        String name = "Mattermost user [" + user.username() + "] (" + user.id() + ")";
        if (!user.isActive()) {
            throw refuse(Reason.DEACTIVATED, identity, name + " is deactivated");
        }
        if (user.authService() != null && !user.authService().isEmpty()) {
            // Mattermost refuses password logins for these (API notes §4): no password of ours would work.
            throw refuse(Reason.NOT_MANAGED, identity, name + " signs in through [" + user.authService() + "]");
        }
        if (user.roles() != null && user.roles().contains("system_admin")) {
            // The gateway never holds a system admin's password: one leaked vault entry would be the server.
            throw refuse(Reason.NOT_MANAGED, identity, name + " is a system admin");
        }
        Optional<AccountLinks.LinkedIdentity> other = links.identityLinkedTo(user.id());
        if (other.isPresent() && other.get().equals(keyOf(identity))) {
            return user.id(); // linked to this very identity by a node whose claim had expired: done already
        }
        if (other.isPresent()) {
            throw refuse(Reason.ALREADY_LINKED, identity, name + " is linked to subject [" + other.get().subject()
                    + "] of IdP " + other.get().idp() + " (tenant " + other.get().tenant() + ")");
        }
        if (vault.password(user.id()).isPresent()) {
            linkOrRefuse(identity, user);
            AUDIT.info("Linked {} to {}, whose password the vault holds", who(identity), name);
            return user.id();
        }
        if (!settings.takeover()) {
            throw refuse(Reason.NOT_MANAGED, identity, name + " has a password the gateway does not hold,"
                    + " and takeover is off");
        }
        Secret password = passwords.generate();
        // Mattermost first, then the vault: a vault entry for a password never set would later link the
        // account with a password that does not log in; the other way round, the next sign-in retries.
        call(identity, () -> {
            mattermost.setPassword(user.id(), password.reveal());
            return null;
        });
        vault.store(user.id(), password);
        linkOrRefuse(identity, user);
        AUDIT.warn("Took over {} for {}: the gateway set its password, which ends its Mattermost sessions",
                name, who(identity));
        return user.id();
    }

    private String create(Identity identity) {
        if (clock.instant().isBefore(userLimitUntil)) {
            throw refuse(Reason.USER_LIMIT, identity, "Mattermost's user limit was reached; not asking it again"
                    + " before " + userLimitUntil);
        }
        for (int attempt = 1; ; attempt++) {
            String username = UsernameRules.choose(identity,
                            name -> call(identity, () -> mattermost.findUserByUsername(name)).isPresent())
                    .orElseThrow(() -> refuse(Reason.MATTERMOST_REFUSED, identity,
                            "every username derived for the identity is taken"));
            Secret password = passwords.generate();
            MattermostUser user;
            try {
                user = mattermost.createUser(new NewMattermostUser(username, identity.email(), password.reveal(),
                        identity.givenName(), identity.familyName(), null, true));
            } catch (MattermostApiException e) {
                String id = e.errorId();
                if (USER_LIMIT_ERROR.equals(id) || LICENSE_USER_LIMIT_ERROR.equals(id)) {
                    userLimitUntil = clock.instant().plus(settings.userLimitBackoff());
                    throw refuse(Reason.USER_LIMIT, identity, "Mattermost refused to create an account: its user"
                            + " limit is reached [" + id + "]; creations paused until " + userLimitUntil);
                }
                if (id.contains(EMAIL_EXISTS)) {
                    // Created meanwhile by someone else (an admin, SCIM): adopt it like any existing account.
                    Optional<MattermostUser> existing = call(identity,
                            () -> mattermost.findUserByEmail(identity.email()));
                    if (existing.isPresent()) {
                        return adopt(identity, existing.get());
                    }
                }
                if (id.contains(USERNAME_EXISTS) && attempt < CREATE_ATTEMPTS) {
                    continue; // taken since we looked: choose again against the names as they are now
                }
                throw unavailable(identity, e);
            }
            vault.store(user.id(), password);
            linkOrRefuse(identity, user);
            AUDIT.info("Created Mattermost user [{}] ({}) for {}", user.username(), user.id(), who(identity));
            return user.id();
        }
    }

    private void linkOrRefuse(Identity identity, MattermostUser user) {
        if (!links.link(identity, user.id()) && !links.linkedUser(identity).equals(Optional.of(user.id()))) {
            // Only a claim that expired mid-way lets two writers get here; the unique keys keep one link, and
            // the same link made by both is no conflict.
            throw refuse(Reason.BUSY, identity, "the link to Mattermost user [" + user.username()
                    + "] lost a race with another node");
        }
    }

    /**
     * The user with id {@code userId}, if Mattermost has it. Through {@code getUser}, which encodes the id as
     * a path segment: ids come from the database and from the external mapping, not from Mattermost.
     */
    private Optional<MattermostUser> userById(Identity identity, String userId) {
        try {
            return Optional.of(mattermost.getUser(userId));
        } catch (MattermostApiException e) {
            if (e.isNotFound()) {
                return Optional.empty();
            }
            throw unavailable(identity, e);
        }
    }

    /** A Mattermost call, its failures turned into reasons. */
    private <T> T call(Identity identity, Supplier<T> request) {
        try {
            return request.get();
        } catch (MattermostApiException e) {
            throw unavailable(identity, e);
        }
    }

    private AccountUnavailableException unavailable(Identity identity, MattermostApiException e) {
        // The exception's message carries Mattermost's error id and message, never a request body.
        if (e.statusCode() == 0 || e.statusCode() >= 500) {
            return refuse(Reason.MATTERMOST_DOWN, identity, e.getMessage());
        }
        if (e.statusCode() == 401 || e.statusCode() == 403) {
            LOG.error("Mattermost refused the gateway's admin token: {}; check that it belongs to a system admin",
                    e.getMessage());
        }
        return refuse(Reason.MATTERMOST_REFUSED, identity, e.getMessage());
    }

    private AccountUnavailableException refuse(Reason reason, Identity identity, String why) {
        AUDIT.warn("No Mattermost account for {}: {} ({})", who(identity), reason, why);
        return new AccountUnavailableException(reason, why);
    }

    private void pause() {
        try {
            Thread.sleep(settings.pollInterval().toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccountUnavailableException(Reason.BUSY, "interrupted while waiting for another node");
        }
    }

    private static AccountLinks.LinkedIdentity keyOf(Identity identity) {
        return new AccountLinks.LinkedIdentity(identity.tenant(), identity.idp(), identity.subject());
    }

    private static String who(Identity identity) {
        return "[" + identity.email() + "] (tenant " + identity.tenant() + ", IdP " + identity.idp() + ", subject ["
                + identity.subject() + "])";
    }
}
