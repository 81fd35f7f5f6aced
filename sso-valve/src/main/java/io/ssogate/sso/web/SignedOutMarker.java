package io.ssogate.sso.web;

import io.ssogate.sso.session.SessionCookie;

import jakarta.servlet.http.HttpServletRequest;

/**
 * A short-lived cookie saying "this browser just signed out": set when a person logs out of Mattermost, so
 * the page load that follows shows {@link SignedOutServlet}'s page instead of starting a sign-in at once (which
 * the IdP, still signed in, would complete silently: the person could never leave). A sign-in clears it. It
 * holds no secret and never reaches Mattermost.
 */
public final class SignedOutMarker {

    public static final String NAME = "SSOGATE_SIGNED_OUT";
    static final int MAX_AGE_SECONDS = 300;

    private SignedOutMarker() {
    }

    public static boolean isIn(HttpServletRequest request) {
        return SessionCookie.valueIn(request, NAME) != null;
    }

    /** The {@code Set-Cookie} value that sets the marker. */
    public static String issue(String contextPath, boolean secure) {
        return header("1", contextPath, MAX_AGE_SECONDS, secure);
    }

    /** The {@code Set-Cookie} value that removes the marker. */
    public static String clear(String contextPath, boolean secure) {
        return header("", contextPath, 0, secure);
    }

    private static String header(String value, String contextPath, int maxAge, boolean secure) {
        return NAME + "=" + value + "; Path=" + (contextPath.isEmpty() ? "/" : contextPath) + "; Max-Age=" + maxAge
                + "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
