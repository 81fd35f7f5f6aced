package io.ssogate.sso.web;

import io.ssogate.sso.session.SessionCookie;

import jakarta.servlet.http.HttpServletRequest;

import java.time.Duration;

/**
 * A short-lived cookie saying "this browser just signed out": set when a person logs out of Mattermost, so
 * the page load that follows shows {@link SignedOutServlet}'s page instead of starting a sign-in at once (which
 * the IdP, still signed in, would complete silently: the person could never leave). A sign-in clears it.
 *
 * <p>Its value is the token of the gateway session that ended, already revoked and so worth nothing as a
 * credential: with it the signed-out page finds that session (on any node) and sends the browser on to the
 * IdP's logout, as {@link SignOutServlet} does. It never reaches Mattermost.
 */
public final class SignedOutMarker {

    public static final String NAME = "SSOGATE_SIGNED_OUT";
    /** How long after the sign-out the marker counts. */
    public static final Duration MAX_AGE = Duration.ofMinutes(5);

    private SignedOutMarker() {
    }

    public static boolean isIn(HttpServletRequest request) {
        return SessionCookie.valueIn(request, NAME) != null;
    }

    /** The ended session's token the marker holds, if the request carries one. */
    static String endedToken(HttpServletRequest request) {
        String value = SessionCookie.valueIn(request, NAME);
        // RFC 6265 lets a cookie-value be DQUOTEd, and some clients quote what came without a date (Java's).
        if (value != null && value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            value = value.substring(1, value.length() - 1);
        }
        return value == null || value.isEmpty() ? null : value;
    }

    /**
     * The {@code Set-Cookie} value that sets the marker.
     *
     * @param endedToken the token of the gateway session just ended (revoked), or null when there was none
     */
    public static String issue(String endedToken, String contextPath, boolean secure) {
        return header(endedToken == null ? "1" : endedToken, contextPath, (int) MAX_AGE.toSeconds(), secure);
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
