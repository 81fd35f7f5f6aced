package io.ssogate.sso.login;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.core.config.Secret;
import io.ssogate.core.mattermost.MattermostApiException;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.mattermost.MattermostLogin;
import io.ssogate.sso.login.accounts.AccountUnavailableException;
import io.ssogate.sso.login.accounts.AccountUnavailableException.Reason;
import io.ssogate.sso.session.GatewaySession;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Opens a Mattermost session for a signed-in person: finds their account (once per gateway session), takes
 * its password from the vault and posts it to Mattermost's login API. Shared by the browser's cookie
 * injection, the re-login after Mattermost's session ended, and the mobile app's sign-in.
 *
 * <p>Login calls are bounded per node, so a crowd signing in at nine o'clock cannot flood Mattermost. A
 * vaulted password Mattermost refuses is repaired once (when takeover allows it) and the login tried again.
 */
public final class MattermostSignIn {

    private static final Logger LOG = LoggerFactory.getLogger(MattermostSignIn.class);
    /** How long a login waits for one of the bounded login calls before the person is told "try again". */
    static final Duration LOGIN_PERMIT_WAIT = Duration.ofSeconds(10);
    private static final String INVALID_CREDENTIALS = "api.user.login.invalid_credentials";
    private static final String INACTIVE = "api.user.login.inactive.app_error";
    private static final String TOO_MANY_ATTEMPTS = "api.user.check_user_login_attempts.too_many.app_error";

    private final AccountResolver accounts;
    private final CredentialVault vault;
    private final Supplier<MattermostClient> mattermost;
    private final Semaphore logins;
    /** Gateway session (token hash) → its Mattermost user id, so a proxied request costs a map lookup. */
    private final Cache<String, String> accountOfSession = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(30))
            // maintenance on the caller's thread, not a wake-up of the common pool (see GatewaySessions)
            .executor(Runnable::run).build();

    /** @param maxConcurrent the most login calls this node makes to Mattermost at once */
    public MattermostSignIn(AccountResolver accounts, CredentialVault vault, Supplier<MattermostClient> mattermost,
                            int maxConcurrent) {
        this.accounts = Objects.requireNonNull(accounts, "accounts");
        this.vault = Objects.requireNonNull(vault, "vault");
        this.mattermost = Objects.requireNonNull(mattermost, "mattermost");
        if (maxConcurrent < 1) {
            throw new IllegalArgumentException("maxConcurrent must be at least 1");
        }
        this.logins = new Semaphore(maxConcurrent, true);
    }

    /**
     * The id of the Mattermost account the person of {@code session} logs in as.
     *
     * @throws AccountUnavailableException when there is none the gateway may use
     */
    public String accountOf(GatewaySession session) {
        return accountOfSession.get(session.tokenHash(), hash -> accounts.mattermostUserId(session.identity()));
    }

    /** Forgets the account found for {@code session}: the next call looks again (after a failure, a sign-out). */
    public void forget(GatewaySession session) {
        accountOfSession.invalidate(session.tokenHash());
    }

    /**
     * Logs the person of {@code session} into Mattermost: a new Mattermost session, its token and cookies.
     *
     * @param clientAddress the person's address, for Mattermost's audit log; null to omit
     * @throws AccountUnavailableException saying why it could not
     */
    public MattermostLogin logIn(GatewaySession session, String clientAddress) {
        String userId;
        try {
            userId = accountOf(session);
        } catch (AccountUnavailableException e) {
            forget(session);
            throw e;
        }
        try {
            return logIn(session, userId, clientAddress);
        } catch (AccountUnavailableException e) {
            forget(session);
            throw e;
        }
    }

    private MattermostLogin logIn(GatewaySession session, String userId, String clientAddress) {
        acquire();
        try {
            try {
                return mattermost.get().loginById(userId, passwordOf(userId).reveal(), clientAddress);
            } catch (MattermostApiException e) {
                if (isWrongPassword(e) && accounts.repairPassword(session.identity(), userId)) {
                    return mattermost.get().loginById(userId, passwordOf(userId).reveal(), clientAddress);
                }
                throw e;
            }
        } catch (MattermostApiException e) {
            throw refusal(userId, e);
        } catch (AccountUnavailableException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new AccountUnavailableException(Reason.MATTERMOST_DOWN,
                    "Mattermost did not answer the login of user " + userId + ": " + e.getClass().getSimpleName(), e);
        } finally {
            logins.release();
        }
    }

    private Secret passwordOf(String userId) {
        return vault.password(userId).orElseThrow(() -> new AccountUnavailableException(Reason.NOT_MANAGED,
                "the vault has no password for user " + userId));
    }

    private void acquire() {
        boolean permitted;
        try {
            permitted = logins.tryAcquire(LOGIN_PERMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccountUnavailableException(Reason.BUSY, "interrupted while waiting to log in");
        }
        if (!permitted) {
            throw new AccountUnavailableException(Reason.BUSY,
                    "every login call to Mattermost is busy; waited " + LOGIN_PERMIT_WAIT.toSeconds() + " s");
        }
    }

    private static boolean isWrongPassword(MattermostApiException e) {
        return e.statusCode() == 401 && e.errorId() != null && e.errorId().startsWith(INVALID_CREDENTIALS);
    }

    private static AccountUnavailableException refusal(String userId, MattermostApiException e) {
        LOG.debug("Mattermost refused a login: status {}, {}", e.statusCode(), e.errorId());
        String why = "Mattermost answered " + e.statusCode() + " " + e.errorId() + " to the login of user " + userId;
        Reason reason;
        if (e.statusCode() == 0 || e.statusCode() >= 500) {
            reason = Reason.MATTERMOST_DOWN;
        } else if (INACTIVE.equals(e.errorId())) {
            reason = Reason.DEACTIVATED;
        } else if (TOO_MANY_ATTEMPTS.equals(e.errorId())) {
            reason = Reason.LOCKED_OUT;
        } else {
            reason = Reason.LOGIN_REFUSED;
        }
        return new AccountUnavailableException(reason, why, e);
    }
}
