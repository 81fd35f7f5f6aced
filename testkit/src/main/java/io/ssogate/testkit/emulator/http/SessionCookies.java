package io.ssogate.testkit.emulator.http;

import io.ssogate.testkit.emulator.EmulatorSettings;
import io.ssogate.testkit.emulator.state.Session;
import jakarta.servlet.http.HttpServletResponse;

import java.net.URI;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The three session cookies of {@code AttachSessionCookies} and the {@code MMAUTHTOKEN} deletion cookie
 * (doc sections 4 and 5). Written as raw {@code Set-Cookie} headers so the attributes are exactly Go's.
 */
public final class SessionCookies {
    public static final String AUTH = "MMAUTHTOKEN";
    public static final String USER_ID = "MMUSERID";
    public static final String CSRF = "MMCSRF";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);

    private final EmulatorSettings settings;

    public SessionCookies(EmulatorSettings settings) {
        this.settings = settings;
    }

    /** Path is the SiteURL's path or {@code /}; no Domain (AllowCookiesForSubdomains is false by default). */
    public String path() {
        URI site = settings.siteUrl();
        String p = site == null ? null : site.getRawPath();
        if (p == null || p.isEmpty()) {
            return "/";
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    public void attach(HttpServletResponse response, Session session, boolean secure) {
        // The web session length sets Max-Age even for mobile sessions (doc section 4).
        long maxAge = settings.sessionLengthWebInHours() * 3600L;
        String expires = HTTP_DATE.format(Instant.now().plusSeconds(maxAge));
        String common = "; Path=" + path() + "; Expires=" + expires + "; Max-Age=" + maxAge + (secure ? "; Secure" : "");
        response.addHeader("Set-Cookie", AUTH + "=" + session.token() + common + "; HttpOnly");
        response.addHeader("Set-Cookie", USER_ID + "=" + session.userId() + common);
        response.addHeader("Set-Cookie", CSRF + "=" + session.csrfToken() + common);
    }

    /**
     * Mattermost sets {@code MaxAge: -1}; Go's net/http serialises a negative MaxAge as {@code Max-Age=0}
     * (RFC 6265 section 5.2.2: any value <= 0 expires the cookie at once). The past Expires helps old clients.
     */
    public void delete(HttpServletResponse response) {
        response.addHeader("Set-Cookie", AUTH + "=; Path=" + path()
                + "; Expires=Thu, 01 Jan 1970 00:00:00 GMT; Max-Age=0; HttpOnly");
    }
}
