package io.ssogate.sso.flow;

/** Request attributes the sign-in flow leaves for the steps after it. */
public final class SignInAttributes {

    /** The typed email, for the IdP's login hint (the SAML client reads it too). */
    public static final String LOGIN_HINT = "io.ssogate.sso.loginHint";
    /** Set once the callback opened a gateway session: the {@link io.ssogate.sso.identity.Identity}. */
    public static final String SIGNED_IN = "io.ssogate.sso.signedIn";
    /** The signed-in {@link io.ssogate.sso.session.GatewaySession} of a proxied request. */
    public static final String SESSION = "io.ssogate.sso.session";

    private SignInAttributes() {
    }
}
