package io.ssogate.core.config;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The configuration in force now. Readers call {@link #current()} per request (one volatile read). The
 * admin console (a later issue) calls {@link #update}: every {@link ConfigListener} checks the change
 * first, and only a change none refuses is published, to readers and listeners alike. A refused change
 * leaves everything on the previous settings.
 */
public final class LiveConfig {

    private static final Logger log = LoggerFactory.getLogger(LiveConfig.class);

    private volatile GatewayConfig current;
    private final List<ConfigListener> listeners = new CopyOnWriteArrayList<>();

    public LiveConfig(GatewayConfig initial) {
        this.current = Objects.requireNonNull(initial, "initial");
    }

    public GatewayConfig current() {
        return current;
    }

    /**
     * Checks {@code change} with every listener, then publishes it. Updates are serialised, so two
     * admins' changes never interleave their checks and publications.
     *
     * @throws IllegalArgumentException from the first listener that refuses; nothing was published
     */
    public synchronized GatewayConfig update(UnaryOperator<GatewayConfig> change) {
        GatewayConfig candidate = Objects.requireNonNull(change.apply(current), "changed configuration");
        for (ConfigListener listener : listeners) {
            listener.check(candidate);
        }
        current = candidate;
        for (ConfigListener listener : listeners) {
            try {
                listener.apply(candidate);
            } catch (RuntimeException e) {
                log.error("A configuration listener failed to apply an accepted change: {}", e.toString(), e);
            }
        }
        return candidate;
    }

    /** Adds a listener; it sees changes from the next {@link #update} on. */
    public void addListener(ConfigListener listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }

    /** Stops telling {@code listener} about changes (a closed feature must not keep reacting). */
    public void removeListener(ConfigListener listener) {
        listeners.remove(listener);
    }
}
