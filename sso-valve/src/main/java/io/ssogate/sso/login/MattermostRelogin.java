package io.ssogate.sso.login;

import io.ssogate.core.mattermost.MattermostLogin;
import io.ssogate.proxy.hooks.UpstreamResponse;
import io.ssogate.proxy.hooks.UpstreamResponseHook;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.login.accounts.AccountUnavailableException;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.sso.web.SignedInCheck;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Predicate;

/**
 * Mattermost ended a signed-in person's session (expired, revoked) while their gateway session lives on: on
 * Mattermost's 401 to a {@code GET}/{@code HEAD} under {@code /api/v4/}, the gateway logs them in afresh and
 * answers 307 to the same URL with the new cookies, so the web app never sees the 401 (which would make it
 * log out and show Mattermost's own login page).
 *
 * <p>Only reads are repeated: a write may have had effects before the 401, and its body is gone. The
 * {@link ReloginGuard} stops a second round: a request refused again although it carries the guard gets
 * Mattermost's 401 as it is. A login that fails relays the 401 too; the web app's own handling takes over.
 */
public final class MattermostRelogin implements UpstreamResponseHook {

    /** The loop guard's cookie name: the gateway's own, kept from Mattermost. */
    public static final String GUARD_COOKIE = ReloginGuard.NAME;
    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");

    private final MattermostSignIn signIn;
    private final Predicate<HttpServletRequest> secure;

    /** @param secure whether a request's public URL is https (cookies then get {@code Secure}) */
    public MattermostRelogin(MattermostSignIn signIn, Predicate<HttpServletRequest> secure) {
        this.signIn = signIn;
        this.secure = secure;
    }

    @Override
    public void onUpstreamResponse(UpstreamResponse upstream) {
        HttpServletRequest request = upstream.clientRequest();
        if (upstream.isUpgrade() || !(request.getAttribute(SignInAttributes.SESSION) instanceof GatewaySession session)) {
            return;
        }
        boolean guarded = ReloginGuard.isIn(request);
        if (upstream.status() != 401) {
            if (guarded) {
                // Mattermost took the new session: the guard has done its work.
                upstream.headers().add("Set-Cookie", ReloginGuard.clear(request.getContextPath(), secure.test(request)));
            }
            return;
        }
        String method = request.getMethod();
        if (guarded || !("GET".equals(method) || "HEAD".equals(method))
                || !SignedInCheck.pathOf(request).startsWith("/api/v4/")) {
            return;
        }
        MattermostLogin login;
        try {
            login = signIn.logIn(session, request.getRemoteAddr());
        } catch (AccountUnavailableException e) {
            AUDIT.warn("Could not log {} into Mattermost again after its session ended ({}): {}",
                    session.identity().email(), e.reason(), e.getMessage());
            return;
        }
        AUDIT.info("Logged {} into Mattermost again: Mattermost had ended the session", session.identity().email());
        HttpServletResponse response = upstream.answerInstead();
        boolean https = secure.test(request);
        for (String cookie : MattermostCookies.forBrowser(login.setCookieHeaders(), https)) {
            response.addHeader("Set-Cookie", cookie);
        }
        response.addHeader("Set-Cookie", ReloginGuard.issue(request.getContextPath(), https));
        response.setHeader("Cache-Control", "no-store");
        response.setStatus(307);
        response.setHeader("Location",
                request.getRequestURI() + (request.getQueryString() == null ? "" : "?" + request.getQueryString()));
        response.setContentLength(0);
    }
}
