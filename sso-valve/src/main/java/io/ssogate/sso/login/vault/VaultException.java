package io.ssogate.sso.login.vault;

/**
 * The vault cannot do what was asked: a row does not decrypt, or is under a key no longer configured, or
 * no key is configured. The message names the Mattermost user and the key id; it never carries a password
 * or a key, and neither does a cause (only the JDK's own crypto exceptions, which hold no data).
 */
public final class VaultException extends RuntimeException {

    public VaultException(String message) {
        super(message);
    }

    public VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
