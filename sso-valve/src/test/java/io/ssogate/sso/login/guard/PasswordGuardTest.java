package io.ssogate.sso.login.guard;

import io.ssogate.sso.testing.CapturedBody;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ssogate.core.config.Secret;
import io.ssogate.core.mattermost.MattermostUser;
import io.ssogate.proxy.hooks.BufferedRequestBody;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.testkit.logs.SecretLeakCheck;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Which password requests the guard lets through to Mattermost, and how it refuses the others. */
class PasswordGuardTest {

    private static final String PASSWORD = "Correct-Horse-42";

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(PASSWORD);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final MattermostUser ADMIN = user("aaaaaaaaaaaaaaaaaaaaaaaaaa", "admin", "admin@example.com");
    private static final MattermostUser CAROL = user("cccccccccccccccccccccccccc", "carol", "carol@corp.example");
    private static final MattermostUser OPS = user("oooooooooooooooooooooooooo", "ops", "ops@corp.example");

    private final FakeAccounts accounts = new FakeAccounts(List.of(ADMIN, CAROL, OPS));
    private LoginConfig login = new LoginConfig(Secret.of("admin-token"), true, false,
            Set.of("admin", "ops@corp.example"), LoginConfig.DEFAULT_MAX_CONCURRENT_LOGINS, null);
    private final PasswordGuard guard = new PasswordGuard(() -> login, accounts);

    @Test
    void aBreakGlassAccountsLoginGoesOnWithTheVeryBytesItSent() throws Exception {
        String body = "{ \"login_id\" : \"admin\",\n \"password\":\"" + PASSWORD + "\", \"device_id\":\"\" }";
        Exchange exchange = new Exchange("POST", "/api/v4/users/login", body);

        exchange.run();

        assertTrue(exchange.proceeded.get());
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), BufferedRequestBody.of(exchange.request));
    }

    @Test
    void breakGlassIsMatchedByUsernameOrEmailWhicheverTheLoginNames() throws Exception {
        assertTrue(login("{\"login_id\":\"admin@example.com\",\"password\":\"" + PASSWORD + "\"}").proceeded.get(),
                "admin is listed by username and logs in with the email");
        assertTrue(login("{\"login_id\":\"ops\",\"password\":\"" + PASSWORD + "\"}").proceeded.get(),
                "ops is listed by email and logs in with the username");
        assertTrue(login("{\"login_id\":\"ADMIN\",\"password\":\"" + PASSWORD + "\"}").proceeded.get(),
                "case-insensitive, as Mattermost's login");
    }

    @Test
    void anSsoUsersPasswordLoginIsRefusedInMattermostsErrorShape() throws Exception {
        Exchange exchange = login("{\"login_id\":\"carol@corp.example\",\"password\":\"" + PASSWORD + "\"}");

        assertFalse(exchange.proceeded.get());
        assertEquals(403, exchange.status);
        JsonNode error = JSON.readTree(exchange.body.toByteArray());
        assertEquals(PasswordGuard.LOGIN_REFUSED, error.get("id").asText());
        assertTrue(error.get("message").asText().contains("single sign-on"), error.toString());
        assertEquals(403, error.get("status_code").asInt());
        assertTrue(error.has("detailed_error") && error.has("request_id"), error.toString());
        assertNull(BufferedRequestBody.of(exchange.request), "nothing goes upstream");
    }

    @Test
    void anUnknownAccountGetsTheSameAnswerAsAnSsoUser() throws Exception {
        Exchange managed = login("{\"login_id\":\"carol\",\"password\":\"" + PASSWORD + "\"}");
        Exchange unknown = login("{\"login_id\":\"nobody\",\"password\":\"" + PASSWORD + "\"}");
        Exchange nameless = login("{\"password\":\"" + PASSWORD + "\"}");

        assertEquals(managed.status, unknown.status);
        assertEquals(managed.body.toString(StandardCharsets.UTF_8), unknown.body.toString(StandardCharsets.UTF_8));
        assertEquals(managed.body.toString(StandardCharsets.UTF_8), nameless.body.toString(StandardCharsets.UTF_8));
    }

    @Test
    void theIdWinsOverTheLoginIdAsInMattermostsLogin() throws Exception {
        Exchange exchange = login("{\"id\":\"" + CAROL.id() + "\",\"login_id\":\"admin\",\"password\":\"" + PASSWORD + "\"}");

        assertFalse(exchange.proceeded.get());
        assertEquals(403, exchange.status);
        assertTrue(login("{\"id\":\"" + ADMIN.id() + "\",\"password\":\"" + PASSWORD + "\"}").proceeded.get());
    }

    @Test
    void switchingTheLoginMethodIsJudgedByTheEmailItNames() throws Exception {
        Exchange carol = new Exchange("POST", "/api/v4/users/login/switch",
                "{\"current_service\":\"email\",\"new_service\":\"gitlab\",\"email\":\"carol@corp.example\","
                        + "\"password\":\"" + PASSWORD + "\"}");
        carol.run();
        Exchange admin = new Exchange("POST", "/api/v4/users/login/switch",
                "{\"current_service\":\"email\",\"new_service\":\"gitlab\",\"email\":\"admin@example.com\","
                        + "\"password\":\"" + PASSWORD + "\"}");
        admin.run();

        assertEquals(403, carol.status);
        assertTrue(admin.proceeded.get());
    }

    @Test
    void malformedJsonIsA400InTheSameShape() throws Exception {
        for (String body : List.of("{\"login_id\":", "[\"admin\"]", "")) {
            Exchange exchange = login(body);
            assertEquals(400, exchange.status, body);
            assertFalse(exchange.proceeded.get(), body);
            assertEquals(400, JSON.readTree(exchange.body.toByteArray()).get("status_code").asInt(), body);
        }
    }

    @Test
    void aBodyOverTheLimitIs413WhetherDeclaredOrStreamed() throws Exception {
        String large = "{\"login_id\":\"admin\",\"pad\":\"" + "x".repeat(PasswordGuard.MAX_BODY_BYTES) + "\"}";
        Exchange declared = new Exchange("POST", "/api/v4/users/login", large);
        declared.run();
        Exchange chunked = new Exchange("POST", "/api/v4/users/login", large);
        when(chunked.request.getContentLengthLong()).thenReturn(-1L);
        chunked.run();

        assertEquals(413, declared.status);
        assertEquals(0, declared.read.get(), "a declared length over the limit is not read at all");
        assertEquals(413, chunked.status);
        assertFalse(declared.proceeded.get() || chunked.proceeded.get());
    }

    @Test
    void aPasswordChangeIsRefusedUnlessItsTargetIsBreakGlass() throws Exception {
        Exchange carol = new Exchange("PUT", "/api/v4/users/" + CAROL.id() + "/password", "{}");
        carol.run();
        Exchange admin = new Exchange("PUT", "/api/v4/users/" + ADMIN.id() + "/password", "{}");
        admin.run();

        assertEquals(403, carol.status);
        assertEquals(PasswordGuard.PASSWORD_REFUSED, JSON.readTree(carol.body.toByteArray()).get("id").asText());
        assertTrue(admin.proceeded.get());
        assertEquals(0, admin.read.get(), "the body of a password change is left for the proxy to stream");
    }

    @Test
    void aProfilePatchWithoutAPasswordGoesOnWithTheVeryBytesItSent() throws Exception {
        String body = "{\"nickname\": \"cc\", \"position\": \"engineer\"}";
        Exchange patch = new Exchange("PUT", "/api/v4/users/" + CAROL.id() + "/patch", body);

        patch.run();

        assertTrue(patch.proceeded.get());
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), BufferedRequestBody.of(patch.request));
    }

    @Test
    void aProfilePatchCarryingAPasswordIsJudgedAsAPasswordChange() throws Exception {
        String body = "{\"nickname\": \"cc\", \"password\": \"" + PASSWORD + "\"}";
        Exchange carol = new Exchange("PUT", "/api/v4/users/" + CAROL.id() + "/patch", body);
        carol.run();
        Exchange admin = new Exchange("PUT", "/api/v4/users/" + ADMIN.id() + "/patch", body);
        admin.run();
        Exchange nullPassword = new Exchange("PUT", "/api/v4/users/" + CAROL.id() + "/patch", "{\"password\": null}");
        nullPassword.run();

        assertEquals(403, carol.status);
        assertEquals(PasswordGuard.PASSWORD_REFUSED, JSON.readTree(carol.body.toByteArray()).get("id").asText());
        assertTrue(admin.proceeded.get(), "a break-glass account's patch goes on");
        assertArrayEquals(body.getBytes(StandardCharsets.UTF_8), BufferedRequestBody.of(admin.request));
        assertTrue(nullPassword.proceeded.get(), "a null password changes nothing");
    }

    @Test
    void meIsWhoeverTheCallersTokenBelongsToNotWhatTheUserIdCookieClaims() throws Exception {
        accounts.tokens.put("carols-session-token", CAROL);
        accounts.tokens.put("admins-session-token", ADMIN);
        Exchange forged = new Exchange("PUT", "/api/v4/users/me/password", "{}");
        forged.cookies(new Cookie("MMAUTHTOKEN", "carols-session-token"), new Cookie("MMUSERID", ADMIN.id()));
        forged.run();
        Exchange admin = new Exchange("PUT", "/api/v4/users/me/password", "{}");
        when(admin.request.getHeader("Authorization")).thenReturn("Bearer admins-session-token");
        admin.run();
        Exchange anonymous = new Exchange("PUT", "/api/v4/users/me/password", "{}");
        anonymous.run();
        // Mattermost reads the cookie before the header: an admin's token in the header must not vouch for
        // a change Mattermost will make to the cookie's account.
        Exchange both = new Exchange("PUT", "/api/v4/users/me/password", "{}");
        both.cookies(new Cookie("MMAUTHTOKEN", "carols-session-token"));
        when(both.request.getHeader("Authorization")).thenReturn("Bearer admins-session-token");
        both.run();

        assertEquals(403, forged.status);
        assertTrue(admin.proceeded.get());
        assertEquals(403, anonymous.status);
        assertEquals(403, both.status, "judged as carol, whom Mattermost will act for");
    }

    @Test
    void aResetMailGoesOnlyToABreakGlassAccountAndTheResetItselfPasses() throws Exception {
        Exchange carol = new Exchange("POST", "/api/v4/users/password/reset/send", "{\"email\":\"carol@corp.example\"}");
        carol.run();
        Exchange unknown = new Exchange("POST", "/api/v4/users/password/reset/send", "{\"email\":\"nobody@corp.example\"}");
        unknown.run();
        Exchange ops = new Exchange("POST", "/api/v4/users/password/reset/send", "{\"email\":\"ops@corp.example\"}");
        ops.run();
        Exchange reset = new Exchange("POST", "/api/v4/users/password/reset", "{\"code\":\"c\",\"new_password\":\"n\"}");
        reset.run();

        assertEquals(403, carol.status);
        assertEquals(carol.body.toString(StandardCharsets.UTF_8), unknown.body.toString(StandardCharsets.UTF_8));
        assertTrue(ops.proceeded.get());
        assertTrue(reset.proceeded.get());
    }

    @Test
    void whenTheAccountCannotBeLookedUpNothingGoesOn() throws Exception {
        accounts.down = true;

        Exchange exchange = login("{\"login_id\":\"admin\",\"password\":\"" + PASSWORD + "\"}");

        assertFalse(exchange.proceeded.get());
        assertEquals(503, exchange.status);
    }

    @Test
    void withTheLoginOffEverythingGoesOnUnread() throws Exception {
        login = LoginConfig.OFF;

        Exchange exchange = login("{\"login_id\":\"carol\",\"password\":\"" + PASSWORD + "\"}");

        assertTrue(exchange.proceeded.get());
        assertEquals(0, exchange.read.get());
    }

    @Test
    void otherRequestsGoOnUnread() throws Exception {
        for (String[] request : List.of(new String[] {"GET", "/api/v4/users/login"},
                new String[] {"POST", "/api/v4/users/logout"}, new String[] {"POST", "/api/v4/posts"})) {
            Exchange exchange = new Exchange(request[0], request[1], "{\"login_id\":\"carol\"}");
            exchange.run();
            assertTrue(exchange.proceeded.get(), request[1]);
            assertEquals(0, exchange.read.get(), request[1]);
        }
    }

    private Exchange login(String body) throws Exception {
        Exchange exchange = new Exchange("POST", "/api/v4/users/login", body);
        exchange.run();
        return exchange;
    }

    private static MattermostUser user(String id, String username, String email) {
        return new MattermostUser(id, username, email, null, null, null, null, "", 0, "system_user");
    }

    /** Accounts as the admin API would find them. */
    private static final class FakeAccounts implements AccountLookup {
        final List<MattermostUser> users;
        final Map<String, MattermostUser> tokens = new HashMap<>();
        boolean down;

        FakeAccounts(List<MattermostUser> users) {
            this.users = users;
        }

        private Optional<MattermostUser> find(java.util.function.Predicate<MattermostUser> test) {
            if (down) {
                throw new IllegalStateException("Mattermost did not answer");
            }
            return users.stream().filter(test).findFirst();
        }

        @Override
        public Optional<MattermostUser> byId(String userId) {
            return find(u -> u.id().equals(userId));
        }

        @Override
        public Optional<MattermostUser> byLoginId(String loginId) {
            return find(u -> u.username().equalsIgnoreCase(loginId) || u.email().equalsIgnoreCase(loginId));
        }

        @Override
        public Optional<MattermostUser> byEmail(String email) {
            return find(u -> u.email().equalsIgnoreCase(email));
        }

        @Override
        public Optional<MattermostUser> ownerOf(String sessionToken) {
            return Optional.ofNullable(tokens.get(sessionToken));
        }
    }

    /** A mocked request with a body, and what the guard answered. */
    private final class Exchange {
        final HttpServletRequest request = mock(HttpServletRequest.class);
        final HttpServletResponse response = mock(HttpServletResponse.class);
        final AtomicBoolean proceeded = new AtomicBoolean();
        final AtomicInteger read = new AtomicInteger();
        final CapturedBody body = new CapturedBody();
        final Map<String, Object> attributes = new HashMap<>();
        int status = 200;

        Exchange(String method, String path, String requestBody) throws IOException {
            byte[] bytes = requestBody.getBytes(StandardCharsets.UTF_8);
            ByteArrayInputStream in = new ByteArrayInputStream(bytes);
            when(request.getMethod()).thenReturn(method);
            when(request.getServletPath()).thenReturn(path);
            when(request.getContentLengthLong()).thenReturn((long) bytes.length);
            when(request.getRemoteAddr()).thenReturn("192.0.2.7");
            when(request.getInputStream()).thenReturn(new ServletInputStream() {
                @Override
                public int read() {
                    int b = in.read();
                    if (b >= 0) {
                        read.incrementAndGet();
                    }
                    return b;
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    int n = in.read(buffer, offset, length);
                    if (n > 0) {
                        read.addAndGet(n);
                    }
                    return n;
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                }
            });
            doAnswer(i -> attributes.put(i.getArgument(0), i.getArgument(1))).when(request).setAttribute(anyString(), any());
            when(request.getAttribute(anyString())).thenAnswer(i -> attributes.get(i.<String>getArgument(0)));
            doAnswer(i -> status = i.getArgument(0)).when(response).setStatus(anyInt());
            when(response.getOutputStream()).thenReturn(body);
        }

        void cookies(Cookie... cookies) {
            when(request.getCookies()).thenReturn(cookies);
        }

        void run() throws Exception {
            guard.handle(request, response, () -> proceeded.set(true));
        }
    }
}
