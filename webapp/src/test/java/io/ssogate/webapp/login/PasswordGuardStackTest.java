package io.ssogate.webapp.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.testkit.emulator.EmulatorUser;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.emulator.state.UserAccount;
import io.ssogate.testkit.logs.SecretLeakCheck;
import io.ssogate.webapp.support.HttpBrowser;
import io.ssogate.webapp.support.SignInStack;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Password sign-in through the gateway, the whole path: only break-glass accounts get to Mattermost's
 * password login, change and reset; everyone else is told to use single sign-on, and Mattermost never sees
 * their attempt.
 */
class PasswordGuardStackTest {

    private static final String OPS = "breakglass-ops";
    private static final String OPS_PASSWORD = "Ops-Passw0rd-7";
    private static final String GUESS = "Guessed-Passw0rd-9";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final AtomicInteger NAMES = new AtomicInteger();

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(MattermostEmulator.DEMO_PASSWORD, OPS_PASSWORD, GUESS);

    @TempDir
    static Path temp;

    private static SignInStack stack;
    private static EmulatorUser ops;

    @BeforeAll
    static void start() {
        stack = SignInStack.start(temp, login -> new LoginConfig(login.adminToken(), login.jitProvisioning(),
                login.takeover(), Set.of(MattermostEmulator.ADMIN_USERNAME, OPS + "@example.com"),
                login.maxConcurrentLogins(), login.mobile()));
        ops = stack.mattermost().createUser(OPS, OPS + "@example.com", OPS_PASSWORD);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void anSsoUsersPasswordLoginIsRefusedAndNeverReachesMattermost() throws Exception {
        HttpBrowser browser = new HttpBrowser();
        String name = "sso" + NAMES.incrementAndGet();
        assertEquals(200, browser.signIn(stack, name + "@demo.example", "/").status());
        EmulatorUser managed = stack.mattermost().findUser(name).orElseThrow();
        int sessionsBefore = stack.mattermost().state().sessions.loginSessionsOf(managed.id()).size();

        HttpBrowser.Page refused = new HttpBrowser().postJson(stack.uri("/api/v4/users/login"),
                "{\"login_id\":\"" + name + "\",\"password\":\"" + GUESS + "\"}", "X-Requested-With", "XMLHttpRequest");

        assertEquals(403, refused.status(), refused.body());
        JsonNode error = JSON.readTree(refused.body());
        assertEquals("ssogate.login.sso_only.app_error", error.get("id").asText());
        assertEquals(403, error.get("status_code").asInt());
        UserAccount account = stack.mattermost().state().users.byId(managed.id()).orElseThrow();
        assertEquals(0, account.failedAttempts, "Mattermost never saw the guess");
        assertEquals(sessionsBefore, stack.mattermost().state().sessions.loginSessionsOf(managed.id()).size());
    }

    @Test
    void aLocalAccountThatIsNotBreakGlassIsRefusedEvenWithItsRightPassword() throws Exception {
        EmulatorUser local = newLocalUser();

        HttpBrowser.Page refused = login(new HttpBrowser(), local.username(), MattermostEmulator.DEMO_PASSWORD);

        assertEquals(403, refused.status(), refused.body());
        assertTrue(stack.mattermost().state().sessions.loginSessionsOf(local.id()).isEmpty());
    }

    @Test
    void anUnknownAccountGetsTheSameAnswerAsAKnownOne() {
        EmulatorUser local = newLocalUser();

        HttpBrowser.Page known = login(new HttpBrowser(), local.username(), GUESS);
        HttpBrowser.Page unknown = login(new HttpBrowser(), "nobody-" + NAMES.incrementAndGet(), GUESS);
        HttpBrowser.Page byEmail = login(new HttpBrowser(), "nobody@example.com", GUESS);

        assertEquals(403, unknown.status());
        assertEquals(known.body(), unknown.body());
        assertEquals(known.body(), byEmail.body());
    }

    @Test
    void theBreakGlassAdminLogsInWithMattermostsCookies() {
        HttpBrowser browser = new HttpBrowser();

        HttpBrowser.Page answer = browser.postJson(stack.uri("/api/v4/users/login"),
                "{\n  \"login_id\" : \"admin@example.com\",\t\"password\": \"" + MattermostEmulator.DEMO_PASSWORD
                        + "\", \"device_id\": \"\" }", "X-Requested-With", "XMLHttpRequest");

        assertEquals(200, answer.status(), answer.body());
        assertTrue(answer.body().contains("\"username\":\"admin\""), answer.body());
        assertTrue(browser.cookie(stack.uri("/"), "MMAUTHTOKEN").isPresent(), answer.headers().toString());
        assertEquals(stack.mattermost().adminUserId(), browser.cookie(stack.uri("/"), "MMUSERID").orElseThrow());
    }

    @Test
    void aWrongPasswordOfTheBreakGlassAccountReachesMattermostAndFailsThere() {
        HttpBrowser.Page answer = login(new HttpBrowser(), OPS, GUESS);

        assertEquals(401, answer.status(), answer.body());
        stack.mattermost().state().users.update(ops.id(), u -> u.failedAttempts = 0);
    }

    @Test
    void passwordChangesAreRefusedForManagedAccountsAndAllowedForBreakGlass() {
        String adminToken = stack.mattermost().adminToken();
        EmulatorUser local = newLocalUser();

        HttpBrowser.Page forOther = put("/api/v4/users/" + local.id() + "/password", adminToken,
                "{\"new_password\":\"" + GUESS + "\"}");
        String localToken = stack.mattermost().createSession(local.id());
        HttpBrowser.Page forSelf = put("/api/v4/users/me/password", localToken,
                "{\"current_password\":\"" + MattermostEmulator.DEMO_PASSWORD + "\",\"new_password\":\"" + GUESS + "\"}");
        String opsToken = stack.mattermost().createSession(ops.id());
        HttpBrowser.Page breakGlass = put("/api/v4/users/me/password", opsToken,
                "{\"current_password\":\"" + OPS_PASSWORD + "\",\"new_password\":\"" + OPS_PASSWORD + "\"}");

        assertEquals(403, forOther.status(), forOther.body());
        assertTrue(forOther.body().contains("ssogate.password.sso_only.app_error"), forOther.body());
        assertEquals(403, forSelf.status(), forSelf.body());
        assertEquals(200, breakGlass.status(), breakGlass.body());
    }

    @Test
    void aProfilePatchGoesOnToMattermostUnlessItCarriesAPassword() {
        String adminToken = stack.mattermost().adminToken();
        EmulatorUser local = newLocalUser();

        HttpBrowser.Page withPassword = put("/api/v4/users/" + local.id() + "/patch", adminToken,
                "{\"nickname\":\"sneaky\",\"password\":\"" + GUESS + "\"}");
        HttpBrowser.Page profile = put("/api/v4/users/" + local.id() + "/patch", adminToken,
                "{\"nickname\":\"Lo\",\"position\":\"engineer\"}");

        assertEquals(403, withPassword.status(), withPassword.body());
        assertTrue(withPassword.body().contains("ssogate.password.sso_only.app_error"), withPassword.body());
        assertEquals(200, profile.status(), profile.body());
        assertEquals("Lo", stack.mattermost().state().users.byId(local.id()).orElseThrow().nickname,
                "the patch reached Mattermost whole");
    }

    @Test
    void aResetMailIsRefusedForManagedAccountsAndPassesForBreakGlass() {
        EmulatorUser local = newLocalUser();
        HttpBrowser browser = new HttpBrowser();
        browser.get(stack.uri("/sso/local")); // signed out, as someone who forgot a password is

        HttpBrowser.Page managed = browser.postJson(stack.uri("/api/v4/users/password/reset/send"),
                "{\"email\":\"" + local.email() + "\"}", "X-Requested-With", "XMLHttpRequest");
        HttpBrowser.Page breakGlass = browser.postJson(stack.uri("/api/v4/users/password/reset/send"),
                "{\"email\":\"" + OPS + "@example.com\"}", "X-Requested-With", "XMLHttpRequest");

        assertEquals(403, managed.status(), managed.body());
        assertTrue(managed.body().contains("ssogate.password.sso_only.app_error"), managed.body());
        // The emulator has no reset route: anything but the guard's 403 shows the request reached it.
        assertNotEquals(403, breakGlass.status(), breakGlass.body());
        assertFalse(breakGlass.body().contains("ssogate."), breakGlass.body());
    }

    @Test
    void anAdministratorReachesMattermostsLoginFormThroughSsoLocalAndSignsIn() {
        HttpBrowser browser = new HttpBrowser();

        HttpBrowser.Page form = browser.get(stack.uri("/sso/local"));

        assertEquals(200, form.status());
        assertEquals("/login", form.uri().getPath());
        assertTrue(form.body().contains("Mattermost emulator: sign in"), form.body());
        HttpBrowser.Page loggedIn = login(browser, MattermostEmulator.ADMIN_USERNAME, MattermostEmulator.DEMO_PASSWORD);
        assertEquals(200, loggedIn.status(), loggedIn.body());
        HttpBrowser.Page me = browser.get(stack.uri("/api/v4/users/me"), "X-Requested-With", "XMLHttpRequest");
        assertEquals(200, me.status(), me.body());
        assertTrue(me.body().contains("\"username\":\"admin\""), me.body());
        HttpBrowser.Page other = login(browser, newLocalUser().username(), MattermostEmulator.DEMO_PASSWORD);
        assertEquals(403, other.status(), "the way in is for break-glass accounts only");
    }

    @Test
    void theSignInFormOffersTheAdministratorLink() {
        // The demo skips the form for its single IdP; a form POST without its CSRF token shows the form again.
        HttpBrowser.Page page = new HttpBrowser().fetch(HttpBrowser.request(stack.uri("/sso/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("email=someone%40demo.example")).build());

        assertTrue(page.body().contains("name=\"email\""), page.body());
        assertTrue(page.body().contains("href=\"/sso/local\""), page.body());
        assertTrue(page.body().contains("Administrator sign-in"), page.body());
    }

    @Test
    void withoutTheLocalCookieAPageLoadStillGoesToSingleSignOn() {
        HttpBrowser.Page page = new HttpBrowser().get(stack.uri("/login"));

        assertTrue(page.hops().stream().anyMatch(hop -> hop.getPath().equals("/sso/login")), page.hops().toString());
    }

    private static EmulatorUser newLocalUser() {
        String name = "local" + NAMES.incrementAndGet();
        return stack.mattermost().createUser(name, name + "@example.com", MattermostEmulator.DEMO_PASSWORD);
    }

    private static HttpBrowser.Page login(HttpBrowser browser, String loginId, String password) {
        return browser.postJson(stack.uri("/api/v4/users/login"),
                "{\"login_id\":\"" + loginId + "\",\"password\":\"" + password + "\"}", "X-Requested-With", "XMLHttpRequest");
    }

    private static HttpBrowser.Page put(String path, String token, String body) {
        return new HttpBrowser().fetch(HttpBrowser.request(stack.uri(path), "Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build());
    }
}
