package io.ssogate.sso.flow;

/** A callback that did not end in a session, for a reason that is not the person's (see the log). */
public final class SignInFailedException extends RuntimeException {

    public SignInFailedException(String message) {
        super(message);
    }
}
