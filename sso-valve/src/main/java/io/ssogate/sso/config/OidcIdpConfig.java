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
 * @param groupsFromGraph      when the ID token signals Entra ID's group overage (or carries no groups),
 *                             read the groups from Microsoft Graph with the sign-in's access token
 * @param graphUrl             Microsoft Graph's base URL as configured, or null for {@link #DEFAULT_GRAPH_URL}
 */
public record OidcIdpConfig(URI discoveryUri, String clientId, Secret clientSecret,
                            ClientAuthentication clientAuthentication, Secret privateKey, List<String> scopes,
                            boolean groupsFromGraph, URI graphUrl) {

    public static final List<String> DEFAULT_SCOPES = List.of("openid", "email", "profile");

    /** The global Microsoft cloud; national clouds have their own (e.g. {@code https://graph.microsoft.us}). */
    public static final URI DEFAULT_GRAPH_URL = URI.create("https://graph.microsoft.com");

    public enum ClientAuthentication { CLIENT_SECRET_BASIC, CLIENT_SECRET_POST, PRIVATE_KEY_JWT }

    public OidcIdpConfig {
        clientAuthentication = clientAuthentication == null ? ClientAuthentication.CLIENT_SECRET_BASIC
                : clientAuthentication;
        scopes = scopes == null || scopes.isEmpty() ? DEFAULT_SCOPES : List.copyOf(scopes);
    }

    /** A provider whose groups come from its tokens only. */
    public OidcIdpConfig(URI discoveryUri, String clientId, Secret clientSecret,
                         ClientAuthentication clientAuthentication, Secret privateKey, List<String> scopes) {
        this(discoveryUri, clientId, clientSecret, clientAuthentication, privateKey, scopes, false, null);
    }

    /** Where Microsoft Graph is asked for groups: {@code graphUrl}, or the global cloud's. */
    public URI graphUrlOrDefault() {
        return graphUrl == null ? DEFAULT_GRAPH_URL : graphUrl;
    }
}
