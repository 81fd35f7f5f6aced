package io.ssogate.testkit.emulator;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.List;

import static io.ssogate.testkit.emulator.EmulatorClient.assertError;
import static io.ssogate.testkit.emulator.EmulatorClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token precedence, CSRF, expired sessions and the headers on every response (doc sections 1-3, 5). */
class AuthenticationTest {
    private static MattermostEmulator emu;
    private static EmulatorClient client;

    @BeforeAll
    static void start() {
        emu = MattermostEmulator.builder().seedDemoUsers().build().start();
        client = new EmulatorClient(emu.baseUri());
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @BeforeEach
    void resetSettings() {
        emu.config().experimentalStrictCsrfEnforcement(false);
    }

    @Test
    void cookieTokenBeatsTheAuthorizationHeader() {
        String alice = client.login("alice", "Passw0rd!");
        HttpResponse<String> r = client.get("/api/v4/users/me", "Cookie", "MMAUTHTOKEN=" + alice,
                "Authorization", "Bearer " + emu.adminToken());
        assertEquals(200, r.statusCode());
        assertEquals("alice", json(r).get("username").asText(), "the request runs as the cookie's user");
    }

    @Test
    void legacyTokenSchemeAndCaseInsensitiveBearerWork() {
        String bob = client.login("bob", "Passw0rd!");
        assertEquals("bob", json(client.get("/api/v4/users/me", "Authorization", "Token " + bob)).get("username").asText());
        assertEquals("bob", json(client.get("/api/v4/users/me", "Authorization", "bearer " + bob)).get("username").asText());
    }

    @Test
    void missingTokenOnProtectedEndpointIs401WithoutDeletionCookie() {
        HttpResponse<String> r = client.get("/api/v4/users/me");
        assertError(r, 401, "api.context.session_expired.app_error");
        assertTrue(r.headers().allValues("Set-Cookie").isEmpty());
    }

    @Test
    void unknownTokenIs401AndDeletesTheAuthCookie() {
        HttpResponse<String> r = client.get("/api/v4/users/me", "Cookie", "MMAUTHTOKEN=abcdefghijklmnopqrstuvwxyz");
        assertError(r, 401, "api.context.session_expired.app_error");
        String cookie = r.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.startsWith("MMAUTHTOKEN=;") && cookie.contains("Max-Age=0"), cookie);
    }

    @Test
    void expiredSessionIs401AndDeletesTheAuthCookie() {
        String token = client.login("alice", "Passw0rd!");
        assertEquals(200, client.get("/api/v4/users/me", "Authorization", "Bearer " + token).statusCode());
        assertTrue(emu.expireSession(token));
        HttpResponse<String> r = client.get("/api/v4/users/me", "Authorization", "Bearer " + token);
        assertError(r, 401, "api.context.session_expired.app_error");
        assertTrue(r.headers().firstValue("Set-Cookie").orElseThrow().startsWith("MMAUTHTOKEN=;"));
    }

    @Test
    void anonymousEndpointsIgnoreAnInvalidToken() {
        HttpResponse<String> r = client.get("/api/v4/system/ping", "Authorization", "Bearer nonsense");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().allValues("Set-Cookie").isEmpty());
    }

    @Test
    void validSessionTokenInTheQueryStringIsRefusedAsMattermostDoes() {
        // web/handlers.go: a session that is not from Mattermost's OAuth provider may not come from
        // ?access_token=, on any API route; the emulator has no OAuth provider, so every session.
        String token = client.login("alice", "Passw0rd!");
        assertError(client.get("/api/v4/users/me?access_token=" + token), 401, "api.context.token_provided.app_error");
        assertError(client.get("/api/v4/system/ping?access_token=" + token), 401, "api.context.token_provided.app_error");
        assertTrue(emu.isSessionValid(token), "the refusal does not end the session");
    }

    @Test
    void invalidTokenInTheQueryStringIsAnExpiredSessionOnlyWhereASessionIsNeeded() {
        HttpResponse<String> me = client.get("/api/v4/users/me?access_token=abcdefghijklmnopqrstuvwxyz");
        assertError(me, 401, "api.context.session_expired.app_error");
        assertEquals(200, client.get("/api/v4/system/ping?access_token=abcdefghijklmnopqrstuvwxyz").statusCode());
    }

    @Test
    void headerTokenBeatsTheQueryString() {
        String bob = client.login("bob", "Passw0rd!");
        HttpResponse<String> r = client.get("/api/v4/users/me?access_token=" + client.login("alice", "Passw0rd!"),
                "Authorization", "Bearer " + bob);
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("bob", json(r).get("username").asText());
    }

    @Test
    void cookieAuthenticatedPostWithoutCsrfProofIsRefused() {
        Cookies c = cookieLogin("bob");
        HttpResponse<String> r = client.post("/api/v4/users/me/sessions/revoke/all", null, "Cookie", c.header());
        assertError(r, 401, "api.context.session_expired.app_error");
        assertTrue(emu.isSessionValid(c.token), "a CSRF refusal does not end the session");
    }

    @Test
    void cookieAuthenticatedPostPassesWithMatchingCsrfHeader() {
        Cookies c = cookieLogin("bob");
        HttpResponse<String> r = client.put("/api/v4/users/me/patch", "{\"nickname\":\"b\"}",
                "Cookie", c.header(), "X-CSRF-Token", c.csrf);
        assertEquals(200, r.statusCode(), r.body());
        HttpResponse<String> wrong = client.put("/api/v4/users/me/patch", "{\"nickname\":\"c\"}",
                "Cookie", c.header(), "X-CSRF-Token", "not-the-token");
        assertError(wrong, 401, "api.context.session_expired.app_error");
    }

    @Test
    void xmlHttpRequestPassesCsrfOnlyWhileEnforcementIsLenient() {
        Cookies c = cookieLogin("bob");
        assertEquals(200, client.put("/api/v4/users/me/patch", "{\"nickname\":\"x\"}",
                "Cookie", c.header(), "X-Requested-With", "XMLHttpRequest").statusCode());
        emu.config().experimentalStrictCsrfEnforcement(true);
        assertError(client.put("/api/v4/users/me/patch", "{\"nickname\":\"y\"}",
                "Cookie", c.header(), "X-Requested-With", "XMLHttpRequest"), 401, "api.context.session_expired.app_error");
        assertEquals(200, client.put("/api/v4/users/me/patch", "{\"nickname\":\"z\"}",
                "Cookie", c.header(), "X-CSRF-Token", c.csrf).statusCode(), "the CSRF header still passes");
    }

    @Test
    void cookieLogoutIsCsrfCheckedLikeAnyOtherPost() {
        // web/handlers.go runs checkCSRFToken for every non-GET cookie request with a live session,
        // logout included; the webapp always sends the proof headers.
        Cookies c = cookieLogin("alice");
        assertError(client.post("/api/v4/users/logout", null, "Cookie", c.header()), 401, "api.context.session_expired.app_error");
        assertTrue(emu.isSessionValid(c.token));
        HttpResponse<String> r = client.post("/api/v4/users/logout", null, "Cookie", c.header(), "X-Requested-With", "XMLHttpRequest");
        assertEquals(200, r.statusCode());
        assertTrue(!emu.isSessionValid(c.token), "logout revoked the cookie's session");
    }

    @Test
    void headerAuthenticatedPostNeedsNoCsrfProof() {
        String token = client.login("bob", "Passw0rd!");
        assertEquals(200, client.put("/api/v4/users/me/patch", "{\"nickname\":\"h\"}", "Authorization", "Bearer " + token).statusCode());
    }

    @Test
    void cookieAuthenticatedGetNeedsNoCsrfProof() {
        Cookies c = cookieLogin("alice");
        assertEquals(200, client.get("/api/v4/users/me", "Cookie", c.header()).statusCode());
    }

    @Test
    void everyResponseCarriesRequestAndVersionIds() {
        for (HttpResponse<String> r : List.of(client.get("/api/v4/system/ping"), client.get("/api/v4/users/me"),
                client.get("/login"), client.get("/api/v4/nothing/here"), client.get("/no-such-page"))) {
            String id = r.headers().firstValue("X-Request-Id").orElseThrow(() -> new AssertionError(r.uri() + " lacks X-Request-Id"));
            assertEquals(26, id.length(), id);
            assertTrue(id.matches("[a-z0-9]{26}"), id);
            assertEquals(ServerVersion.VERSION_ID, r.headers().firstValue("X-Version-Id").orElseThrow());
        }
    }

    @Test
    void unknownApiRouteIs404WithTheErrorShape() {
        assertError(client.get("/api/v4/no/such/route"), 404, "api.context.404.app_error");
        assertError(client.send("PATCH", "/api/v4/users/login", "{}"), 404, "api.context.404.app_error");
    }

    record Cookies(String token, String userId, String csrf) {
        String header() {
            return "MMAUTHTOKEN=" + token + "; MMUSERID=" + userId + "; MMCSRF=" + csrf;
        }
    }

    static Cookies cookieLogin(String username) {
        HttpResponse<String> r = client.post("/api/v4/users/login",
                "{\"login_id\":\"" + username + "\",\"password\":\"Passw0rd!\"}", "X-Requested-With", "XMLHttpRequest");
        assertEquals(200, r.statusCode());
        List<String> set = r.headers().allValues("Set-Cookie");
        return new Cookies(value(set, "MMAUTHTOKEN"), value(set, "MMUSERID"), value(set, "MMCSRF"));
    }

    private static String value(List<String> setCookies, String name) {
        return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst().orElseThrow()
                .substring(name.length() + 1).split(";")[0];
    }
}
