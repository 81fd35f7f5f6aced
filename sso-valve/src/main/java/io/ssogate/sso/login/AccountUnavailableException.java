package io.ssogate.sso.login;

/**
 * The gateway cannot log this person into Mattermost. The message is for the audit log; {@link #reason()}
 * picks what the page tells the person.
 */
public class AccountUnavailableException extends RuntimeException {

    public enum Reason {
        /** No Mattermost account, and just-in-time provisioning is off. */
        NO_ACCOUNT,
        /** An account exists, but the gateway has no password for it and takeover is off. */
        NOT_MANAGED,
        /** The account is deactivated in Mattermost. */
        DEACTIVATED,
        /** Mattermost refused the vaulted password, and it could not be repaired. */
        LOGIN_REFUSED,
        /** Mattermost's user limit stops a new account. */
        USER_LIMIT,
        /** Mattermost did not answer, or answered with an error. */
        MATTERMOST_DOWN
    }

    private final Reason reason;

    public AccountUnavailableException(Reason reason, String auditMessage) {
        super(auditMessage);
        this.reason = reason;
    }

    public AccountUnavailableException(Reason reason, String auditMessage, Throwable cause) {
        super(auditMessage, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
