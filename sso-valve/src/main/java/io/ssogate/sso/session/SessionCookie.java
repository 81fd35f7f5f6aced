package io.ssogate.sso.session;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.time.Duration;

/**
 * The gateway session's cookie: HttpOnly, {@code SameSite=Lax} (sent on top-level navigation from the
 * IdP back to the gateway, not on cross-site subrequests), {@code Secure} when the public URL is https,
 * on the whole gateway path. It never reaches Mattermost: the proxy's request hook removes it.
 */
public final class SessionCookie {

    private SessionCookie() {
    }

    public static String valueIn(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    public static Cookie issue(String name, String token, String contextPath, boolean secure, Duration maxAge) {
        Cookie cookie = new Cookie(name, token);
        cookie.setPath(contextPath.isEmpty() ? "/" : contextPath);
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        cookie.setMaxAge((int) Math.min(Integer.MAX_VALUE, maxAge.toSeconds()));
        cookie.setAttribute("SameSite", "Lax");
        return cookie;
    }

    public static Cookie clear(String name, String contextPath, boolean secure) {
        Cookie cookie = issue(name, "", contextPath, secure, Duration.ZERO);
        cookie.setMaxAge(0);
        return cookie;
    }
}
