package io.ssogate.sso.login.accounts;

import java.util.Objects;

/**
 * The person signed in, but the gateway has no Mattermost account to log them in to. The message is for the
 * audit log and names no password; {@link #reason()} picks the page the person sees.
 */
public final class AccountUnavailableException extends RuntimeException {

    public enum Reason {
        /** No Mattermost account has this email, and the gateway does not create accounts. */
        NO_ACCOUNT,
        /**
         * An account exists, but the gateway may not log in to it: it has no password the gateway knows and
         * takeover is off, or it signs in through another service, or it is a system admin.
         */
        NOT_MANAGED,
        /** The account exists but is deactivated. */
        DEACTIVATED,
        /** The account is already linked to another identity (the same email at another IdP, say). */
        ALREADY_LINKED,
        /** Mattermost refused to create the account: its user limit is reached. */
        USER_LIMIT,
        /** Mattermost could not be reached or failed (no answer, 5xx). */
        MATTERMOST_DOWN,
        /** Mattermost refused a call for another reason: the admin token's rights, a rule it enforces. */
        MATTERMOST_REFUSED,
        /** Another node was provisioning the same account and did not finish in time; trying again helps. */
        BUSY,
        /** Mattermost refused the vaulted password at login, and it could not be repaired. */
        LOGIN_REFUSED,
        /** Mattermost locked the account after too many failed logins ({@code MaximumLoginAttempts}). */
        LOCKED_OUT
    }

    private final Reason reason;

    public AccountUnavailableException(Reason reason, String auditMessage) {
        super(auditMessage);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public AccountUnavailableException(Reason reason, String auditMessage, Throwable cause) {
        super(auditMessage, cause);
        this.reason = Objects.requireNonNull(reason, "reason");
    }

    public Reason reason() {
        return reason;
    }
}
