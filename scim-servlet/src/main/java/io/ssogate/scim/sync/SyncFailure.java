package io.ssogate.scim.sync;

/**
 * A sync of one user that cannot complete now, with the reason shown to admins as the user's
 * {@code syncDetail} (never to the SCIM client as an error). The outbox retries it with backoff.
 */
public final class SyncFailure extends Exception {

    private static final long serialVersionUID = 1L;

    public SyncFailure(String detail) {
        super(detail);
    }

    public SyncFailure(String detail, Throwable cause) {
        super(detail, cause);
    }

    /** What {@code sync_detail} says: the reason, for the admin reading the user's sync state. */
    public String detail() {
        return getMessage();
    }
}
