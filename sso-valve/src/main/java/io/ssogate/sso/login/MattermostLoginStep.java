package io.ssogate.sso.login;

import io.ssogate.sso.login.accounts.AccountUnavailableException;

import io.ssogate.core.config.Secret;
import io.ssogate.core.feature.RequestStep;
import io.ssogate.core.feature.StepChain;
import io.ssogate.core.mattermost.MattermostApiException;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.mattermost.MattermostLogin;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.session.GatewaySession;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Logs a signed-in person into Mattermost on their behalf, for a request that carries a gateway session but
 * not that person's Mattermost session: the account's password comes from the vault, the gateway posts it to
 * Mattermost's login API, hands Mattermost's cookies to the browser and sends it to the same URL again.
 *
 * <p>Session binding: Mattermost cookies of another user than the gateway session's (a shared PC, a user
 * switch) are replaced by the right ones. Failures end in {@link AccountUnavailableException}, which the
 * caller answers with a page, never with a redirect, so nothing loops. Login calls to Mattermost are bounded
 * per node, so a crowd signing in at nine o'clock cannot flood it.
 */
public final class MattermostLoginStep implements RequestStep {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");
    private static final Logger LOG = LoggerFactory.getLogger(MattermostLoginStep.class);
    /** How long a request waits for one of the bounded login calls before it is answered "try again". */
    static final Duration LOGIN_PERMIT_WAIT = Duration.ofSeconds(10);

    private final AccountResolver accounts;
    private final CredentialVault vault;
    private final Supplier<MattermostClient> mattermost;
    private final Predicate<HttpServletRequest> secure;
    private final Semaphore logins;
    private final LoginFailureResponder failures;
    /** Gateway session (token hash) → its Mattermost user id, so a proxied request costs a map lookup. */
    private final Cache<String, String> accountOfSession = Caffeine.newBuilder()
            .maximumSize(100_000).expireAfterAccess(Duration.ofMinutes(30)).build();

    /**
     * @param secure        whether a request's public URL is https (cookies then get {@code Secure})
     * @param maxConcurrent the most login calls this node makes to Mattermost at once
     */
    public MattermostLoginStep(AccountResolver accounts, CredentialVault vault, Supplier<MattermostClient> mattermost,
                               Predicate<HttpServletRequest> secure, int maxConcurrent, LoginFailureResponder failures) {
        this.accounts = accounts;
        this.vault = vault;
        this.mattermost = mattermost;
        this.secure = secure;
        this.logins = new Semaphore(maxConcurrent, true);
        this.failures = failures;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, StepChain next)
            throws IOException, ServletException {
        Object attribute = request.getAttribute(SignInAttributes.SESSION);
        if (!(attribute instanceof GatewaySession session)) {
            next.proceed();
            return;
        }
        try {
            String userId = accountOfSession.get(session.tokenHash(), hash -> accounts.mattermostUserId(session.identity()));
            if (userId.equals(MattermostCookies.value(request, MattermostCookies.USER_ID))
                    && MattermostCookies.value(request, MattermostCookies.AUTH_TOKEN) != null) {
                next.proceed();
                return;
            }
            MattermostLogin login = logIn(session, userId, request.getRemoteAddr());
            for (String cookie : MattermostCookies.forBrowser(login.setCookieHeaders(), secure.test(request))) {
                response.addHeader("Set-Cookie", cookie);
            }
            AUDIT.info("Logged {} into Mattermost as user {}", session.identity().email(), userId);
            String again = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.setHeader("Cache-Control", "no-store");
            // 307 repeats a POST with its body; a page load gets a plain 302.
            response.setStatus("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()) ? 302 : 307);
            response.setHeader("Location", again);
        } catch (AccountUnavailableException e) {
            AUDIT.warn("Could not log {} into Mattermost ({}): {}", session.identity().email(), e.reason(), e.getMessage());
            accountOfSession.invalidate(session.tokenHash());
            failures.respond(request, response, e.reason());
        }
    }

    private MattermostLogin logIn(GatewaySession session, String userId, String clientAddress) {
        Secret password = vault.password(userId).orElseThrow(() -> new AccountUnavailableException(
                AccountUnavailableException.Reason.NOT_MANAGED, "the vault has no password for user " + userId));
        boolean permitted;
        try {
            permitted = logins.tryAcquire(LOGIN_PERMIT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AccountUnavailableException(AccountUnavailableException.Reason.MATTERMOST_DOWN, "interrupted");
        }
        if (!permitted) {
            throw new AccountUnavailableException(AccountUnavailableException.Reason.MATTERMOST_DOWN,
                    "every login call to Mattermost is busy; waited " + LOGIN_PERMIT_WAIT.toSeconds() + " s");
        }
        try {
            return mattermost.get().login(session.identity().email(), password.reveal(), clientAddress);
        } catch (MattermostApiException e) {
            LOG.debug("Mattermost refused a login: status {}, {}", e.statusCode(), e.errorId());
            throw new AccountUnavailableException(e.statusCode() >= 500 ? AccountUnavailableException.Reason.MATTERMOST_DOWN
                    : AccountUnavailableException.Reason.LOGIN_REFUSED,
                    "Mattermost answered " + e.statusCode() + " " + e.errorId() + " to the login of user " + userId, e);
        } catch (RuntimeException e) {
            throw new AccountUnavailableException(AccountUnavailableException.Reason.MATTERMOST_DOWN,
                    "Mattermost did not answer the login of user " + userId + ": " + e.getClass().getSimpleName(), e);
        } finally {
            logins.release();
        }
    }

    /** Answers a request whose person cannot be logged in: a page, or JSON under {@code /api/}. */
    @FunctionalInterface
    public interface LoginFailureResponder {
        void respond(HttpServletRequest request, HttpServletResponse response, AccountUnavailableException.Reason reason)
                throws IOException;
    }
}
