package io.ssogate.sso.web;

import io.ssogate.sso.session.SessionTokens;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * CSRF protection for the sign-in pages' forms, which are used before anyone has a session: a random
 * token in a {@code SameSite=Strict} cookie, repeated in a hidden field, compared in constant time. A
 * cross-site form cannot read the cookie, so it cannot fill in the field.
 */
public final class CsrfTokens {

    public static final String COOKIE = "SSOGATE_CSRF";
    static final String FIELD = "csrf";

    private CsrfTokens() {
    }

    /** The token for a form on this page: the cookie's, or a new one set now. */
    static String issue(HttpServletRequest request, HttpServletResponse response, boolean secure) {
        String existing = fromCookie(request);
        if (existing != null) {
            return existing;
        }
        String token = SessionTokens.newToken();
        Cookie cookie = new Cookie(COOKIE, token);
        cookie.setPath(request.getContextPath() + "/sso/");
        cookie.setHttpOnly(true);
        cookie.setSecure(secure);
        cookie.setAttribute("SameSite", "Strict");
        response.addCookie(cookie);
        return token;
    }

    static boolean valid(HttpServletRequest request) {
        String cookie = fromCookie(request);
        String field = request.getParameter(FIELD);
        return cookie != null && field != null && MessageDigest.isEqual(cookie.getBytes(StandardCharsets.US_ASCII),
                field.getBytes(StandardCharsets.US_ASCII));
    }

    private static String fromCookie(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (COOKIE.equals(cookie.getName()) && SessionTokens.wellFormed(cookie.getValue())) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }
}
