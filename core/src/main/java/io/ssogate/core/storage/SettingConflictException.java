package io.ssogate.core.storage;

/**
 * Optimistic concurrency lost: the setting changed (or appeared, or vanished) since the caller read the
 * version it passed. The admin console reloads and shows the current value instead of overwriting it.
 */
public class SettingConflictException extends StorageException {

    private final String key;
    private final long expectedVersion;
    private final long currentVersion;

    public SettingConflictException(String key, long expectedVersion, long currentVersion) {
        super("setting [" + key + "] was changed concurrently: expected version [" + expectedVersion
                + "], current version [" + currentVersion + "]" + (currentVersion == 0 ? " (absent)" : ""));
        this.key = key;
        this.expectedVersion = expectedVersion;
        this.currentVersion = currentVersion;
    }

    public String key() {
        return key;
    }

    public long expectedVersion() {
        return expectedVersion;
    }

    /** The version in the database when the conflict was seen; 0 if the setting does not exist. */
    public long currentVersion() {
        return currentVersion;
    }
}
