package io.ssogate.core.storage;

/** A database operation failed; the message says which one, the cause carries the driver's detail. */
public class StorageException extends RuntimeException {

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    protected StorageException(String message) {
        super(message);
    }
}
