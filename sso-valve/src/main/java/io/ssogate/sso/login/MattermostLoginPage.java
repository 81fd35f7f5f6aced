package io.ssogate.sso.login;

import io.ssogate.core.mattermost.MattermostLogin;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.login.accounts.AccountUnavailableException;
import io.ssogate.sso.login.accounts.AccountUnavailableException.Reason;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.sso.web.ReturnUrls;
import io.ssogate.sso.web.SignedInCheck;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Mattermost's own login page, asked for by a signed-in person: the web app sends everyone there whose
 * Mattermost session ended (after its forced logout). Behind the gateway nobody types a Mattermost password,
 * so a page load of {@code /login} logs the person in afresh and sends them on to {@code redirect_to} (a path
 * on this origin, else {@code /}).
 *
 * <p>With the {@link ReloginGuard} present a login has just been made and Mattermost still sent the person
 * here: they get the "cannot log you in" page, not another round.
 */
public final class MattermostLoginPage {

    static final String PATH = "/login";
    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");

    private final MattermostSignIn signIn;
    private final Predicate<HttpServletRequest> secure;
    private final Function<HttpServletRequest, URI> publicOrigin;
    private final MattermostLoginStep.LoginFailureResponder failures;

    public MattermostLoginPage(MattermostSignIn signIn, Predicate<HttpServletRequest> secure,
                               Function<HttpServletRequest, URI> publicOrigin,
                               MattermostLoginStep.LoginFailureResponder failures) {
        this.signIn = signIn;
        this.secure = secure;
        this.publicOrigin = publicOrigin;
        this.failures = failures;
    }

    /** Answers {@code request} when it is a signed-in page load of {@code /login}; returns whether it did. */
    public boolean answer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String method = request.getMethod();
        if (!("GET".equals(method) || "HEAD".equals(method)) || !PATH.equals(SignedInCheck.pathOf(request))
                || !(request.getAttribute(SignInAttributes.SESSION) instanceof GatewaySession session)) {
            return false;
        }
        if (ReloginGuard.isIn(request)) {
            AUDIT.warn("Mattermost sent {} to its login page right after a login; not logging in again",
                    session.identity().email());
            failures.respond(request, response, Reason.LOGIN_REFUSED);
            return true;
        }
        MattermostLogin login;
        try {
            login = signIn.logIn(session, request.getRemoteAddr());
        } catch (AccountUnavailableException e) {
            AUDIT.warn("Could not log {} into Mattermost ({}): {}", session.identity().email(), e.reason(), e.getMessage());
            failures.respond(request, response, e.reason());
            return true;
        }
        AUDIT.info("Logged {} into Mattermost from its login page", session.identity().email());
        boolean https = secure.test(request);
        for (String cookie : MattermostCookies.forBrowser(login.setCookieHeaders(), https)) {
            response.addHeader("Set-Cookie", cookie);
        }
        response.addHeader("Set-Cookie", ReloginGuard.issue(request.getContextPath(), https));
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(302);
        response.setHeader("Location", request.getContextPath()
                + ReturnUrls.safe(request.getParameter("redirect_to"), publicOrigin.apply(request)));
        return true;
    }
}
