package io.ssogate.scim.store;

/** Another live user of the tenant already has this userName (compared case-insensitively). */
public final class DuplicateUserNameException extends Exception {

    private static final long serialVersionUID = 1L;

    public DuplicateUserNameException(String userName) {
        super("userName '" + userName + "' is already taken in this tenant");
    }
}
