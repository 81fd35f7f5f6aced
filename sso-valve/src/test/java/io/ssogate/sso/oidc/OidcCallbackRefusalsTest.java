package io.ssogate.sso.oidc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ssogate.sso.flow.LoginStateStore;

import com.nimbusds.jwt.JWTClaimsSet;

import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

/**
 * OpenID Connect sign-in end to end: a browser (with cookies, following redirects by hand) goes through the
 * gateway's real servlets in Tomcat to a fake OpenID Provider and back. The happy path signs in and lands
 * on the deep link; every forged or mismatched answer gets the failure (401) or refusal (403) page, with no
 * session cookie, no session in the database, and the deep link still sending the browser to sign in.
 */
class OidcCallbackRefusalsTest {

    /** A deep link with a query, as Mattermost's web app has them. */
    private static final String DEEP_LINK = "/team/channels/town-square?view=thread&id=42";

    @TempDir
    Path dir;
    FakeOpenIdProvider op;
    SsoGateway gateway;
    Browser browser;
    ListAppender<ILoggingEvent> audit;

    @BeforeEach
    void setUp() throws Exception {
        audit = new ListAppender<>();
        audit.start();
        ((Logger) LoggerFactory.getLogger("io.ssogate.audit")).addAppender(audit);
        op = new FakeOpenIdProvider();
        gateway = new SsoGateway(dir, op.discoveryUri());
        browser = new Browser();
    }

    @AfterEach
    void tearDown() throws Exception {
        ((Logger) LoggerFactory.getLogger("io.ssogate.audit")).detachAppender(audit);
        try {
            gateway.close();
        } finally {
            op.close();
        }
    }

    @Test
    void theEmailFormSignsInThroughTheOpWithStateNoncePkceAndLoginHintAndLandsOnTheDeepLink() {
        HttpResponse<String> page = browser.get(gateway.uri(DEEP_LINK));
        assertEquals(302, page.statusCode());
        URI signIn = Browser.location(page);
        assertEquals("/sso/login", signIn.getPath());
        assertEquals(DEEP_LINK, query(signIn).get("redirect_to"));

        HttpResponse<String> form = browser.get(signIn);
        assertEquals(200, form.statusCode());
        String csrf = browser.cookie("SSOGATE_CSRF").orElseThrow(() -> new AssertionError("no CSRF cookie"));
        assertTrue(form.body().contains("value=\"" + csrf + "\""), "the form repeats the CSRF cookie in a field");
        HttpResponse<String> toOp = browser.postForm(gateway.uri("/sso/login"),
                Map.of("email", "Alice@Example.com", "csrf", csrf, "redirect_to", DEEP_LINK));
        // 303: the form was a POST, and the browser must GET the OP's page.
        assertEquals(303, toOp.statusCode(), toOp.body());
        URI authorize = Browser.location(toOp);
        assertTrue(authorize.toString().startsWith(op.issuer() + "/authorize?"), authorize.toString());

        HttpResponse<String> callback = finish(op(authorize));

        assertEquals(302, callback.statusCode(), callback.body());
        assertEquals(gateway.uri(DEEP_LINK), Browser.location(callback));
        assertTrue(setsSessionCookie(callback), "the callback sets the gateway session cookie");
        HttpResponse<String> mattermost = browser.get(Browser.location(callback));
        assertEquals(200, mattermost.statusCode());
        assertEquals("mattermost " + DEEP_LINK, mattermost.body());

        FakeOpenIdProvider.Authorization request = op.lastAuthorization();
        assertEquals("code", request.param("response_type"));
        assertEquals(gateway.uri("/sso/callback?client_name=" + SsoGateway.IDP).toString(),
                request.param("redirect_uri"));
        assertTrue(List.of(request.param("scope").split(" ")).contains("openid"), request.param("scope"));
        // At least 128 random bits each (RFC 6749 section 10.10): 22 characters of base64url.
        assertTrue(request.param("state").matches("[A-Za-z0-9_-]{22,}"), "state: " + request.param("state"));
        assertTrue(request.param("nonce").matches("[A-Za-z0-9_-]{22,}"), "nonce: " + request.param("nonce"));
        assertEquals("S256", request.param("code_challenge_method"));
        assertEquals(43, request.param("code_challenge").length(), "a base64url SHA-256");
        assertEquals("alice@example.com", request.param("login_hint"));
        // The token endpoint checked client authentication, redirect_uri and the PKCE verifier, and took it.
        assertEquals(List.of(request.code()), op.tokenRequests());
        assertEquals(List.of(), op.tokenRefusals());
        assertEquals(1, gateway.sessionsOpened());
    }

    @Test
    void aCallbackWithAnotherStateIsRefusedBeforeTheCodeIsSpent() {
        URI callback = withParam(startAtIdp(DEEP_LINK), "state", "forged-state-from-another-browser");

        assertFailed(browser.get(callback), "State parameter is different");
        // The state check comes first: the code never reached the token endpoint.
        assertEquals(List.of(), op.tokenRequests());
    }

    @Test
    void aCallbackWithoutStateIsRefusedBeforeTheCodeIsSpent() {
        URI callback = withParam(startAtIdp(DEEP_LINK), "state", null);

        assertFailed(browser.get(callback), "Missing state parameter");
        assertEquals(List.of(), op.tokenRequests());
    }

    @Test
    void anUnsignedIdTokenIsRefused() {
        op.issueIdTokens(a -> FakeOpenIdProvider.unsigned(op.claims(a).build()));

        assertFailed(finish(startAtIdp(DEEP_LINK)), "Signed ID token expected");
        assertTokenWasIssued();
    }

    @Test
    void anIdTokenFromAnotherIssuerIsRefused() {
        op.issueIdTokens(a -> op.signed(op.claims(a).issuer("http://127.0.0.1:1/other-realm").build()));

        assertFailed(finish(startAtIdp(DEEP_LINK)), "Unexpected JWT issuer");
        assertTokenWasIssued();
    }

    @Test
    void anIdTokenForAnotherClientIsRefused() {
        op.issueIdTokens(a -> op.signed(op.claims(a).audience("another-relying-party").build()));

        assertFailed(finish(startAtIdp(DEEP_LINK)), "Unexpected JWT audience");
        assertTokenWasIssued();
    }

    @Test
    void anIdTokenExpiredLongerAgoThanTheClockSkewIsRefused() {
        // The default skew is 2 minutes; this one expired 10 minutes ago.
        Instant now = Instant.now();
        op.issueIdTokens(a -> op.signed(op.claims(a).issueTime(Date.from(now.minus(Duration.ofMinutes(20))))
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(10)))).build()));

        assertFailed(finish(startAtIdp(DEEP_LINK)), "Expired JWT");
        assertTokenWasIssued();
    }

    @Test
    void anIdTokenExpiredWithinTheClockSkewIsAccepted() {
        // The counterpart of the test above: an IdP clock a minute behind does not lock people out.
        Instant now = Instant.now();
        op.issueIdTokens(a -> op.signed(op.claims(a).issueTime(Date.from(now.minus(Duration.ofMinutes(5))))
                .expirationTime(Date.from(now.minus(Duration.ofMinutes(1)))).build()));

        HttpResponse<String> callback = finish(startAtIdp(DEEP_LINK));

        assertEquals(302, callback.statusCode(), callback.body());
        assertTrue(setsSessionCookie(callback));
    }

    @Test
    void anIdTokenWithAnotherNonceIsRefused() {
        // A genuine token minted for another sign-in (another nonce), injected into this one.
        op.issueIdTokens(a -> op.signed(op.claims(a).claim("nonce", "nonce-of-another-sign-in").build()));

        assertFailed(finish(startAtIdp(DEEP_LINK)), "Unexpected JWT nonce");
        assertTokenWasIssued();
    }

    @Test
    void anIdTokenSignedByAKeyNotInTheJwksIsRefusedEvenUnderThePublishedKid() {
        op.issueIdTokens(a -> op.signedByForeignKey(op.claims(a).build()));

        assertFailed(finish(startAtIdp(DEEP_LINK)), "Invalid signature");
        assertTokenWasIssued();
    }

    @Test
    void theSameCallbackRequestedAgainAfterASignInIsRefusedAndOpensNoSecondSession() {
        URI callback = startAtIdp(DEEP_LINK);
        String loginCookie = browser.cookie(LoginStateStore.COOKIE_NAME).orElseThrow();
        HttpResponse<String> first = finish(callback);
        assertEquals(302, first.statusCode(), first.body());
        assertEquals(1, gateway.sessionsOpened());

        // The same browser again (its sign-in cookie was cleared by the sign-in) ...
        HttpResponse<String> again = browser.get(callback);
        assertEquals(401, again.statusCode());
        assertFalse(setsSessionCookie(again));
        assertAudited("State cannot be determined");
        // ... and someone who captured the whole request, the sign-in cookie with it.
        HttpResponse<String> captured = Browser.getElsewhere(callback, LoginStateStore.COOKIE_NAME + "=" + loginCookie);
        assertEquals(401, captured.statusCode());
        assertFalse(setsSessionCookie(captured));
        assertEquals(2, audit.list.stream().filter(e -> e.getFormattedMessage().contains("State cannot be determined"))
                .count());

        assertEquals(1, gateway.sessionsOpened());
        // The sign-in state was used up by the first callback, so the code never went to the OP again.
        assertEquals(1, op.tokenRequests().size());
    }

    @Test
    void aCallbackRepeatedAfterARefusalReachesTheOpWithASpentCodeAndIsRefused() {
        // A refusal leaves the sign-in state in place; the code's single use at the OP still stops a retry.
        op.issueIdTokens(a -> op.signed(op.claims(a).claim("email", "mallory@evil.example").build()));
        URI callback = startAtIdp(DEEP_LINK);
        assertRefused(finish(callback), "belongs to another organization", "outside the tenant's domains");

        assertFailed(browser.get(callback), "error=invalid_grant");
        assertEquals(List.of("invalid_grant"), op.tokenRefusals());
    }

    @Test
    void anEmailOutsideTheTenantsDomainsIsRefused() {
        op.issueIdTokens(a -> op.signed(op.claims(a).claim("email", "mallory@evil.example").build()));

        assertRefused(finish(startAtIdp(DEEP_LINK)), "belongs to another organization",
                "asserted mallory@evil.example, outside the tenant's domains");
    }

    @Test
    void anUnverifiedEmailIsRefused() {
        op.issueIdTokens(a -> op.signed(op.claims(a).claim("email_verified", false).build()));

        assertRefused(finish(startAtIdp(DEEP_LINK)), "has not been verified", "is not verified");
    }

    @Test
    void anUnverifiedEmailSignsInWhenTheIdpIsTrustedWithUnverifiedEmails() {
        gateway.trustUnverifiedEmail(true);
        op.issueIdTokens(a -> op.signed(op.claims(a).claim("email_verified", false).build()));

        HttpResponse<String> callback = finish(startAtIdp(DEEP_LINK));

        assertEquals(302, callback.statusCode(), callback.body());
        assertEquals(gateway.uri(DEEP_LINK), Browser.location(callback));
        assertTrue(setsSessionCookie(callback));
        assertEquals(200, browser.get(gateway.uri(DEEP_LINK)).statusCode());
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example/", "//evil.example", "/\\evil.example", "https:evil.example",
            "/x/..//evil.example"})
    void aReturnUrlOffTheGatewayLandsOnTheHomePageAfterSignIn(String redirectTo) {
        HttpResponse<String> callback = finish(startAtIdp(redirectTo));

        assertEquals(302, callback.statusCode(), callback.body());
        assertEquals(gateway.uri("/"), Browser.location(callback));
        assertTrue(setsSessionCookie(callback));
    }

    @Test
    void anErrorAnswerFromTheOpGetsTheFailurePageNotARedirect() {
        op.answerAuthorizationWithError("access_denied");
        URI callback = startAtIdp(DEEP_LINK);
        assertEquals("access_denied", query(callback).get("error"));
        assertNotEquals(null, query(callback).get("state"));

        assertFailed(browser.get(callback), "signed nobody in");
        assertEquals(List.of(), op.tokenRequests());
    }

    // --- the way through -------------------------------------------------------------------------------

    /**
     * Starts a sign-in at the IdP directly ({@code ?idp=}) with {@code redirectTo}, lets the OP answer, and
     * returns the callback URL the OP sent the browser to, not yet requested.
     */
    @Test
    void aBackChannelLogoutTokenFromTheOpEndsTheSessionsOfItsSid() {
        op.issueIdTokens(a -> op.signed(op.claims(a).claim("sid", "op-session-7").build()));
        HttpResponse<String> signedIn = finish(startAtIdp(DEEP_LINK));
        assertEquals(302, signedIn.statusCode(), signedIn.body());
        assertEquals(200, browser.get(gateway.uri(DEEP_LINK)).statusCode());

        HttpResponse<String> logout = Browser.postFormElsewhere(gateway.uri("/sso/callback?client_name=" + SsoGateway.IDP),
                Map.of("logout_token", op.signed(logoutToken("op-session-7").build())));

        assertEquals(200, logout.statusCode(), logout.body());
        assertEquals(302, browser.get(gateway.uri(DEEP_LINK)).statusCode(), "signed out: back to sign-in");
        assertAudited("IdP " + SsoGateway.IDP + " ended its session: 1 gateway session(s) signed out");
    }

    @Test
    void aLogoutTokenNotSignedByTheOpEndsNothing() {
        op.issueIdTokens(a -> op.signed(op.claims(a).claim("sid", "op-session-8").build()));
        assertEquals(302, finish(startAtIdp(DEEP_LINK)).statusCode());

        HttpResponse<String> forged = Browser.postFormElsewhere(gateway.uri("/sso/callback?client_name=" + SsoGateway.IDP),
                Map.of("logout_token", op.signedByForeignKey(logoutToken("op-session-8").build())));
        HttpResponse<String> unsigned = Browser.postFormElsewhere(gateway.uri("/sso/callback?client_name=" + SsoGateway.IDP),
                Map.of("logout_token", FakeOpenIdProvider.unsigned(logoutToken("op-session-8").build())));

        assertEquals(400, forged.statusCode());
        assertEquals(400, unsigned.statusCode());
        assertEquals(200, browser.get(gateway.uri(DEEP_LINK)).statusCode(), "still signed in");
    }

    @Test
    void aFrontChannelLogoutWithTheSidEndsTheSession() {
        op.issueIdTokens(a -> op.signed(op.claims(a).claim("sid", "op-session-9").build()));
        assertEquals(302, finish(startAtIdp(DEEP_LINK)).statusCode());

        // What the OP's logout page loads in an iframe (OpenID Connect Front-Channel Logout 1.0).
        HttpResponse<String> logout = browser.get(gateway.uri("/sso/callback?client_name=" + SsoGateway.IDP
                + "&iss=" + Browser.encode(op.issuer()) + "&sid=op-session-9"));

        assertEquals(200, logout.statusCode(), logout.body());
        assertEquals(302, browser.get(gateway.uri(DEEP_LINK)).statusCode(), "signed out: back to sign-in");
    }

    @Test
    void aFrontChannelLogoutWithoutTheIdpsIssuerEndsNothing() {
        op.issueIdTokens(a -> op.signed(op.claims(a).claim("sid", "op-session-10").build()));
        assertEquals(302, finish(startAtIdp(DEEP_LINK)).statusCode());
        String callback = "/sso/callback?client_name=" + SsoGateway.IDP + "&sid=op-session-10";

        HttpResponse<String> noIssuer = browser.get(gateway.uri(callback));
        HttpResponse<String> otherIssuer = browser.get(gateway.uri(callback + "&iss="
                + Browser.encode("http://127.0.0.1:1/another-op")));

        assertEquals(400, noIssuer.statusCode());
        assertEquals(400, otherIssuer.statusCode());
        assertEquals(200, browser.get(gateway.uri(DEEP_LINK)).statusCode(), "still signed in");
    }

    private com.nimbusds.jwt.JWTClaimsSet.Builder logoutToken(String sid) {
        return new com.nimbusds.jwt.JWTClaimsSet.Builder()
                .issuer(op.issuer())
                .audience(FakeOpenIdProvider.CLIENT_ID)
                .issueTime(new java.util.Date())
                .expirationTime(java.util.Date.from(java.time.Instant.now().plusSeconds(120)))
                .jwtID(java.util.UUID.randomUUID().toString())
                .claim("sid", sid)
                .claim("events", Map.of("http://schemas.openid.net/event/backchannel-logout", Map.of()));
    }

    private URI startAtIdp(String redirectTo) {
        HttpResponse<String> start = browser.get(gateway.uri("/sso/login?idp=" + SsoGateway.IDP + "&redirect_to="
                + Browser.encode(redirectTo)));
        assertEquals(302, start.statusCode(), start.body());
        return op(Browser.location(start));
    }

    /** The OP's authorization endpoint, which answers with a redirect back to the gateway's callback. */
    private URI op(URI authorize) {
        HttpResponse<String> answer = browser.get(authorize);
        assertEquals(302, answer.statusCode(), answer.body());
        URI callback = Browser.location(answer);
        assertEquals(gateway.uri("/sso/callback").getPath(), callback.getPath());
        return callback;
    }

    private HttpResponse<String> finish(URI callback) {
        return browser.get(callback);
    }

    // --- what a refusal looks like -----------------------------------------------------------------------

    /**
     * The OP's answer could not be verified: the failure page, and nobody signed in. {@code auditedCause} is
     * what the audit log says went wrong, so the test knows which check refused, not just that one did.
     */
    private void assertFailed(HttpResponse<String> response, String auditedCause) {
        assertEquals(401, response.statusCode(), response.body());
        assertTrue(response.body().contains("We could not sign you in"), response.body());
        assertAudited("Failed a sign-in through IdP " + SsoGateway.IDP);
        assertAudited(auditedCause);
        assertNobodySignedIn(response);
    }

    /** The OP vouched for someone this tenant may not sign in: the refusal page, and nobody signed in. */
    private void assertRefused(HttpResponse<String> response, String shownReason, String auditedReason) {
        assertEquals(403, response.statusCode(), response.body());
        assertTrue(response.body().contains("This account cannot sign in here"), response.body());
        assertTrue(response.body().contains(shownReason), response.body());
        assertAudited("Refused a sign-in through IdP " + SsoGateway.IDP);
        assertAudited(auditedReason);
        assertNobodySignedIn(response);
    }

    private void assertAudited(String fragment) {
        List<String> lines = audit.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
        assertTrue(lines.stream().anyMatch(line -> line.contains(fragment)), "audit log " + lines + " lacks: " + fragment);
    }

    private void assertNobodySignedIn(HttpResponse<String> response) {
        assertTrue(response.headers().firstValue("Location").isEmpty(), "a refusal never redirects");
        assertFalse(setsSessionCookie(response), "no session cookie: " + response.headers().allValues("Set-Cookie"));
        assertTrue(browser.cookie(gateway.sessionCookieName()).isEmpty());
        assertEquals(0, gateway.sessionsOpened());
        HttpResponse<String> page = browser.get(gateway.uri(DEEP_LINK));
        assertEquals(302, page.statusCode(), "Mattermost is still behind the sign-in");
        assertEquals("/sso/login", Browser.location(page).getPath());
    }

    /** The OP did hand out its token: what refused the sign-in was the gateway's check of the ID token. */
    private void assertTokenWasIssued() {
        assertEquals(1, op.tokenRequests().size());
        assertEquals(List.of(), op.tokenRefusals());
    }

    private boolean setsSessionCookie(HttpResponse<String> response) {
        String prefix = gateway.sessionCookieName() + "=";
        return response.headers().allValues("Set-Cookie").stream()
                .anyMatch(c -> c.startsWith(prefix) && !c.startsWith(prefix + ";"));
    }

    private static Map<String, String> query(URI uri) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = uri.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                params.put(URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8),
                        eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        return params;
    }

    /** {@code uri} with parameter {@code name} replaced by {@code value}, or removed when it is null. */
    private static URI withParam(URI uri, String name, String value) {
        Map<String, String> params = query(uri);
        params.remove(name);
        if (value != null) {
            params.put(name, value);
        }
        StringBuilder q = new StringBuilder();
        params.forEach((k, v) -> q.append(q.length() == 0 ? "" : "&").append(Browser.encode(k)).append('=')
                .append(Browser.encode(v)));
        String base = uri.toString().substring(0, uri.toString().indexOf('?'));
        return URI.create(base + "?" + q);
    }
}
