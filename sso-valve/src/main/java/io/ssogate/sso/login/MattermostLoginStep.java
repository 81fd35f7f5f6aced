package io.ssogate.sso.login;

import io.ssogate.sso.login.accounts.AccountUnavailableException;

import io.ssogate.core.feature.RequestStep;
import io.ssogate.core.feature.StepChain;
import io.ssogate.core.mattermost.MattermostLogin;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.session.GatewaySession;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.function.Predicate;

/**
 * Logs a signed-in person into Mattermost on their behalf, for a request that carries a gateway session but
 * not that person's Mattermost session: {@link MattermostSignIn} opens a Mattermost session, the step hands
 * Mattermost's cookies to the browser and sends it to the same URL again.
 *
 * <p>Session binding: Mattermost cookies of another user than the gateway session's (a shared PC, a user
 * switch) are replaced by the right ones. Failures end in {@link AccountUnavailableException}, which the
 * caller answers with a page, never with a redirect, so nothing loops.
 */
public final class MattermostLoginStep implements RequestStep {

    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");

    private final MattermostSignIn signIn;
    private final Predicate<HttpServletRequest> secure;
    private final LoginFailureResponder failures;

    /** @param secure whether a request's public URL is https (cookies then get {@code Secure}) */
    public MattermostLoginStep(MattermostSignIn signIn, Predicate<HttpServletRequest> secure,
                               LoginFailureResponder failures) {
        this.signIn = signIn;
        this.secure = secure;
        this.failures = failures;
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, StepChain next)
            throws IOException, ServletException {
        Object attribute = request.getAttribute(SignInAttributes.SESSION);
        // The web app's logout goes on as it came: given cookies, a forced logout (no MMAUTHTOKEN, after a
        // 401) would become a real one and end the gateway session (MattermostSignOut).
        if (!(attribute instanceof GatewaySession session) || MattermostSignOut.isLogout(request)) {
            next.proceed();
            return;
        }
        try {
            String userId = signIn.accountOf(session);
            if (userId.equals(MattermostCookies.value(request, MattermostCookies.USER_ID))
                    && MattermostCookies.value(request, MattermostCookies.AUTH_TOKEN) != null) {
                next.proceed();
                return;
            }
            MattermostLogin login = signIn.logIn(session, request.getRemoteAddr());
            handOver(login, request, response);
            AUDIT.info("Logged {} into Mattermost as user {}", session.identity().email(), userId);
            String again = request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString());
            response.setHeader("Cache-Control", "no-store");
            // 307 repeats a POST with its body; a page load gets a plain 302.
            response.setStatus("GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod()) ? 302 : 307);
            response.setHeader("Location", again);
        } catch (AccountUnavailableException e) {
            AUDIT.warn("Could not log {} into Mattermost ({}): {}", session.identity().email(), e.reason(), e.getMessage());
            failures.respond(request, response, e.reason());
        }
    }

    /** Mattermost's login cookies, fitted to the public origin, onto {@code response}. */
    void handOver(MattermostLogin login, HttpServletRequest request, HttpServletResponse response) {
        for (String cookie : MattermostCookies.forBrowser(login.setCookieHeaders(), secure.test(request))) {
            response.addHeader("Set-Cookie", cookie);
        }
    }

    /** Answers a request whose person cannot be logged in: a page, or JSON under {@code /api/}. */
    @FunctionalInterface
    public interface LoginFailureResponder {
        void respond(HttpServletRequest request, HttpServletResponse response, AccountUnavailableException.Reason reason)
                throws IOException;
    }
}
