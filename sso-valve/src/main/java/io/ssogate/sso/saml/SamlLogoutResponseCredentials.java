package io.ssogate.sso.saml;

import java.io.Serial;
import java.util.Objects;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.logout.LogoutType;

/**
 * A validated LogoutResponse: the IdP's answer to our LogoutRequest. Not for authentication, so pac4j's
 * callback logic hands it to {@link SamlLogoutProcessor}, which sends the browser to the signed-out page.
 */
public final class SamlLogoutResponseCredentials extends Credentials {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String statusCode;

    SamlLogoutResponseCredentials(String statusCode) {
        this.logoutType = LogoutType.FRONT;
        this.statusCode = statusCode;
    }

    /** The top-level status code, e.g. {@code urn:oasis:names:tc:SAML:2.0:status:Success}; null if absent. */
    public String statusCode() {
        return statusCode;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SamlLogoutResponseCredentials that && super.equals(that)
                && Objects.equals(statusCode, that.statusCode);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), statusCode);
    }

    @Override
    public String toString() {
        return "SamlLogoutResponseCredentials[" + statusCode + "]";
    }
}
