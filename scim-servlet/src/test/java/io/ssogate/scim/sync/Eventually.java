package io.ssogate.scim.sync;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.fail;

/** Waits for observable state with a deadline, polling: no fixed sleeps, and a failure names what it waited for. */
final class Eventually {

    static final Duration DEFAULT = Duration.ofSeconds(30);

    private Eventually() {
    }

    static void await(String what, BooleanSupplier condition) {
        await(what, DEFAULT, condition, () -> "");
    }

    static void await(String what, BooleanSupplier condition, Supplier<String> state) {
        await(what, DEFAULT, condition, state);
    }

    static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("timed out after " + timeout + " waiting until " + what + "; " + state.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting until " + what);
            }
        }
    }
}
