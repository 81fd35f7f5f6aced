package io.ssogate.sso.identity;

/**
 * The IdP vouched for someone this gateway will not sign in: an email outside the tenant's domains, an
 * unverified email, no email at all. The message is for the audit log; {@link #reason()} picks the text the
 * person sees, which says what to do without echoing what the IdP sent.
 */
public final class SignInRefusedException extends RuntimeException {

    public enum Reason { NO_EMAIL, OTHER_TENANT, UNVERIFIED_EMAIL }

    private final Reason reason;

    public SignInRefusedException(Reason reason, String auditMessage) {
        super(auditMessage);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
