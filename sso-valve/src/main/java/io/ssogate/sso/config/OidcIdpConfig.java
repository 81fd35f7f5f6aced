package io.ssogate.sso.config;

import io.ssogate.core.config.Secret;
import java.net.URI;
import java.util.List;

/**
 * An OpenID Connect provider.
 *
 * @param discoveryUri         its {@code .well-known/openid-configuration}
 * @param clientId             the gateway's client id there
 * @param clientSecret         for {@code client_secret_basic} and {@code client_secret_post}
 * @param clientAuthentication how the gateway authenticates at the token endpoint
 * @param privateKey           PEM PKCS#8 key for {@code private_key_jwt}
 * @param scopes               requested scopes; {@code openid} is always among them
 */
public record OidcIdpConfig(URI discoveryUri, String clientId, Secret clientSecret,
                            ClientAuthentication clientAuthentication, Secret privateKey, List<String> scopes) {

    public static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");

    public enum ClientAuthentication { CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, PRIVATE_KEY_JWT }

    public OidcIdpConfig {
        clientAuthentication = clientAuthentication == null ? ClientAuthentication.CLIENT_SECRET_BASIC
                : clientAuthentication;
        scopes = scopes == null || scopes.isEmpty() ? DEFAULT_SCOPES : List.copyOf(scopes);
    }
}
