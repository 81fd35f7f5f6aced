package io.ssogate.core.feature;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Services features publish for each other, by type: the proxy publishes its hooks, the vault its
 * credentials store. One instance per type; publishing a second is a wiring mistake and fails.
 */
public final class Services {

    private final Map<Class<?>, Object> byType = new ConcurrentHashMap<>();

    public <T> void publish(Class<T> type, T service) {
        Objects.requireNonNull(service, "service");
        if (byType.putIfAbsent(type, type.cast(service)) != null) {
            throw new IllegalStateException("a " + type.getName() + " is already published");
        }
    }

    public <T> Optional<T> find(Class<T> type) {
        return Optional.ofNullable(type.cast(byType.get(type)));
    }

    /** @throws IllegalStateException when no installed feature published {@code type} */
    public <T> T require(Class<T> type) {
        return find(type).orElseThrow(() -> new IllegalStateException(
                "no " + type.getSimpleName() + " is published; is the feature that provides it installed?"));
    }
}
