package io.ssogate.sso.login;

import io.ssogate.proxy.hooks.UpstreamResponse;
import io.ssogate.proxy.hooks.UpstreamResponseHook;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.sso.session.GatewaySessions;
import io.ssogate.sso.session.SessionCookie;
import io.ssogate.sso.web.SignedInCheck;
import io.ssogate.sso.web.SignedOutMarker;

import jakarta.servlet.http.HttpServletRequest;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * A person's own "Log out" in Mattermost ends their gateway session too: otherwise the next page load would
 * log them straight back in, and they could never leave. The logout goes on to Mattermost (which ends its
 * session); on its answer the gateway session is revoked on every node, its cookie and Mattermost's other
 * cookies expired, and the {@link SignedOutMarker} set, so the next page load shows "signed out" (by way of the
 * IdP's logout, where it has one).
 *
 * <p>Only a logout that carries {@code MMAUTHTOKEN} is the person's: after any 401 the web app posts a logout
 * of its own, without the token (Mattermost's 401 deleted it), and that one must leave the gateway session
 * alone, or an expired Mattermost session would sign people out of the gateway.
 */
public final class MattermostSignOut implements UpstreamResponseHook {

    static final String PATH = "/api/v4/users/logout";
    private static final Logger AUDIT = LoggerFactory.getLogger("io.ssogate.audit");

    private final GatewaySessions sessions;
    private final MattermostSignIn signIn;
    private final Supplier<String> sessionCookieName;
    private final Predicate<HttpServletRequest> secure;

    public MattermostSignOut(GatewaySessions sessions, MattermostSignIn signIn, Supplier<String> sessionCookieName,
                             Predicate<HttpServletRequest> secure) {
        this.sessions = sessions;
        this.signIn = signIn;
        this.sessionCookieName = sessionCookieName;
        this.secure = secure;
    }

    /** Whether {@code request} is the web app's logout call, of either kind. */
    static boolean isLogout(HttpServletRequest request) {
        return "POST".equals(request.getMethod()) && PATH.equals(SignedInCheck.pathOf(request));
    }

    @Override
    public void onUpstreamResponse(UpstreamResponse upstream) {
        HttpServletRequest request = upstream.clientRequest();
        if (!isLogout(request) || upstream.status() / 100 != 2
                || MattermostCookies.value(request, MattermostCookies.AUTH_TOKEN) == null
                || !(request.getAttribute(SignInAttributes.SESSION) instanceof GatewaySession session)) {
            return;
        }
        String cookieName = sessionCookieName.get();
        String token = SessionCookie.valueIn(request, cookieName);
        boolean ended = token != null && sessions.revoke(token).isPresent();
        signIn.forget(session);
        AUDIT.info("Signed out {} (IdP {}): logged out of Mattermost", session.identity().email(),
                session.identity().idp());
        String contextPath = request.getContextPath();
        boolean https = secure.test(request);
        String path = "; Path=" + (contextPath.isEmpty() ? "/" : contextPath) + "; Max-Age=0";
        String secureFlag = https ? "; Secure" : "";
        upstream.headers().add("Set-Cookie", cookieName + "=" + path + "; HttpOnly; SameSite=Lax" + secureFlag);
        upstream.headers().add("Set-Cookie", MattermostCookies.USER_ID + "=" + path + secureFlag);
        upstream.headers().add("Set-Cookie", MattermostCookies.CSRF + "=" + path + secureFlag);
        // The marker carries the ended session's token, so the signed-out page can end the IdP's session too.
        upstream.headers().add("Set-Cookie", SignedOutMarker.issue(ended ? token : null, contextPath, https));
    }
}
