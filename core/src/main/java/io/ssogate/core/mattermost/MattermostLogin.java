package io.ssogate.core.mattermost;

import java.util.List;

/**
 * The outcome of {@code POST /api/v4/users/login} made on a person's behalf: the session token, the
 * CSRF token, and the {@code Set-Cookie} values Mattermost sent, which the gateway hands to the browser
 * unchanged (Mattermost decides their path, lifetime and Secure flag).
 */
public record MattermostLogin(String sessionToken, String csrfToken, MattermostUser user,
                              List<String> setCookieHeaders) {

    public MattermostLogin {
        setCookieHeaders = List.copyOf(setCookieHeaders);
    }

    @Override
    public String toString() {
        // Tokens are credentials: never in logs.
        return "MattermostLogin[user=" + (user == null ? null : user.id()) + "]";
    }
}
