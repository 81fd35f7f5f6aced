package io.ssogate.core.storage;

import java.time.Instant;
import java.util.Objects;

/**
 * One setting as stored: the value is text (usually JSON) and {@code version} is what the next write must
 * name.
 */
public record StoredSetting(String key, String value, long version, Instant updatedAt, String updatedBy) {

    public StoredSetting {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        Objects.requireNonNull(updatedAt, "updatedAt");
        Objects.requireNonNull(updatedBy, "updatedBy");
        if (version <= 0) {
            throw new IllegalArgumentException("a stored setting has version 1 or more, got " + version);
        }
    }
}
