package io.ssogate.sso.saml;

import java.util.Optional;
import java.util.function.Supplier;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.logout.handler.SessionLogoutHandler;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.core.profile.creator.ProfileCreator;

/**
 * Hands out the profile {@link SamlAuthenticator} made, and records the sign-in with the session logout
 * handler under {@link SamlSessionKeys#of(String, String)}, so an IdP-initiated LogoutRequest can find the
 * gateway session later (as pac4j's OIDC client records its {@code sid}).
 */
final class SamlProfileCreator implements ProfileCreator {

    private final Supplier<SessionLogoutHandler> sessionLogoutHandler;

    SamlProfileCreator(Supplier<SessionLogoutHandler> sessionLogoutHandler) {
        this.sessionLogoutHandler = sessionLogoutHandler;
    }

    @Override
    public Optional<UserProfile> create(CallContext ctx, Credentials credentials) {
        if (!(credentials.getUserProfile() instanceof SamlProfile profile)) {
            return Optional.empty();
        }
        SessionLogoutHandler handler = sessionLogoutHandler.get();
        if (handler != null) {
            handler.recordSession(ctx, SamlSessionKeys.of(profile.sessionIndex(), profile.nameId()));
        }
        return Optional.of(profile);
    }
}
