package io.ssogate.core.config;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The configuration in force now. Readers call {@link #current()} per request (one volatile read);
 * the admin console (a later issue) calls {@link #update} and every listener sees the new snapshot, so
 * settings such as the upstream URL and timeouts take effect without a restart.
 */
public final class LiveConfig {

    private final AtomicReference<GatewayConfig> current;
    private final List<Consumer<GatewayConfig>> listeners = new CopyOnWriteArrayList<>();

    public LiveConfig(GatewayConfig initial) {
        this.current = new AtomicReference<>(Objects.requireNonNull(initial, "initial"));
    }

    public GatewayConfig current() {
        return current.get();
    }

    /** Applies {@code change} atomically and tells the listeners about the result. */
    public GatewayConfig update(UnaryOperator<GatewayConfig> change) {
        GatewayConfig updated = current.updateAndGet(change);
        for (Consumer<GatewayConfig> listener : listeners) {
            listener.accept(updated);
        }
        return updated;
    }

    public void onChange(Consumer<GatewayConfig> listener) {
        listeners.add(Objects.requireNonNull(listener, "listener"));
    }
}
