package io.ssogate.testkit.emulator.http;

import io.ssogate.testkit.emulator.state.EmulatorState;
import io.ssogate.testkit.emulator.state.Session;
import io.ssogate.testkit.emulator.state.UserAccount;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;

import java.security.MessageDigest;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/** Finds the caller the way {@code ParseAuthTokenFromRequest} and the API handler do (doc sections 2 and 3). */
public final class RequestAuthenticator {
    public enum TokenLocation { NONE, COOKIE, HEADER }

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

    /** The first of: MMAUTHTOKEN cookie, {@code Authorization: Bearer}, {@code Authorization: Token}. */
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
        return Token.NONE;
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
