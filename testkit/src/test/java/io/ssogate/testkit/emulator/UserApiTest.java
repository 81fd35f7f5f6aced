package io.ssogate.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicInteger;

import static io.ssogate.testkit.emulator.EmulatorClient.assertError;
import static io.ssogate.testkit.emulator.EmulatorClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** User management with an admin token (doc section 7) and personal access tokens (section 9). */
class UserApiTest {
    private static final AtomicInteger SEQ = new AtomicInteger();
    private static MattermostEmulator emu;
    private static EmulatorClient client;
    private static String admin;

    @BeforeAll
    static void start() {
        emu = MattermostEmulator.builder().seedDemoUsers().adminToken("adminTokenForUserApiTests").build().start();
        client = new EmulatorClient(emu.baseUri());
        admin = "Bearer " + emu.adminToken();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static String unique(String prefix) {
        return prefix + SEQ.incrementAndGet();
    }

    private static HttpResponse<String> create(String username, String email, String password) {
        return client.post("/api/v4/users", "{\"username\":\"" + username + "\",\"email\":\"" + email
                + "\",\"password\":\"" + password + "\"}", "Authorization", admin);
    }

    @Test
    void adminTokenIsTheOneGiven() {
        assertEquals("adminTokenForUserApiTests", emu.adminToken());
        JsonNode me = json(client.get("/api/v4/users/me", "Authorization", admin));
        assertEquals("admin", me.get("username").asText());
        assertEquals("system_admin system_user", me.get("roles").asText());
    }

    @Test
    void createAnswers201WithLowercasedNamesAndMattermostFields() {
        String name = unique("Carol");
        HttpResponse<String> r = create(name, name + "@Example.COM", "Passw0rd!");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode u = json(r);
        assertEquals(name.toLowerCase(), u.get("username").asText());
        assertEquals(name.toLowerCase() + "@example.com", u.get("email").asText());
        assertTrue(u.get("id").asText().matches("[a-z0-9]{26}"));
        assertEquals("system_user", u.get("roles").asText());
        assertEquals(0, u.get("delete_at").asLong());
        for (String f : new String[] {"create_at", "update_at", "auth_data", "auth_service", "email_verified", "nickname",
                "first_name", "last_name", "position", "locale", "timezone", "props", "notify_props", "failed_attempts",
                "mfa_active", "last_password_update"}) {
            assertTrue(u.has(f), "User JSON has " + f);
        }
        assertFalse(u.has("password"));
    }

    @Test
    void createHonoursEmailVerifiedAndAuthDataForAdmins() {
        String name = unique("sso");
        HttpResponse<String> r = client.post("/api/v4/users", "{\"username\":\"" + name + "\",\"email\":\"" + name
                + "@example.com\",\"auth_service\":\"saml\",\"auth_data\":\"" + name + "-idp\",\"email_verified\":true}", "Authorization", admin);
        assertEquals(201, r.statusCode(), r.body());
        assertTrue(json(r).get("email_verified").asBoolean());
        assertEquals(name + "-idp", json(r).get("auth_data").asText());
        assertError(client.post("/api/v4/users", "{\"username\":\"" + unique("x") + "\",\"email\":\"" + unique("x")
                        + "@example.com\",\"auth_service\":\"saml\",\"auth_data\":\"d\",\"password\":\"Passw0rd!\"}", "Authorization", admin),
                400, "model.user.is_valid.auth_data_pwd.app_error");
    }

    @Test
    void invalidUsernamesEmailsAndPasswordsAre400() {
        assertError(create("bad name", unique("e") + "@example.com", "Passw0rd!"), 400, "model.user.is_valid.username.app_error");
        assertError(create("channel", unique("e") + "@example.com", "Passw0rd!"), 400, "model.user.is_valid.username.app_error");
        assertError(create("a".repeat(65), unique("e") + "@example.com", "Passw0rd!"), 400, "model.user.is_valid.username.app_error");
        assertError(create(unique("u"), "not-an-email", "Passw0rd!"), 400, "model.user.is_valid.email.app_error");
        assertError(create(unique("u"), unique("e") + "@example.com", "short"), 400, "model.user.is_valid.pwd.app_error");
        assertError(create(unique("u"), unique("e") + "@example.com", "p".repeat(73)), 400, "model.user.is_valid.pwd.app_error");
    }

    @Test
    void usernameAndEmailAreUniqueIncludingDeactivatedUsers() {
        String name = unique("dup");
        String id = json(create(name, name + "@example.com", "Passw0rd!")).get("id").asText();
        emu.setUserActive(id, false);
        assertError(create(name.toUpperCase(), unique("other") + "@example.com", "Passw0rd!"), 400, "app.user.save.username_exists.app_error");
        assertError(create(unique("other"), name + "@EXAMPLE.com", "Passw0rd!"), 400, "app.user.save.email_exists.app_error");
    }

    @Test
    void nonAdminCallingAdminEndpointsGets403() {
        String bob = client.login("bob", "Passw0rd!");
        String alice = emu.findUser("alice").orElseThrow().id();
        assertError(client.put("/api/v4/users/" + alice + "/active", "{\"active\":false}", "Authorization", "Bearer " + bob),
                403, "api.context.permissions.app_error");
        assertError(client.put("/api/v4/users/" + alice + "/patch", "{\"nickname\":\"x\"}", "Authorization", "Bearer " + bob),
                403, "api.context.permissions.app_error");
        assertError(client.post("/api/v4/users/" + alice + "/sessions/revoke/all", null, "Authorization", "Bearer " + bob),
                403, "api.context.permissions.app_error");
        assertError(client.send("DELETE", "/api/v4/users/" + alice, null, "Authorization", "Bearer " + bob),
                403, "api.context.permissions.app_error");
    }

    @Test
    void getUserSendsAnEtagAndAnswersIfNoneMatchWith304UntilTheUserChanges() {
        String name = unique("etag");
        String id = json(create(name, name + "@example.com", "Passw0rd!")).get("id").asText();
        HttpResponse<String> first = client.get("/api/v4/users/" + id, "Authorization", admin);
        String etag = first.headers().firstValue("ETag").orElseThrow();
        HttpResponse<String> again = client.get("/api/v4/users/" + id, "Authorization", admin, "If-None-Match", etag);
        assertEquals(304, again.statusCode());
        assertEquals("", again.body());
        client.put("/api/v4/users/" + id + "/patch", "{\"first_name\":\"New\"}", "Authorization", admin);
        HttpResponse<String> changed = client.get("/api/v4/users/" + id, "Authorization", admin, "If-None-Match", etag);
        assertEquals(200, changed.statusCode());
        assertNotEquals(etag, changed.headers().firstValue("ETag").orElseThrow());
        assertEquals("New", json(changed).get("first_name").asText());
    }

    @Test
    void lookupsByEmailAndUsernameAnswer200Or404() {
        assertEquals("alice", json(client.get("/api/v4/users/email/alice@example.com", "Authorization", admin)).get("username").asText());
        assertEquals("alice@example.com", json(client.get("/api/v4/users/username/alice", "Authorization", admin)).get("email").asText());
        assertError(client.get("/api/v4/users/email/nobody@example.com", "Authorization", admin), 404, "app.user.missing_account.const");
        assertError(client.get("/api/v4/users/username/nobody", "Authorization", admin), 404, "app.user.missing_account.const");
        assertError(client.get("/api/v4/users/abcdefghijklmnopqrstuvwxyz", "Authorization", admin), 404, "app.user.missing_account.const");
        assertError(client.get("/api/v4/users/short", "Authorization", admin), 400, "api.context.invalid_param.app_error");
    }

    @Test
    void listPagesThroughUsers() {
        JsonNode page = json(client.get("/api/v4/users?page=0&per_page=2", "Authorization", admin));
        assertEquals(2, page.size());
        JsonNode next = json(client.get("/api/v4/users?page=1&per_page=2", "Authorization", admin));
        assertNotEquals(page.get(0).get("id"), next.get(0).get("id"));
        assertError(client.get("/api/v4/users?page=x", "Authorization", admin), 400, "api.context.invalid_param.app_error");
    }

    @Test
    void patchAnswers200WithTheUpdatedUser() {
        String name = unique("patch");
        String id = json(create(name, name + "@example.com", "Passw0rd!")).get("id").asText();
        HttpResponse<String> r = client.put("/api/v4/users/" + id + "/patch", "{\"nickname\":\"Nick\",\"position\":\"Dev\"}", "Authorization", admin);
        assertEquals(200, r.statusCode());
        assertEquals("Nick", json(r).get("nickname").asText());
        assertEquals("Dev", json(r).get("position").asText());
        assertError(client.put("/api/v4/users/" + id + "/patch", "{\"nickname\":5}", "Authorization", admin), 400, "api.context.invalid_body_param.app_error");
    }

    @Test
    void activeNeedsABooleanAndDeactivationRevokesSessions() {
        String name = unique("act");
        String id = json(create(name, name + "@example.com", "Passw0rd!")).get("id").asText();
        String token = client.login(name, "Passw0rd!");
        assertError(client.put("/api/v4/users/" + id + "/active", "{\"active\":\"false\"}", "Authorization", admin), 400, "api.context.invalid_body_param.app_error");
        HttpResponse<String> r = client.put("/api/v4/users/" + id + "/active", "{\"active\":false}", "Authorization", admin);
        assertEquals(200, r.statusCode());
        assertEquals("OK", json(r).get("status").asText());
        assertFalse(emu.isSessionValid(token));
        assertTrue(json(client.get("/api/v4/users/" + id, "Authorization", admin)).get("delete_at").asLong() > 0);
        assertEquals(200, client.put("/api/v4/users/" + id + "/active", "{\"active\":true}", "Authorization", admin).statusCode());
        assertEquals(0, json(client.get("/api/v4/users/" + id, "Authorization", admin)).get("delete_at").asLong());
        assertEquals(200, client.post("/api/v4/users/login", "{\"login_id\":\"" + name + "\",\"password\":\"Passw0rd!\"}").statusCode());
    }

    @Test
    void deleteDeactivatesAndPermanentDeleteNeedsTheSetting() {
        String name = unique("del");
        String id = json(create(name, name + "@example.com", "Passw0rd!")).get("id").asText();
        assertError(client.send("DELETE", "/api/v4/users/" + id + "?permanent=true", null, "Authorization", admin),
                401, "api.user.delete_user.not_enabled.for_admin.app_error");
        HttpResponse<String> r = client.send("DELETE", "/api/v4/users/" + id, null, "Authorization", admin);
        assertEquals(200, r.statusCode());
        assertTrue(json(client.get("/api/v4/users/" + id, "Authorization", admin)).get("delete_at").asLong() > 0);
        emu.config().enableApiUserDeletion(true);
        try {
            assertEquals(200, client.send("DELETE", "/api/v4/users/" + id + "?permanent=true", null, "Authorization", admin).statusCode());
            assertEquals(404, client.get("/api/v4/users/" + id, "Authorization", admin).statusCode());
        } finally {
            emu.config().enableApiUserDeletion(false);
        }
    }

    @Test
    void adminSetsPasswordWithoutCurrentPasswordAndSessionsEnd() {
        String name = unique("pw");
        String id = json(create(name, name + "@example.com", "Passw0rd!")).get("id").asText();
        String token = client.login(name, "Passw0rd!");
        assertEquals(200, client.put("/api/v4/users/" + id + "/password", "{\"new_password\":\"N3w-Passw0rd\"}", "Authorization", admin).statusCode());
        assertFalse(emu.isSessionValid(token), "TerminateSessionsOnPasswordChange is true on new installs");
        client.login(name, "N3w-Passw0rd");
    }

    @Test
    void selfPasswordChangeNeedsTheCurrentPassword() {
        String name = unique("self");
        String id = json(create(name, name + "@example.com", "Passw0rd!")).get("id").asText();
        String token = client.login(name, "Passw0rd!");
        String auth = "Bearer " + token;
        assertError(client.put("/api/v4/users/" + id + "/password", "{\"new_password\":\"N3w-Passw0rd\"}", "Authorization", auth),
                400, "api.context.invalid_param.app_error");
        assertError(client.put("/api/v4/users/" + id + "/password", "{\"new_password\":\"N3w-Passw0rd\",\"current_password\":\"wrong-one\"}", "Authorization", auth),
                400, "api.user.update_password.incorrect.app_error");
        assertEquals(200, client.put("/api/v4/users/me/password", "{\"new_password\":\"N3w-Passw0rd\",\"current_password\":\"Passw0rd!\"}", "Authorization", auth).statusCode());
        String bob = client.login("bob", "Passw0rd!");
        assertError(client.put("/api/v4/users/" + id + "/password", "{\"new_password\":\"N3w-Passw0rd\"}", "Authorization", "Bearer " + bob),
                403, "api.user.update_password.context.app_error");
    }

    @Test
    void sessionsAreListedWithoutTokensAndRevokedAll() {
        String name = unique("sess");
        String id = json(create(name, name + "@example.com", "Passw0rd!")).get("id").asText();
        String t1 = client.login(name, "Passw0rd!");
        String t2 = client.login(name, "Passw0rd!");
        JsonNode list = json(client.get("/api/v4/users/" + id + "/sessions", "Authorization", admin));
        assertEquals(2, list.size());
        assertEquals("", list.get(0).get("token").asText(), "session lists never show tokens");
        HttpResponse<String> r = client.post("/api/v4/users/" + id + "/sessions/revoke/all", null, "Authorization", admin);
        assertEquals(200, r.statusCode());
        assertFalse(emu.isSessionValid(t1));
        assertFalse(emu.isSessionValid(t2));
    }

    @Test
    void personalAccessTokensAre200AndWorkOnlyWhileEnabled() {
        String bob = emu.findUser("bob").orElseThrow().id();
        HttpResponse<String> r = client.post("/api/v4/users/" + bob + "/tokens", "{\"description\":\"ci\"}", "Authorization", admin);
        assertEquals(200, r.statusCode(), "the code answers 200 where the spec says 201");
        String token = json(r).get("token").asText();
        assertEquals(bob, json(r).get("user_id").asText());
        assertEquals("bob", json(client.get("/api/v4/users/me", "Authorization", "Bearer " + token)).get("username").asText());
        assertError(client.post("/api/v4/users/" + bob + "/tokens", "{}", "Authorization", admin), 400, "model.user_access_token.is_valid.description.app_error");
        emu.config().enableUserAccessTokens(false);
        try {
            assertError(client.get("/api/v4/users/me", "Authorization", "Bearer " + token), 401, "api.context.session_expired.app_error");
            String adminSession = client.login("admin", "Passw0rd!");
            assertError(client.post("/api/v4/users/" + bob + "/tokens", "{\"description\":\"x\"}", "Authorization", "Bearer " + adminSession),
                    501, "api.user.user_access_token.disabled.app_error");
        } finally {
            emu.config().enableUserAccessTokens(true);
        }
    }

    @Test
    void nonAdminCannotCreateUsers() {
        String bob = client.login("bob", "Passw0rd!");
        assertError(client.post("/api/v4/users", "{\"username\":\"zed\",\"email\":\"zed@example.com\",\"password\":\"Passw0rd!\"}",
                "Authorization", "Bearer " + bob), 403, "api.user.create_user.no_open_server");
    }
}
