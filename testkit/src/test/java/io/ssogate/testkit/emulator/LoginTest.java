package io.ssogate.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.List;

import static io.ssogate.testkit.emulator.EmulatorClient.assertError;
import static io.ssogate.testkit.emulator.EmulatorClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** POST /api/v4/users/login: doc section 4, checks in order, cookies and sessions. */
class LoginTest {
    private MattermostEmulator emu;
    private EmulatorClient client;

    @BeforeEach
    void setUp() {
        emu = MattermostEmulator.builder().seedDemoUsers().build().start();
        client = new EmulatorClient(emu.baseUri());
    }

    @AfterEach
    void tearDown() {
        emu.close();
    }

    private HttpResponse<String> login(String body, String... headers) {
        return client.post("/api/v4/users/login", body, headers);
    }

    @Test
    void successAnswers200WithSanitisedUserAndTokenHeaderButNoCookiesWithoutXmlHttpRequest() {
        HttpResponse<String> r = login("{\"login_id\":\"Alice\",\"password\":\"Passw0rd!\"}");
        assertEquals(200, r.statusCode(), "the code answers 200 where the spec says 201");
        JsonNode user = json(r);
        assertEquals("alice", user.get("username").asText());
        assertEquals(26, user.get("id").asText().length());
        assertFalse(user.has("password"), "no password ever");
        assertEquals("", user.get("auth_data").asText());
        assertEquals(26, r.headers().firstValue("Token").orElseThrow().length());
        assertTrue(r.headers().allValues("Set-Cookie").isEmpty(), "cookies only for X-Requested-With: XMLHttpRequest");
    }

    @Test
    void loginByEmailIsCaseInsensitive() {
        assertEquals(200, login("{\"login_id\":\"BOB@Example.com\",\"password\":\"Passw0rd!\"}").statusCode());
    }

    @Test
    void xmlHttpRequestLoginSetsThreeCookiesWithSectionFourAttributes() {
        emu.setSiteUrl(URI.create("https://chat.example.com/chat"));
        emu.config().sessionLengthWebInHours(24);
        HttpResponse<String> r = login("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\"}",
                "X-Requested-With", "XMLHttpRequest", "X-Forwarded-Proto", "https");
        assertEquals(200, r.statusCode());
        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertEquals(3, cookies.size(), cookies.toString());
        String token = r.headers().firstValue("Token").orElseThrow();
        String auth = find(cookies, "MMAUTHTOKEN=");
        assertTrue(auth.startsWith("MMAUTHTOKEN=" + token + ";"), auth);
        assertTrue(auth.contains("; HttpOnly"), auth);
        assertFalse(find(cookies, "MMUSERID=").contains("HttpOnly"), "MMUSERID is read by JavaScript");
        assertFalse(find(cookies, "MMCSRF=").contains("HttpOnly"), "MMCSRF is read by JavaScript");
        assertTrue(find(cookies, "MMUSERID=").startsWith("MMUSERID=" + json(r).get("id").asText() + ";"));
        for (String c : cookies) {
            assertTrue(c.contains("; Path=/chat;"), "path from SiteURL: " + c);
            assertTrue(c.contains("; Max-Age=86400"), "Max-Age from SessionLengthWebInHours: " + c);
            assertTrue(c.contains("; Expires="), c);
            assertTrue(c.contains("; Secure"), "X-Forwarded-Proto https makes cookies Secure: " + c);
            assertFalse(c.contains("Domain="), "host-only cookies: " + c);
        }
    }

    @Test
    void plainHttpLoginWithoutSiteUrlGivesRootPathAndNoSecure() {
        HttpResponse<String> r = login("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\"}", "X-Requested-With", "XMLHttpRequest");
        for (String c : r.headers().allValues("Set-Cookie")) {
            assertTrue(c.contains("; Path=/;"), c);
            assertFalse(c.contains("Secure"), c);
            assertTrue(c.contains("; Max-Age=" + 720 * 3600), c);
        }
    }

    @Test
    void nonStringValueIsBadRequest() {
        assertError(login("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\",\"ldap_only\":true}"),
                400, "api.context.invalid_body_param.app_error");
    }

    @Test
    void blankPasswordIsCheckedBeforeTheUserLookup() {
        assertError(login("{\"login_id\":\"nobody\",\"password\":\"\"}"), 400, "api.user.login.blank_pwd.app_error");
    }

    @Test
    void unknownUserGetsTheMaskedError() {
        assertError(login("{\"login_id\":\"nobody\",\"password\":\"Passw0rd!\"}"),
                401, "api.user.login.invalid_credentials_email_username");
    }

    @Test
    void maskedErrorIdFollowsTheSignInSettings() {
        emu.config().enableSignInWithUsername(false);
        assertError(login("{\"login_id\":\"alice@example.com\",\"password\":\"wrong-pass\"}"), 401, "api.user.login.invalid_credentials_email");
        emu.config().enableSignInWithUsername(true).enableSignInWithEmail(false);
        assertError(login("{\"login_id\":\"alice\",\"password\":\"wrong-pass\"}"), 401, "api.user.login.invalid_credentials_username");
        emu.config().anySsoEnabled(true);
        assertError(login("{\"login_id\":\"alice\",\"password\":\"wrong-pass\"}"), 401, "api.user.login.invalid_credentials_sso");
    }

    @Test
    void deactivatedUserIsRefusedBeforeThePasswordIsChecked() {
        String id = emu.findUser("alice").orElseThrow().id();
        emu.setUserActive(id, false);
        assertError(login("{\"login_id\":\"alice\",\"password\":\"not-her-password\"}"), 401, "api.user.login.inactive.app_error");
        assertError(login("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\"}"), 401, "api.user.login.inactive.app_error");
    }

    @Test
    void wrongPasswordsCountUpToLockoutWhichPrecedesThePasswordCheck() {
        emu.config().maximumLoginAttempts(3);
        for (int i = 0; i < 3; i++) {
            assertError(login("{\"login_id\":\"alice\",\"password\":\"wrong-pass\"}"), 401, "api.user.login.invalid_credentials_email_username");
        }
        assertError(login("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\"}"), 401,
                "api.user.check_user_login_attempts.too_many.app_error");
    }

    @Test
    void successResetsFailedAttempts() {
        emu.config().maximumLoginAttempts(3);
        login("{\"login_id\":\"alice\",\"password\":\"wrong-pass\"}");
        login("{\"login_id\":\"alice\",\"password\":\"wrong-pass\"}");
        HttpResponse<String> ok = login("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\"}");
        assertEquals(0, json(ok).get("failed_attempts").asInt());
        login("{\"login_id\":\"alice\",\"password\":\"wrong-pass\"}");
        login("{\"login_id\":\"alice\",\"password\":\"wrong-pass\"}");
        assertEquals(200, login("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\"}").statusCode(),
                "two failures after a reset stay under the limit of three");
    }

    @Test
    void deviceIdLoginRevokesTheUsersOtherSessionsWithThatDevice() {
        String first = login("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\",\"device_id\":\"apple:abc\"}").headers().firstValue("Token").orElseThrow();
        String web = client.login("alice", "Passw0rd!");
        String second = login("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\",\"device_id\":\"apple:abc\"}").headers().firstValue("Token").orElseThrow();
        assertFalse(emu.isSessionValid(first), "same device id: the older session is revoked");
        assertTrue(emu.isSessionValid(web), "other sessions survive");
        assertTrue(emu.isSessionValid(second));
    }

    @Test
    void logoutAlwaysAnswersOkAndExpiresOnlyTheAuthCookie() {
        HttpResponse<String> anonymous = client.post("/api/v4/users/logout", null);
        assertEquals(200, anonymous.statusCode());
        assertEquals("OK", json(anonymous).get("status").asText());
        HttpResponse<String> badToken = client.post("/api/v4/users/logout", null, "Authorization", "Bearer nonsense");
        assertEquals(200, badToken.statusCode());

        String token = client.login("alice", "Passw0rd!");
        HttpResponse<String> r = client.post("/api/v4/users/logout", null, "Authorization", "Bearer " + token);
        assertEquals(200, r.statusCode());
        List<String> cookies = r.headers().allValues("Set-Cookie");
        assertEquals(1, cookies.size(), cookies.toString());
        assertTrue(cookies.get(0).startsWith("MMAUTHTOKEN=;"), cookies.get(0));
        assertTrue(cookies.get(0).contains("Max-Age=0"), cookies.get(0));
        assertTrue(cookies.get(0).contains("HttpOnly"), cookies.get(0));
        assertFalse(emu.isSessionValid(token), "logout revokes the session");
        assertError(client.get("/api/v4/users/me", "Authorization", "Bearer " + token), 401, "api.context.session_expired.app_error");
    }

    @Test
    void loginNeedsNoCsrfAndIgnoresAStaleCookie() {
        HttpResponse<String> r = login("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\"}", "Cookie", "MMAUTHTOKEN=stale");
        assertEquals(200, r.statusCode());
        assertNull(r.headers().firstValue("Set-Cookie").orElse(null));
    }

    private static String find(List<String> cookies, String prefix) {
        return cookies.stream().filter(c -> c.startsWith(prefix)).findFirst().orElseThrow(() -> new AssertionError(prefix + " in " + cookies));
    }
}
