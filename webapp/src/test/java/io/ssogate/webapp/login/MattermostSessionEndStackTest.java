package io.ssogate.webapp.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.testkit.emulator.EmulatorUser;
import io.ssogate.webapp.support.HttpBrowser;
import io.ssogate.webapp.support.SignInStack;

import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When Mattermost's session ends before the gateway's: a transparent re-login, Mattermost's login page for a
 * signed-in person, and the person's own logout, which signs them out of the gateway too. The whole path.
 */
class MattermostSessionEndStackTest {

    private static final String[] XHR = {"X-Requested-With", "XMLHttpRequest"};

    @TempDir
    Path temp;

    private SignInStack stack;
    private HttpBrowser browser;
    private EmulatorUser carol;

    @BeforeEach
    void signInCarol() {
        stack = SignInStack.start(temp, login -> login);
        browser = new HttpBrowser();
        HttpBrowser.Page landed = browser.signIn(stack, "carol@demo.example", "/");
        assertEquals(200, landed.status(), landed.hops().toString());
        carol = stack.mattermost().findUser("carol").orElseThrow();
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void anExpiredMattermostSessionIsOpenedAgainWithoutTheAppSeeingA401() {
        String oldToken = cookie("MMAUTHTOKEN");
        stack.mattermost().expireSessions(carol.id());

        HttpBrowser.Page me = browser.get(stack.uri("/api/v4/users/me"), XHR);

        assertEquals(200, me.status(), me.body());
        assertTrue(me.body().contains("\"id\":\"" + carol.id() + "\""), me.body());
        assertEquals(2, me.hops().size(), "one 307, then the same URL: " + me.hops());
        assertNotEquals(oldToken, cookie("MMAUTHTOKEN"));
        assertTrue(stack.mattermost().isSessionValid(cookie("MMAUTHTOKEN")));
        assertFalse(browser.cookie(stack.uri("/"), "SSOGATE_RELOGIN").isPresent(), "the guard went with the 200");
    }

    @Test
    void aRequestRefusedAgainRightAfterAReloginGetsMattermosts401() {
        browser.setCookie(stack.uri("/"), "SSOGATE_RELOGIN", "1");
        stack.mattermost().expireSessions(carol.id());

        HttpBrowser.Page me = browser.get(stack.uri("/api/v4/users/me"), XHR);

        assertEquals(401, me.status(), me.body());
        assertTrue(me.body().contains("api.context.session_expired.app_error"), me.body());
        assertEquals(1, me.hops().size(), me.hops().toString());
    }

    @Test
    void aPersonMattermostNoLongerLogsInGetsThe401NotALoop() {
        stack.mattermost().setUserActive(carol.id(), false);

        HttpBrowser.Page me = browser.get(stack.uri("/api/v4/users/me"), XHR);

        assertEquals(401, me.status(), me.body());
        assertEquals(1, me.hops().size(), me.hops().toString());
    }

    @Test
    void mattermostsLoginPageLogsASignedInPersonInAndSendsThemOn() {
        String oldToken = cookie("MMAUTHTOKEN");

        HttpBrowser.Page landed = browser.get(stack.uri("/login?redirect_to=%2F%3Fx%3D1"));

        assertEquals(200, landed.status(), landed.hops().toString());
        assertEquals("/?x=1", landed.uri().getRawPath() + "?" + landed.uri().getRawQuery());
        assertNotEquals(oldToken, cookie("MMAUTHTOKEN"));
        assertEquals(carol.id(), cookie("MMUSERID"));
        assertFalse(browser.cookie(stack.uri("/"), "SSOGATE_RELOGIN").isPresent(), "the guard went with the 200");
    }

    @Test
    void mattermostsLoginPageSendsNowhereElseThanThisOrigin() {
        HttpBrowser.Page landed = browser.get(stack.uri("/login?redirect_to=https%3A%2F%2Fevil.example%2Fx"));

        assertEquals(200, landed.status(), landed.hops().toString());
        assertEquals(stack.uri("/"), landed.uri());
    }

    @Test
    void mattermostsLoginPageRightAfterALoginShowsAPageNotAnotherRound() {
        browser.setCookie(stack.uri("/"), "SSOGATE_RELOGIN", "1");

        HttpBrowser.Page page = browser.get(stack.uri("/login?redirect_to=%2F"));

        assertEquals(403, page.status(), page.hops().toString());
        assertEquals(1, page.hops().size(), page.hops().toString());
    }

    @Test
    void thePersonsOwnLogoutEndsTheGatewaySessionAndShowsTheSignedOutPage() {
        String mattermostToken = cookie("MMAUTHTOKEN");

        HttpBrowser.Page logout = browser.postJson(stack.uri("/api/v4/users/logout"), "{}", XHR);

        assertEquals(200, logout.status(), logout.body());
        assertFalse(stack.mattermost().isSessionValid(mattermostToken), "Mattermost's session ended");
        assertFalse(browser.cookie(stack.uri("/"), "SSOGATE_SESSION").isPresent());
        assertFalse(browser.cookie(stack.uri("/"), "MMUSERID").isPresent());
        HttpBrowser.Page me = browser.get(stack.uri("/api/v4/users/me"), XHR);
        assertEquals(401, me.status(), me.body());
        HttpBrowser.Page home = browser.get(stack.uri("/"));
        assertEquals(200, home.status(), home.hops().toString());
        assertEquals("/sso/signed-out", home.uri().getPath(), home.hops().toString());
        assertTrue(home.hops().stream().anyMatch(hop -> hop.getPath().endsWith("/endsession")),
                "by way of the IdP's logout: " + home.hops());
        assertEquals(1, home.hops().stream().filter(hop -> hop.getPath().endsWith("/endsession")).count(),
                "once: " + home.hops());
    }

    @Test
    void theWebAppsForcedLogoutWithoutATokenKeepsTheGatewaySession() {
        stack.mattermost().expireSessions(carol.id());
        // A write refused for the expired session: relayed, and Mattermost's 401 deletes MMAUTHTOKEN.
        HttpBrowser.Page refused = browser.postJson(stack.uri("/api/v4/users/" + carol.id() + "/tokens"),
                "{\"description\":\"x\"}", XHR);
        assertEquals(401, refused.status(), refused.body());
        assertFalse(browser.cookie(stack.uri("/"), "MMAUTHTOKEN").isPresent());

        HttpBrowser.Page logout = browser.postJson(stack.uri("/api/v4/users/logout"), "{}", XHR);

        assertEquals(200, logout.status(), logout.body());
        assertTrue(browser.cookie(stack.uri("/"), "SSOGATE_SESSION").isPresent());
        HttpBrowser.Page home = browser.get(stack.uri("/"));
        assertEquals(200, home.status(), home.hops().toString());
        assertEquals(stack.uri("/"), home.uri(), home.hops().toString());
        assertTrue(stack.mattermost().isSessionValid(cookie("MMAUTHTOKEN")), "logged in again on the page load");
    }

    @Test
    void afterALogoutAnotherPersonSignsInInTheSameBrowserAndLandsAsThemselves() {
        browser.postJson(stack.uri("/api/v4/users/logout"), "{}", XHR);

        HttpBrowser.Page landed = browser.signIn(stack, "dave@demo.example", "/sso/login");

        assertEquals(200, landed.status(), landed.hops().toString());
        EmulatorUser dave = stack.mattermost().findUser("dave").orElseThrow();
        assertEquals(dave.id(), cookie("MMUSERID"));
        assertFalse(browser.cookie(stack.uri("/"), "SSOGATE_SIGNED_OUT").isPresent(), "the sign-in cleared the marker");
        HttpBrowser.Page me = browser.get(stack.uri("/api/v4/users/me"), XHR);
        assertTrue(me.body().contains("\"username\":\"dave\""), me.body());
    }

    private String cookie(String name) {
        URI site = stack.uri("/");
        return browser.cookie(site, name).orElseThrow(() -> new AssertionError("no cookie " + name));
    }
}
