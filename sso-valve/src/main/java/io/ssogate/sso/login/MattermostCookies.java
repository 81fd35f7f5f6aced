package io.ssogate.sso.login;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Mattermost's login cookies, as a browser presents them and as the gateway hands them over: Mattermost's
 * own attributes (HttpOnly, Max-Age, Path, SameSite) are kept; Domain is dropped, so the cookie belongs to the
 * public origin the browser talks to; Secure follows the public URL.
 */
final class MattermostCookies {

    static final String AUTH_TOKEN = "MMAUTHTOKEN";
    static final String USER_ID = "MMUSERID";
    static final String CSRF = "MMCSRF";

    private MattermostCookies() {
    }

    static String value(HttpServletRequest request, String name) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie cookie : cookies) {
                if (name.equals(cookie.getName()) && !cookie.getValue().isEmpty()) {
                    return cookie.getValue();
                }
            }
        }
        return null;
    }

    /** {@code Set-Cookie} values from Mattermost's login answer, fitted to the public origin. */
    static List<String> forBrowser(List<String> fromMattermost, boolean secure) {
        List<String> fitted = new ArrayList<>();
        for (String header : fromMattermost) {
            StringBuilder rebuilt = new StringBuilder();
            for (String part : header.split(";")) {
                String attribute = part.strip();
                String name = attribute.toLowerCase(Locale.ROOT);
                if (rebuilt.length() > 0 && (name.equals("secure") || name.startsWith("domain="))) {
                    continue;
                }
                if (rebuilt.length() > 0) {
                    rebuilt.append("; ");
                }
                rebuilt.append(attribute);
            }
            if (secure) {
                rebuilt.append("; Secure");
            }
            fitted.add(rebuilt.toString());
        }
        return fitted;
    }
}
