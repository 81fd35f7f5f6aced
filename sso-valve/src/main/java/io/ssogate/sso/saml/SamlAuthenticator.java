package io.ssogate.sso.saml;

import java.util.Optional;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.credentials.authenticator.Authenticator;

/**
 * Turns a posted {@code SAMLResponse} into a {@link SamlProfile}, or refuses it with a
 * {@code CredentialsException} naming the reason ({@link SamlResponseValidator}). Logout credentials were
 * validated when extracted and pass through untouched.
 */
final class SamlAuthenticator implements Authenticator {

    private final SamlResponseValidator validator;

    SamlAuthenticator(SamlResponseValidator validator) {
        this.validator = validator;
    }

    @Override
    public Optional<Credentials> validate(CallContext ctx, Credentials credentials) {
        if (credentials instanceof SamlResponseCredentials response) {
            ValidatedAssertion assertion = validator.validate(ctx, response.encodedResponse());
            response.setUserProfile(SamlProfile.of(assertion));
            return Optional.of(response);
        }
        return Optional.ofNullable(credentials).filter(c -> !c.isForAuthentication());
    }
}
