package io.ssogate.sso.flow;

import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;
import io.ssogate.sso.config.PemKeys;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.oauth2.sdk.auth.ClientAuthenticationMethod;
import com.nimbusds.oauth2.sdk.id.State;

import org.pac4j.oidc.client.OidcClient;
import org.pac4j.oidc.config.OidcConfiguration;
import org.pac4j.oidc.config.PrivateKeyJWTClientAuthnMethodConfig;

import java.security.PrivateKey;
import java.time.Duration;

/**
 * Makes pac4j's OIDC client for one IdP: discovery, authorization code with PKCE (when the provider
 * offers S256), state and nonce, ID token checks (signature required, issuer, audience, expiry with the
 * configured skew), the userinfo call, RP-initiated and back-channel logout.
 */
final class OidcClients {

    private static final int HTTP_TIMEOUT_MS = 10_000;

    private OidcClients() {
    }

    static OidcClient build(IdpConfig idp, Duration clockSkew) {
        OidcIdpConfig settings = idp.oidc();
        OidcConfiguration configuration = new OidcConfiguration();
        configuration.setDiscoveryURI(settings.discoveryUri().toString());
        configuration.setClientId(settings.clientId());
        configuration.setScope(String.join(" ", settings.scopes()));
        configuration.setUseNonce(true);
        configuration.setWithState(true);
        // pac4j's default state is 10 hex digits, 40 random bits; RFC 6749 section 10.10 wants at least 128.
        // Nimbus's State is 256 bits from SecureRandom, base64url.
        configuration.setStateGenerator(ctx -> new State().getValue());
        configuration.setDisablePkce(false);
        configuration.setAllowUnsignedIdTokens(false);
        configuration.setLogoutValidation(true);
        configuration.setMaxClockSkew((int) clockSkew.toSeconds());
        // The gateway session has its own lifetime; the IdP's short-lived tokens do not end it.
        configuration.setExpireSessionWithToken(false);
        configuration.setConnectTimeout(HTTP_TIMEOUT_MS);
        configuration.setReadTimeout(HTTP_TIMEOUT_MS);
        switch (settings.clientAuthentication()) {
            case CLIENT_SECRET_BASIC -> {
                configuration.setClientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_BASIC);
                configuration.setSecret(settings.clientSecret().reveal());
            }
            case CLIENT_SECRET_POST -> {
                configuration.setClientAuthenticationMethod(ClientAuthenticationMethod.CLIENT_SECRET_POST);
                configuration.setSecret(settings.clientSecret().reveal());
            }
            case PRIVATE_KEY_JWT -> {
                configuration.setClientAuthenticationMethod(ClientAuthenticationMethod.PRIVATE_KEY_JWT);
                configuration.setPrivateKeyJWTClientAuthnMethodConfig(
                        new PrivateKeyJWTClientAuthnMethodConfig(JWSAlgorithm.RS256, privateKey(settings)));
            }
        }
        OidcClient client = new OidcClient(configuration);
        client.setName(idp.name());
        return client;
    }

    private static PrivateKey privateKey(OidcIdpConfig settings) {
        return PemKeys.rsaPkcs8(settings.privateKey().reveal());
    }
}
