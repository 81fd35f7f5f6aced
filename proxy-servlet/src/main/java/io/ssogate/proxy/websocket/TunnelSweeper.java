package io.ssogate.proxy.websocket;

import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.ssogate.core.config.ProxyConfig;

/**
 * Closes tunnels that carried no byte in either direction for longer than the idle timeout, and tunnels
 * whose client took none of the bytes waiting for it for longer than the write timeout. One shared
 * thread checks every tunnel periodically, instead of a timer per tunnel. The limits are read on each
 * sweep, so a changed setting applies to open tunnels too.
 *
 * <p>(The other direction, an upstream not taking the client's bytes, is bounded where the container
 * thread waits for it: {@link ClientToUpstreamPump}.)
 */
final class TunnelSweeper implements AutoCloseable {

    /** How late a tunnel may be closed at most, beyond its timeout. */
    static final Duration SWEEP_INTERVAL = Duration.ofMillis(250);

    private final ScheduledExecutorService scheduler;

    TunnelSweeper(Collection<Tunnel> tunnels, Supplier<ProxyConfig> config) {
        this.scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ssogate-ws-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        long interval = SWEEP_INTERVAL.toNanos();
        scheduler.scheduleWithFixedDelay(() -> sweep(tunnels, config), interval, interval,
                TimeUnit.NANOSECONDS);
    }

    private static void sweep(Collection<Tunnel> tunnels, Supplier<ProxyConfig> config) {
        ProxyConfig settings;
        try {
            settings = config.get();
        } catch (RuntimeException e) {
            return; // an exception would cancel the schedule; the next sweep tries again
        }
        long now = System.nanoTime();
        for (Tunnel tunnel : tunnels) {
            if (tunnel.idleLongerThan(settings.webSocketIdleTimeout(), now)) {
                tunnel.close("idle for longer than " + settings.webSocketIdleTimeout());
            } else if (tunnel.clientStalledLongerThan(settings.webSocketWriteTimeout(), now)) {
                tunnel.close("client took no bytes for longer than " + settings.webSocketWriteTimeout());
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
