package io.ssogate.testkit.emulator.state;

import java.util.concurrent.atomic.AtomicLong;

/** Milliseconds since the epoch that never repeat, so an update always changes {@code update_at} and the ETag. */
public final class Clock {
    private static final AtomicLong LAST = new AtomicLong();

    private Clock() {
    }

    public static long nowMillis() {
        return LAST.updateAndGet(prev -> Math.max(prev + 1, System.currentTimeMillis()));
    }
}
