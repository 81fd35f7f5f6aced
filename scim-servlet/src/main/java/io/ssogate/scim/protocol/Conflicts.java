package io.ssogate.scim.protocol;

import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;

/** What a write does when another one changed the resource between its read and its write. */
final class Conflicts {

    /** Enough for every writer of a burst on one resource to get its turn: each round, one of them wins. */
    static final int ATTEMPTS = 64;

    private Conflicts() {
    }

    /**
     * With If-Match the client named the version it changes, and it is gone: 412. Without, the change is
     * read again and re-applied after a short random pause, so racing writers spread out, up to
     * {@link #ATTEMPTS} times; then 409.
     */
    static void lost(String ifMatch, int attempt) throws PreconditionFailedException, ResourceConflictException {
        if (ifMatch != null) {
            throw new PreconditionFailedException("the resource changed after If-Match was checked; read it again");
        }
        if (attempt >= ATTEMPTS) {
            throw new ResourceConflictException("the resource is being changed by other requests; retry");
        }
        LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(1_000_000L * Math.min(attempt, 10)));
    }
}
