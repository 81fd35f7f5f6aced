package io.ssogate.sso.saml;

import java.io.Serial;
import java.util.Objects;
import org.pac4j.core.credentials.Credentials;

/**
 * A {@code SAMLResponse} as posted to the callback, not yet checked. Its {@link #toString()} shows only its
 * length: pac4j logs credentials at debug level, and an unused assertion is a bearer token.
 */
public final class SamlResponseCredentials extends Credentials {

    @Serial
    private static final long serialVersionUID = 1L;

    private final String encodedResponse;

    public SamlResponseCredentials(String encodedResponse) {
        this.encodedResponse = Objects.requireNonNull(encodedResponse, "encodedResponse");
    }

    /** The base64 {@code SAMLResponse} parameter. */
    public String encodedResponse() {
        return encodedResponse;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SamlResponseCredentials that && super.equals(that)
                && encodedResponse.equals(that.encodedResponse);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), encodedResponse);
    }

    @Override
    public String toString() {
        return "SamlResponseCredentials[" + encodedResponse.length() + " characters]";
    }
}
