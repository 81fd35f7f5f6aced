package io.ssogate.sso.login.accounts;

import java.time.Duration;
import java.util.Objects;

/**
 * What the gateway may do when a signed-in person has no linked Mattermost account.
 *
 * @param jitProvisioning   create an account for a person Mattermost does not know (by email)
 * @param takeover          <b>risky:</b> give an existing account the gateway has no password for a new
 *                          password, so the gateway can log in to it. The person's own password stops
 *                          working, and with Mattermost's {@code TerminateSessionsOnPasswordChange} (on by
 *                          default) every session of theirs ends, phones included. Off by default; turn it on
 *                          when moving an existing Mattermost to single sign-on.
 * @param claimTtl          how long a provisioning claim holds before another node may take it over: longer
 *                          than the Mattermost calls of one provisioning can take
 * @param claimWait         how long a node waits for another node's provisioning of the same account
 * @param pollInterval      how often a waiting node looks for the other node's link
 * @param userLimitBackoff  after Mattermost said its user limit is reached, how long creations are refused
 *                          without asking it again
 */
public record AccountSettings(boolean jitProvisioning, boolean takeover, Duration claimTtl, Duration claimWait,
                              Duration pollInterval, Duration userLimitBackoff) {

    public static final Duration DEFAULT_CLAIM_TTL = Duration.ofSeconds(60);
    public static final Duration DEFAULT_CLAIM_WAIT = Duration.ofSeconds(20);
    public static final Duration DEFAULT_POLL_INTERVAL = Duration.ofMillis(100);
    public static final Duration DEFAULT_USER_LIMIT_BACKOFF = Duration.ofMinutes(5);

    public AccountSettings {
        Objects.requireNonNull(claimTtl, "claimTtl");
        Objects.requireNonNull(claimWait, "claimWait");
        Objects.requireNonNull(pollInterval, "pollInterval");
        Objects.requireNonNull(userLimitBackoff, "userLimitBackoff");
        if (claimTtl.isNegative() || claimTtl.isZero() || pollInterval.isNegative() || pollInterval.isZero()) {
            throw new IllegalArgumentException("claimTtl and pollInterval must be positive");
        }
    }

    /** The given policy with the default timings. */
    public static AccountSettings of(boolean jitProvisioning, boolean takeover) {
        return new AccountSettings(jitProvisioning, takeover, DEFAULT_CLAIM_TTL, DEFAULT_CLAIM_WAIT,
                DEFAULT_POLL_INTERVAL, DEFAULT_USER_LIMIT_BACKOFF);
    }
}
