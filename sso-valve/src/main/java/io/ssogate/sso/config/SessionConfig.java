package io.ssogate.sso.config;

import java.time.Duration;

/**
 * The gateway session.
 *
 * @param cookieName      the session cookie's name; it never reaches Mattermost
 * @param idleTimeout     a session unused this long ends
 * @param absoluteTimeout a session ends this long after sign-in, used or not
 */
public record SessionConfig(String cookieName, Duration idleTimeout, Duration absoluteTimeout) {

    public static final String DEFAULT_COOKIE_NAME = "SSOGATE_SESSION";
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofHours(8);
    public static final Duration DEFAULT_ABSOLUTE_TIMEOUT = Duration.ofDays(7);

    public SessionConfig {
        cookieName = cookieName == null ? DEFAULT_COOKIE_NAME : cookieName;
        idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
        absoluteTimeout = absoluteTimeout == null ? DEFAULT_ABSOLUTE_TIMEOUT : absoluteTimeout;
    }

    public static SessionConfig defaults() {
        return new SessionConfig(null, null, null);
    }
}
