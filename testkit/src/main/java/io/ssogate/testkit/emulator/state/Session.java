package io.ssogate.testkit.emulator.state;

/**
 * A login session or a personal access token (Mattermost stores both as sessions). Immutable; expiring one
 * replaces it in the {@link SessionRegistry}. {@code toString} leaves the token and CSRF value out.
 */
public record Session(String id, String token, String userId, String csrfToken, long createAt, long expiresAt,
                      String deviceId, boolean accessToken, String description) {

    public boolean isExpired(long now) {
        return expiresAt > 0 && expiresAt <= now;
    }

    public boolean isMobile() {
        return deviceId != null && !deviceId.isEmpty();
    }

    public Session withExpiresAt(long at) {
        return new Session(id, token, userId, csrfToken, createAt, at, deviceId, accessToken, description);
    }

    @Override
    public String toString() {
        return "Session[id=" + id + ", userId=" + userId + ", accessToken=" + accessToken + "]";
    }
}
