package io.ssogate.proxy.websocket;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Closes tunnels that carried no byte in either direction for longer than the idle timeout. One
 * shared thread checks every tunnel periodically, instead of a timer per tunnel. The limit is read on
 * each sweep, so a changed setting applies to open tunnels too.
 */
final class IdleTunnelSweeper implements AutoCloseable {

    /** How late a tunnel may be closed at most, beyond its idle timeout. */
    static final Duration SWEEP_INTERVAL = Duration.ofMillis(250);

    private final ScheduledExecutorService scheduler;

    IdleTunnelSweeper(Collection<Tunnel> tunnels, Supplier<Duration> idleTimeout) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ssogate-ws-idle-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long interval = SWEEP_INTERVAL.toNanos();
        scheduler.scheduleWithFixedDelay(() -> sweep(tunnels, idleTimeout.get()), interval, interval,
                TimeUnit.NANOSECONDS);
    }

    private static void sweep(Collection<Tunnel> tunnels, Duration limit) {
        long now = System.nanoTime();
        for (Tunnel tunnel : tunnels) {
            if (tunnel.idleLongerThan(limit, now)) {
                tunnel.close("idle for longer than " + limit);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
