package io.ssogate.core.storage;

/**
 * The database could not be opened or migrated at start-up. The message names the configuration key to
 * fix ({@link #key()}) and never contains the password.
 */
public class DatabaseStartupException extends StorageException {

    private final String key;

    public DatabaseStartupException(String key, String message, Throwable cause) {
        super(key + ": " + message, cause);
        this.key = key;
    }

    /** The configuration key at fault, such as {@code database.url} or {@code database.password}. */
    public String key() {
        return key;
    }
}
