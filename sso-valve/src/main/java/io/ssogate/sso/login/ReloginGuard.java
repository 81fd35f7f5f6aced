package io.ssogate.sso.login;

import io.ssogate.sso.session.SessionCookie;

import jakarta.servlet.http.HttpServletRequest;

/**
 * The loop guard of a re-login: a short-lived cookie set with the Mattermost cookies of a login the gateway
 * made because Mattermost refused the browser's session. A browser that comes back still refused, and still
 * carrying it, gets Mattermost's refusal (or a page) instead of another login, so no answer sends it round
 * again and again. The first answer Mattermost gives without a refusal removes it.
 */
final class ReloginGuard {

    static final String NAME = "SSOGATE_RELOGIN";
    static final int MAX_AGE_SECONDS = 30;

    private ReloginGuard() {
    }

    static boolean isIn(HttpServletRequest request) {
        return SessionCookie.valueIn(request, NAME) != null;
    }

    static String issue(String contextPath, boolean secure) {
        return header("1", contextPath, MAX_AGE_SECONDS, secure);
    }

    static String clear(String contextPath, boolean secure) {
        return header("", contextPath, 0, secure);
    }

    private static String header(String value, String contextPath, int maxAge, boolean secure) {
        return NAME + "=" + value + "; Path=" + (contextPath.isEmpty() ? "/" : contextPath) + "; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
