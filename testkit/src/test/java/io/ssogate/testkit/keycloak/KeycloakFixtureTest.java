package io.ssogate.testkit.keycloak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One Keycloak start for the whole class: start-dev takes 25–90 s on this machine. */
class KeycloakFixtureTest {

    private static final String BACKCHANNEL_LOGOUT_URL = "http://127.0.0.1:8080/sso/backchannel-logout-from-test";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static KeycloakFixture keycloak;

    @BeforeAll
    static void start() {
        keycloak = KeycloakFixture.builder()
                .env("SSOGATE_CORP_OIDC_BACKCHANNEL_LOGOUT_URL", BACKCHANNEL_LOGOUT_URL)
                .start();
    }

    @AfterAll
    static void stop() {
        if (keycloak != null) {
            keycloak.close();
            assertFalse(keycloak.isRunning(), "Keycloak still runs after close()");
        }
    }

    @Test
    void bothRealmsPublishDiscoveryWithTheLoopbackIssuerAndASigningKey() throws Exception {
        for (String realm : KeycloakFixture.REALMS) {
            URI expectedIssuer = URI.create("http://127.0.0.1:" + keycloak.baseUri().getPort() + "/realms/" + realm);
            assertEquals(expectedIssuer, keycloak.issuer(realm));

            JsonNode discovery = getJson(keycloak.discoveryUri(realm));
            assertEquals(expectedIssuer.toString(), discovery.path("issuer").asText(), realm + " discovery");

            JsonNode jwks = getJson(URI.create(discovery.path("jwks_uri").asText()));
            assertTrue(jwks.path("keys").size() >= 1, realm + " JWKS has no key: " + jwks);
            assertTrue(jwks.path("keys").get(0).hasNonNull("kid"), realm + " JWKS key without kid: " + jwks);
        }
    }

    @Test
    void corpServesItsSamlIdpDescriptorWithTheIssuerAsEntityId() throws Exception {
        HttpResponse<String> response = get(keycloak.samlDescriptorUri("corp"));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.body().contains("entityID=\"" + keycloak.issuer("corp") + "\""), response.body());
        assertTrue(response.body().contains("X509Certificate"), "no signing certificate: " + response.body());
    }

    /** The realm's ssogate client has direct access grants on (realm-corp.json): alice gets tokens. */
    @Test
    void passwordGrantForAliceReturnsAnIdTokenIssuedByCorp() throws Exception {
        HttpResponse<String> response = passwordGrant("corp", "ssogate-corp-secret", "alice", "alice-password");
        assertEquals(200, response.statusCode(), response.body());

        String idToken = JSON.readTree(response.body()).path("id_token").asText();
        JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]));
        assertEquals(keycloak.issuer("corp").toString(), claims.path("iss").asText());
        assertEquals("alice@corp.example", claims.path("email").asText());
        assertEquals("5f2d6a0e-8c1b-4b7e-9a51-a11ce0000001", claims.path("sub").asText());
    }

    @Test
    void passwordGrantWithAWrongPasswordIsRefusedAsInvalidGrant() throws Exception {
        HttpResponse<String> response = passwordGrant("partner", "ssogate-partner-secret", "carol", "not-carols-password");
        assertEquals(401, response.statusCode(), response.body());
        assertEquals("invalid_grant", JSON.readTree(response.body()).path("error").asText());
    }

    /** The builder's environment reaches the realm import: the placeholder in realm-corp.json took its value. */
    @Test
    void builderEnvironmentFillsTheRealmFilesPlaceholders() throws Exception {
        HttpResponse<String> token = form(URI.create(keycloak.issuer("master") + "/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "client_id", "admin-cli",
                        "username", KeycloakFixture.ADMIN_USER, "password", KeycloakFixture.ADMIN_PASSWORD), null);
        assertEquals(200, token.statusCode(), token.body());
        String accessToken = JSON.readTree(token.body()).path("access_token").asText();

        HttpRequest clients = HttpRequest.newBuilder(
                        URI.create(keycloak.baseUri() + "/admin/realms/corp/clients?clientId=ssogate"))
                .header("Authorization", "Bearer " + accessToken).timeout(Duration.ofSeconds(30)).GET().build();
        HttpResponse<String> response = HTTP.send(clients, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(BACKCHANNEL_LOGOUT_URL,
                JSON.readTree(response.body()).path(0).path("attributes").path("backchannel.logout.url").asText());
    }

    private static HttpResponse<String> passwordGrant(String realm, String secret, String user, String password)
            throws IOException, InterruptedException {
        String basic = Base64.getEncoder().encodeToString(
                (KeycloakFixture.OIDC_CLIENT_ID + ":" + secret).getBytes(StandardCharsets.UTF_8));
        return form(URI.create(keycloak.issuer(realm) + "/protocol/openid-connect/token"),
                Map.of("grant_type", "password", "username", user, "password", password, "scope", "openid"),
                "Basic " + basic);
    }

    private static HttpResponse<String> form(URI uri, Map<String, String> fields, String authorization)
            throws IOException, InterruptedException {
        String body = fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode getJson(URI uri) throws IOException, InterruptedException {
        HttpResponse<String> response = get(uri);
        assertEquals(200, response.statusCode(), uri + ": " + response.body());
        return JSON.readTree(response.body());
    }
}
