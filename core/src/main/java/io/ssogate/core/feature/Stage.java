package io.ssogate.core.feature;

/**
 * Where a {@link RequestStep} runs. The order is the contract between features: hygiene before anyone
 * reads a header, identity before the Mattermost login, and that before the request is proxied.
 */
public enum Stage {
    /** Refuses malformed or ambiguous requests before any feature acts on them. */
    REQUEST_HYGIENE,
    /** Establishes who the caller is: the gateway session, a client certificate. */
    IDENTITY,
    /** Logs the caller into Mattermost on their behalf. */
    MATTERMOST_LOGIN
}
