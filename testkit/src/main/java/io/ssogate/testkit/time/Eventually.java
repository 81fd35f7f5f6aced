package io.ssogate.testkit.time;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;


/** Waits for observable state with a deadline, polling: no fixed sleeps, and a failure names what it waited for. */
public final class Eventually {

    public static final Duration DEFAULT = Duration.ofSeconds(30);

    private Eventually() {
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, DEFAULT, condition, () -> "");
    }

    public static void await(String what, BooleanSupplier condition, Supplier<String> state) {
        await(what, DEFAULT, condition, state);
    }

    public static void await(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + timeout + " waiting until " + what + "; " + state.get());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting until " + what);
            }
        }
    }
}
