package io.ssogate.sso.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.util.JSONObjectUtils;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Collections;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * An OpenID Provider that does what a real one does on the wire (discovery, JWKS, an authorization endpoint
 * answering with a code, a token endpoint checking client authentication, redirect_uri and the PKCE verifier,
 * each code usable once), but hands out whichever ID token the test chooses: a good one, or one crafted to
 * be refused. It records what it was asked, so a test can see what the gateway sent.
 */
final class FakeOpenIdProvider implements AutoCloseable {

    static final String CLIENT_ID = "ssogate";
    static final String CLIENT_SECRET = "s3cret-for-tests-only";
    /** The key the ID tokens are signed with, and a stranger's key with the same kid (made once: RSA is slow). */
    private static final RSAKey SIGNING_KEY = rsaKey("op-key-1");
    private static final RSAKey FOREIGN_KEY = rsaKey("op-key-1");

    /** One authorization request as the browser brought it, and the code it was answered with. */
    record Authorization(Map<String, String> params, String code) {

        String param(String name) {
            return params.get(name);
        }
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final String issuer;
    private final List<Authorization> authorizations = new CopyOnWriteArrayList<>();
    private final Map<String, Authorization> codes = new ConcurrentHashMap<>();
    private final Map<String, Boolean> usedCodes = new ConcurrentHashMap<>();
    private final List<String> tokenRequests = new CopyOnWriteArrayList<>();
    private final List<String> tokenRefusals = new CopyOnWriteArrayList<>();
    private volatile Function<Authorization, String> idTokens = this::goodIdToken;
    private volatile String authorizationError;

    FakeOpenIdProvider() {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        issuer = "http://127.0.0.1:" + server.getAddress().getPort();
        server.setExecutor(executor);
        server.createContext("/.well-known/openid-configuration", this::discovery);
        server.createContext("/jwks", this::jwks);
        server.createContext("/authorize", this::authorize);
        server.createContext("/token", this::token);
        server.start();
    }

    String issuer() {
        return issuer;
    }

    URI discoveryUri() {
        return URI.create(issuer + "/.well-known/openid-configuration");
    }

    /** The ID token the token endpoint returns for an authorization, from now on. */
    void issueIdTokens(Function<Authorization, String> maker) {
        this.idTokens = maker;
    }

    /** From now on the authorization endpoint answers with this OAuth error (e.g. access_denied) instead of a code. */
    void answerAuthorizationWithError(String error) {
        this.authorizationError = error;
    }

    List<Authorization> authorizations() {
        return List.copyOf(authorizations);
    }

    Authorization lastAuthorization() {
        return authorizations.get(authorizations.size() - 1);
    }

    /** The codes presented at the token endpoint, in order, whether or not they were accepted. */
    List<String> tokenRequests() {
        return List.copyOf(tokenRequests);
    }

    /** Why the token endpoint refused requests, in order (an empty list: every exchange was accepted). */
    List<String> tokenRefusals() {
        return List.copyOf(tokenRefusals);
    }

    /** The claims a correct ID token for {@code authorization} carries, to be changed by a test. */
    JWTClaimsSet.Builder claims(Authorization authorization) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .issuer(issuer)
                .audience(CLIENT_ID)
                .subject("alice-subject")
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(Duration.ofMinutes(5))))
                .claim("nonce", authorization.param("nonce"))
                .claim("email", "alice@example.com")
                .claim("email_verified", true)
                .claim("given_name", "Alice")
                .claim("family_name", "Liddell");
    }

    String goodIdToken(Authorization authorization) {
        return signed(claims(authorization).build());
    }

    /** Signed RS256 with the key the JWKS publishes. */
    String signed(JWTClaimsSet claims) {
        return sign(claims, SIGNING_KEY);
    }

    /** Signed RS256 with a key the JWKS does not publish, under the published key's kid. */
    String signedByForeignKey(JWTClaimsSet claims) {
        return sign(claims, FOREIGN_KEY);
    }

    /** {@code alg: none}: no signature at all. */
    static String unsigned(JWTClaimsSet claims) {
        return new PlainJWT(claims).serialize();
    }

    private static String sign(JWTClaimsSet claims, RSAKey key) {
        try {
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private void discovery(HttpExchange exchange) throws IOException {
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("issuer", issuer);
        metadata.put("authorization_endpoint", issuer + "/authorize");
        metadata.put("token_endpoint", issuer + "/token");
        metadata.put("jwks_uri", issuer + "/jwks");
        // As Keycloak says: without these, pac4j builds no logout token validator and refuses every one.
        metadata.put("backchannel_logout_supported", true);
        metadata.put("backchannel_logout_session_supported", true);
        metadata.put("frontchannel_logout_supported", true);
        metadata.put("frontchannel_logout_session_supported", true);
        metadata.put("response_types_supported", List.of("code"));
        metadata.put("subject_types_supported", List.of("public"));
        metadata.put("id_token_signing_alg_values_supported", List.of("RS256"));
        metadata.put("code_challenge_methods_supported", List.of("S256"));
        metadata.put("token_endpoint_auth_methods_supported", List.of("client_secret_basic"));
        metadata.put("scopes_supported", List.of("openid", "email", "profile"));
        respondJson(exchange, 200, metadata);
    }

    private void jwks(HttpExchange exchange) throws IOException {
        respondJson(exchange, 200, new JWKSet(SIGNING_KEY.toPublicJWK()).toJSONObject());
    }

    private void authorize(HttpExchange exchange) throws IOException {
        Map<String, String> params = parseForm(exchange.getRequestURI().getRawQuery());
        String redirectUri = params.get("redirect_uri");
        if (redirectUri == null || !CLIENT_ID.equals(params.get("client_id"))) {
            respond(exchange, 400, "text/plain", "unknown client or no redirect_uri");
            return;
        }
        String error = authorizationError;
        String code = error == null ? UUID.randomUUID().toString() : null;
        Authorization authorization = new Authorization(Collections.unmodifiableMap(params), code);
        authorizations.add(authorization);
        StringBuilder location = new StringBuilder(redirectUri).append(redirectUri.contains("?") ? '&' : '?');
        if (error != null) {
            location.append("error=").append(encode(error));
        } else {
            codes.put(code, authorization);
            location.append("code=").append(encode(code));
        }
        if (params.get("state") != null) {
            location.append("&state=").append(encode(params.get("state")));
        }
        exchange.getResponseHeaders().set("Location", location.toString());
        exchange.sendResponseHeaders(302, -1);
        exchange.close();
    }

    private void token(HttpExchange exchange) throws IOException {
        Map<String, String> form = parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String code = form.get("code");
        tokenRequests.add(String.valueOf(code));
        String refusal = checkTokenRequest(exchange, form);
        if (refusal != null) {
            tokenRefusals.add(refusal);
            respondJson(exchange, refusal.equals("invalid_client") ? 401 : 400, Map.of("error", refusal));
            return;
        }
        Map<String, Object> tokens = new LinkedHashMap<>();
        tokens.put("access_token", UUID.randomUUID().toString());
        tokens.put("token_type", "Bearer");
        tokens.put("expires_in", 300);
        tokens.put("id_token", idTokens.apply(codes.get(code)));
        exchange.getResponseHeaders().set("Cache-Control", "no-store");
        respondJson(exchange, 200, tokens);
    }

    /** What a real OP checks at the token endpoint; null when the request is good. */
    private String checkTokenRequest(HttpExchange exchange, Map<String, String> form) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(
                (encode(CLIENT_ID) + ":" + encode(CLIENT_SECRET)).getBytes(StandardCharsets.UTF_8));
        if (!expected.equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
            return "invalid_client";
        }
        if (!"authorization_code".equals(form.get("grant_type"))) {
            return "unsupported_grant_type";
        }
        String code = form.get("code");
        Authorization authorization = code == null ? null : codes.get(code);
        // A code is good for one exchange; the second attempt is refused like a code never issued.
        if (authorization == null || usedCodes.putIfAbsent(code, Boolean.TRUE) != null) {
            return "invalid_grant";
        }
        if (!authorization.param("redirect_uri").equals(form.get("redirect_uri"))) {
            return "invalid_grant";
        }
        String challenge = authorization.param("code_challenge");
        String verifier = form.get("code_verifier");
        if (challenge != null && (verifier == null || !"S256".equals(authorization.param("code_challenge_method"))
                || !challenge.equals(s256(verifier)))) {
            return "invalid_grant";
        }
        return null;
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> parseForm(String raw) {
        Map<String, String> params = new LinkedHashMap<>();
        if (raw == null || raw.isEmpty()) {
            return params;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String name = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.put(name, value);
        }
        return params;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static void respondJson(HttpExchange exchange, int status, Map<String, Object> body) throws IOException {
        respond(exchange, status, "application/json; charset=UTF-8", JSONObjectUtils.toJSONString(body));
    }

    private static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static RSAKey rsaKey(String kid) {
        try {
            return new RSAKeyGenerator(2048).keyID(kid).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    /** For assertions: the token endpoint's accepted exchanges. */
    int acceptedExchanges() {
        return tokenRequests.size() - tokenRefusals.size();
    }
}
