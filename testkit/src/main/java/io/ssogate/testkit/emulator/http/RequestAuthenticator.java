package io.ssogate.testkit.emulator.http;

import io.ssogate.testkit.emulator.state.EmulatorState;
import io.ssogate.testkit.emulator.state.Session;
import io.ssogate.testkit.emulator.state.UserAccount;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URLDecoder;
import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Finds the caller the way {@code ParseAuthTokenFromRequest} and the API handler do (doc sections 2 and 3). */
public final class RequestAuthenticator {
    public enum TokenLocation { NONE, COOKIE, HEADER, QUERY }

    public record Token(String value, TokenLocation location) {
        static final Token NONE = new Token(null, TokenLocation.NONE);

        @Override
        public String toString() {
            return "Token[location=" + location + "]";
        }
    }

    public record Caller(Session session, UserAccount user) {
    }

    private final EmulatorState state;

    public RequestAuthenticator(EmulatorState state) {
        this.state = state;
    }

    /**
     * The first of: MMAUTHTOKEN cookie, {@code Authorization: Bearer}, {@code Authorization: Token}, the
     * query parameter {@code access_token} (doc section 2).
     */
    public static Token tokenOf(HttpServletRequest request) {
        Cookie[] cookies = request.getCookies();
        if (cookies != null) {
            for (Cookie c : cookies) {
                if (SessionCookies.AUTH.equals(c.getName()) && !c.getValue().isEmpty()) {
                    return new Token(c.getValue(), TokenLocation.COOKIE);
                }
            }
        }
        String auth = request.getHeader("Authorization");
        if (auth != null) {
            String lower = auth.toLowerCase(Locale.ROOT);
            // The scheme matches case-insensitively; "Token" is the legacy form.
            if (lower.startsWith("bearer ")) {
                return new Token(auth.substring(7).trim(), TokenLocation.HEADER);
            }
            if (lower.startsWith("token ")) {
                return new Token(auth.substring(6).trim(), TokenLocation.HEADER);
            }
        }
        String query = accessTokenParameter(request.getQueryString());
        return query == null ? Token.NONE : new Token(query, TokenLocation.QUERY);
    }

    /**
     * Go's {@code r.URL.Query().Get("access_token")}: the first value, decoded; an undecodable pair is
     * skipped. From the query string only, never a form body (which {@code getParameter} would read).
     */
    private static String accessTokenParameter(String query) {
        if (query == null) {
            return null;
        }
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (!name.contains("access_token")) {
                continue;
            }
            try {
                if ("access_token".equals(URLDecoder.decode(name, StandardCharsets.UTF_8))) {
                    String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
                    return value.isEmpty() ? null : value;
                }
            } catch (IllegalArgumentException e) {
                // a malformed escape: Go drops the pair too
            }
        }
        return null;
    }

    /** The live session and user for a token; a personal access token counts only while tokens are enabled. */
    public Optional<Caller> resolve(String token) {
        return state.sessions.findValid(token)
                .filter(s -> !s.accessToken() || state.settings.enableUserAccessTokens())
                .flatMap(s -> state.users.byId(s.userId()).filter(UserAccount::isActive).map(u -> new Caller(s, u)));
    }

    /**
     * {@code checkCSRFToken}: only for a cookie-borne token on a non-GET request. Passes with a matching
     * {@code X-CSRF-Token}, or with {@code X-Requested-With: XMLHttpRequest} unless strict enforcement is on.
     */
    public boolean csrfPasses(HttpServletRequest request, Token token, Session session) {
        if (token.location() != TokenLocation.COOKIE || "GET".equals(request.getMethod())) {
            return true;
        }
        String header = request.getHeader("X-CSRF-Token");
        // Constant-time comparison: the CSRF token is a secret the attacker is guessing.
        if (header != null && !session.csrfToken().isEmpty() && MessageDigest.isEqual(
                header.getBytes(StandardCharsets.UTF_8), session.csrfToken().getBytes(StandardCharsets.UTF_8))) {
            return true;
        }
        return "XMLHttpRequest".equals(request.getHeader("X-Requested-With"))
                && !state.settings.experimentalStrictCsrfEnforcement();
    }
}
