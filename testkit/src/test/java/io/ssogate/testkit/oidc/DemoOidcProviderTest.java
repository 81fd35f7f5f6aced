package io.ssogate.testkit.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.InetAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The demo provider signs in whoever types an email, with the claims a company IdP would send. */
class DemoOidcProviderTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REDIRECT = "http://127.0.0.1:9/sso/callback";
    private static final String VERIFIER = "demo-verifier-0123456789-0123456789-0123456789";

    private static DemoOidcProvider provider;
    private final HttpClient client = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @BeforeAll
    static void start() {
        provider = DemoOidcProvider.start(InetAddress.getLoopbackAddress(), 0, "demo");
    }

    @AfterAll
    static void stop() {
        provider.close();
    }

    @Test
    void discoveryNamesTheIssuerTheProviderPrints() throws Exception {
        JsonNode discovery = JSON.readTree(get(provider.discoveryUri()).body());
        assertEquals(provider.issuer().toString(), discovery.path("issuer").asText());
        assertEquals(provider.issuer() + "/authorize", discovery.path("authorization_endpoint").asText());
    }

    @Test
    void signInPageAsksForAnEmailPrefilledWithTheLoginHint() throws Exception {
        HttpResponse<String> page = get(authorize("alice@demo.example"));
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("name=\"username\" type=\"email\" value=\"alice@demo.example\""), page.body());
    }

    @Test
    void aLoginHintCannotInjectMarkupIntoTheSignInPage() throws Exception {
        String body = get(authorize("\"><script>x</script>")).body();
        assertTrue(body.contains("value=\"&quot;&gt;&lt;script&gt;x&lt;/script&gt;\""), body);
    }

    @Test
    void typingAliceEmailIssuesAnIdTokenWithHerClaims() throws Exception {
        JsonNode claims = idTokenClaims("Alice@Demo.example");
        assertEquals("alice@demo.example", claims.path("email").asText());
        assertEquals("alice@demo.example", claims.path("sub").asText());
        assertTrue(claims.path("email_verified").asBoolean());
        assertEquals("Alice", claims.path("given_name").asText());
        assertEquals("Adams", claims.path("family_name").asText());
        assertEquals("Alice Adams", claims.path("name").asText());
        assertEquals("alice", claims.path("preferred_username").asText());
        assertEquals(List.of("demo-staff", "engineering"), JSON.convertValue(claims.path("groups"), List.class));
        assertEquals("ssogate-demo", claims.path("aud").isArray() ? claims.path("aud").get(0).asText()
                : claims.path("aud").asText());
        assertEquals(provider.issuer().toString(), claims.path("iss").asText());
        assertEquals("nonce-1", claims.path("nonce").asText());
    }

    @Test
    void anyoneElseGetsANameMadeFromTheAddress() throws Exception {
        JsonNode claims = idTokenClaims("carol@demo.example");
        assertEquals("carol@demo.example", claims.path("email").asText());
        assertEquals("Carol Demo", claims.path("name").asText());
        assertEquals("carol", claims.path("preferred_username").asText());
    }

    @Test
    void aUserNameThatIsNoEmailGetsNoEmailClaim() throws Exception {
        JsonNode claims = idTokenClaims("alice");
        assertEquals("alice", claims.path("sub").asText());
        assertTrue(claims.path("email").isMissingNode(), claims.toString());
    }

    private JsonNode idTokenClaims(String typed) throws Exception {
        HttpResponse<String> signedIn = client.send(HttpRequest.newBuilder(authorize(null))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("username=" + enc(typed))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(302, signedIn.statusCode(), signedIn.body());
        String location = signedIn.headers().firstValue("Location").orElseThrow();
        assertTrue(location.startsWith(REDIRECT + "?"), location);
        Matcher code = Pattern.compile("[?&]code=([^&]+)").matcher(location);
        assertTrue(code.find(), location);

        String basic = Base64.getEncoder().encodeToString("ssogate-demo:any-secret".getBytes(StandardCharsets.UTF_8));
        HttpResponse<String> token = client.send(HttpRequest.newBuilder(URI.create(provider.issuer() + "/token"))
                .header("Authorization", "Basic " + basic)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("grant_type", "authorization_code",
                        "code", code.group(1), "redirect_uri", REDIRECT, "code_verifier", VERIFIER)))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, token.statusCode(), token.body());
        String idToken = JSON.readTree(token.body()).path("id_token").asText();
        return JSON.readTree(Base64.getUrlDecoder().decode(idToken.split("\\.")[1]));
    }

    private static URI authorize(String loginHint) throws Exception {
        String challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(VERIFIER.getBytes(StandardCharsets.US_ASCII)));
        String query = "client_id=ssogate-demo&response_type=code&scope=" + enc("openid email profile")
                + "&redirect_uri=" + enc(REDIRECT) + "&state=state-1&nonce=nonce-1&code_challenge=" + challenge
                + "&code_challenge_method=S256" + (loginHint == null ? "" : "&login_hint=" + enc(loginHint));
        return URI.create(provider.issuer() + "/authorize?" + query);
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String form(Map<String, String> fields) {
        return String.join("&", fields.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).toList());
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
