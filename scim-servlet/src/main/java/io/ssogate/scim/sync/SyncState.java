package io.ssogate.scim.sync;

/** Where a SCIM user's Mattermost account stands ({@code scim_user.sync_state}). */
public enum SyncState {
    /** A change is queued and not applied yet. */
    PENDING,
    /** The account matches the record of {@code synced_version}. */
    SYNCED,
    /** The last attempt failed ({@code sync_detail} says why); the outbox retries with backoff. */
    FAILED,
    /** The email is not in the tenant's domains: kept as a SCIM record, not provisioned. */
    OUTSIDE_DOMAINS
}
