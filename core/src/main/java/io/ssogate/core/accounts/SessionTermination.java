package io.ssogate.core.accounts;

/**
 * Ends the gateway's own sessions of a person, on every node: what a deprovisioned account needs besides
 * its Mattermost sessions, since a live gateway session would otherwise log it in again.
 */
@FunctionalInterface
public interface SessionTermination {

    /** Ends every gateway session that logs into Mattermost user {@code mattermostUserId}; returns how many. */
    int endSessionsOf(String mattermostUserId);
}
