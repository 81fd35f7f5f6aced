package io.ssogate.webapp.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.testkit.emulator.EmulatorUser;
import io.ssogate.testkit.logs.SecretLeakCheck;
import io.ssogate.webapp.support.HttpBrowser;
import io.ssogate.webapp.support.SignInStack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The mobile app's single sign-on through the whole stack: the SAML button its pre-sign-in calls are told
 * about, the entry it opens in its in-app browser, the sign-in at the IdP, and the Mattermost session it
 * gets on its callback. Each test signs in a person of its own, so they share one stack.
 */
class MobileSignOnStackTest {

    private static final String ENTRY = "/login/sso/saml?action=mobile&redirect_to=";
    private static final Pattern CALLBACK = Pattern.compile(
            "(mmauth(?:beta)?)://callback\\?MMAUTHTOKEN(?:=|&#x3D;)([^&\"]+)&amp;MMCSRF(?:=|&#x3D;)([^&\"]*)\"");
    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck();

    @TempDir
    static Path temp;

    private static SignInStack stack;

    @BeforeAll
    static void start() {
        stack = SignInStack.start(temp, login -> login);
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void theAppsBeforeSignInAreToldOfALicensedSamlButton() throws IOException {
        HttpBrowser app = new HttpBrowser();

        HttpBrowser.Page config = app.get(stack.uri("/api/v4/config/client?format=old"), "Accept-Encoding", "gzip");
        HttpBrowser.Page license = app.get(stack.uri("/api/v4/license/client?format=old"));

        assertEquals(200, config.status(), config.body());
        JsonNode configJson = JSON.readTree(config.body());
        assertEquals("true", configJson.get("EnableSaml").asText());
        assertEquals(LoginConfig.Mobile.DEFAULT_BUTTON_TEXT, configJson.get("SamlLoginButtonText").asText());
        assertEquals("Mattermost", configJson.get("SiteName").asText(), "Mattermost's own values stay");
        assertEquals("no-store", config.header("Cache-Control").orElseThrow());
        assertTrue(config.header("ETag").isEmpty());
        JsonNode licenseJson = JSON.readTree(license.body());
        assertEquals("true", licenseJson.get("IsLicensed").asText());
        assertEquals("true", licenseJson.get("SAML").asText());
    }

    @Test
    void aSignedInBrowserGetsMattermostsOwnConfigurationAndLicence() throws IOException {
        HttpBrowser browser = new HttpBrowser();
        browser.signIn(stack, "dave@demo.example", "/");

        HttpBrowser.Page config = browser.get(stack.uri("/api/v4/config/client?format=old"), "X-Requested-With", "XMLHttpRequest");
        HttpBrowser.Page license = browser.get(stack.uri("/api/v4/license/client?format=old"), "X-Requested-With", "XMLHttpRequest");

        assertEquals("false", JSON.readTree(config.body()).get("EnableSaml").asText(), config.body());
        assertEquals("false", JSON.readTree(license.body()).get("IsLicensed").asText(), "no licence for the webapp");
        assertFalse(license.body().contains("SAML"), license.body());
    }

    @Test
    void theAppSignsInAndGetsANewMattermostSessionOnItsCallback() {
        HttpBrowser inAppBrowser = new HttpBrowser();

        HttpBrowser.Page done = inAppBrowser.signIn(stack, "erin@demo.example", ENTRY + "mmauth%3A%2F%2Fcallback");

        assertEquals(200, done.status(), done.hops() + " " + done.body());
        assertEquals("/login/sso/saml", done.uri().getPath(), "back at the entry after the sign-in: " + done.hops());
        assertEquals("action=mobile&redirect_to=mmauth%3A%2F%2Fcallback", done.uri().getRawQuery(),
                "the query came back through the sign-in as it was");
        assertTrue(done.header("Content-Type").orElseThrow().startsWith("text/html"));
        assertEquals("no-store", done.header("Cache-Control").orElseThrow());
        Matcher callback = CALLBACK.matcher(done.body());
        assertTrue(callback.find(), done.body());
        assertEquals("mmauth", callback.group(1));
        String token = LEAKS.register(URLDecoder.decode(callback.group(2), StandardCharsets.UTF_8));
        String csrf = URLDecoder.decode(callback.group(3), StandardCharsets.UTF_8);
        assertTrue(stack.mattermost().isSessionValid(token));
        assertEquals(stack.mattermost().csrfTokenOf(token).orElseThrow(), csrf);
        assertTrue(inAppBrowser.cookie(stack.uri("/"), "MMAUTHTOKEN").isEmpty(),
                "the session is the app's: the in-app browser was given none of its own");

        HttpBrowser.Page me = new HttpBrowser().get(stack.uri("/api/v4/users/me"), "Authorization", "Bearer " + token);

        assertEquals(200, me.status(), me.body());
        assertTrue(me.body().contains("\"username\":\"erin\""), me.body());
    }

    @Test
    void theBetaAppsSchemeWorksToo() {
        HttpBrowser.Page done = new HttpBrowser().signIn(stack, "grace@demo.example", ENTRY + "mmauthbeta%3A%2F%2Fcallback");

        assertEquals(200, done.status(), done.body());
        Matcher callback = CALLBACK.matcher(done.body());
        assertTrue(callback.find(), done.body());
        assertEquals("mmauthbeta", callback.group(1));
        assertTrue(stack.mattermost().isSessionValid(
                LEAKS.register(URLDecoder.decode(callback.group(2), StandardCharsets.UTF_8))));
    }

    @Test
    void theOpenIdEntryWithAnUnencodedCallbackWorksToo() {
        HttpBrowser inAppBrowser = new HttpBrowser();
        HttpBrowser.Page back = inAppBrowser.signIn(stack, "oscar@demo.example",
                "/oauth/openid/mobile_login?redirect_to=mmauth://callback");
        // HttpBrowser takes any Location holding "://" (past the scheme) for an app's link and stops there.
        assertEquals("/oauth/openid/mobile_login?redirect_to=mmauth://callback", back.header("Location").orElseThrow(),
                back.hops().toString());
        HttpBrowser.Page done = inAppBrowser.get(stack.uri(back.header("Location").orElseThrow()));

        assertEquals(200, done.status(), done.hops() + " " + done.body());
        assertTrue(stack.mattermost().isSessionValid(LEAKS.register(tokenIn(done))));
    }

    @Test
    void aCallbackThatIsNotExactlyAnAppsIsRefusedAndNoSessionIsOpened() {
        HttpBrowser browser = new HttpBrowser();

        HttpBrowser.Page evil = browser.signIn(stack, "frank@demo.example", ENTRY + "https%3A%2F%2Fevil.example%2Fcallback");
        HttpBrowser.Page withPath = browser.get(stack.uri(ENTRY + "mmauth%3A%2F%2Fcallback%2Fx"));
        HttpBrowser.Page withQuery = browser.get(stack.uri(ENTRY + "mmauth%3A%2F%2Fcallback%3Fx%3D1"));

        for (HttpBrowser.Page page : new HttpBrowser.Page[] {evil, withPath, withQuery}) {
            assertEquals(400, page.status(), page.uri() + " " + page.hops());
            assertFalse(page.body().contains("MMAUTHTOKEN"), page.body());
            assertFalse(page.body().contains("evil.example"), page.body());
            assertTrue(page.body().contains("This link cannot sign in the app"), page.body());
        }
        int sessions = stack.mattermost().findUser("frank").map(EmulatorUser::id)
                .map(id -> stack.mattermost().expireSessions(id)).orElse(0);
        assertEquals(0, sessions, "no Mattermost session was opened for the refused callbacks");
    }

    @Test
    void aPersonMattermostRefusesGetsThePageSayingWhyAndNoCallback() {
        HttpBrowser inAppBrowser = new HttpBrowser();
        HttpBrowser.Page first = inAppBrowser.signIn(stack, "judy@demo.example", ENTRY + "mmauth%3A%2F%2Fcallback");
        assertEquals(200, first.status(), first.body());
        LEAKS.register(tokenIn(first));
        stack.mattermost().setUserActive(stack.mattermost().findUser("judy").orElseThrow().id(), false);

        HttpBrowser.Page again = inAppBrowser.get(stack.uri(ENTRY + "mmauth%3A%2F%2Fcallback"));

        assertEquals(403, again.status(), again.body());
        assertFalse(again.body().contains("MMAUTHTOKEN"), again.body());
        assertTrue(again.body().contains("deactivated"), again.body());
    }

    @Test
    void theWebappsSamlButtonSendsASignedInPersonOnToASafePlace() {
        HttpBrowser browser = new HttpBrowser();
        browser.signIn(stack, "heidi@demo.example", "/");

        HttpBrowser.Page toPath = browser.fetch(HttpBrowser.request(
                stack.uri("/login/sso/saml?action=login&redirect_to=%2Fssogate%2Fchannels%2Ftown-square")).GET().build());
        HttpBrowser.Page toElsewhere = browser.fetch(HttpBrowser.request(
                stack.uri("/login/sso/saml?redirect_to=https%3A%2F%2Fevil.example%2F")).GET().build());

        assertEquals(302, toPath.status());
        assertEquals("/ssogate/channels/town-square", stack.uri("/").resolve(toPath.header("Location").orElseThrow()).getPath());
        assertEquals(302, toElsewhere.status());
        assertEquals(stack.uri("/"), stack.uri("/").resolve(toElsewhere.header("Location").orElseThrow()));
    }

    @Test
    void withTheMobileSignOnOffMattermostsAnswersAndEntryAreUntouched(@TempDir Path otherTemp) throws IOException {
        try (SignInStack off = SignInStack.start(otherTemp, login -> new LoginConfig(login.adminToken(),
                login.jitProvisioning(), login.takeover(), login.breakGlass(), login.maxConcurrentLogins(),
                new LoginConfig.Mobile(false, null, null, null)))) {
            HttpBrowser app = new HttpBrowser();

            HttpBrowser.Page config = app.get(off.uri("/api/v4/config/client?format=old"));
            HttpBrowser.Page license = app.get(off.uri("/api/v4/license/client?format=old"));

            assertEquals("false", JSON.readTree(config.body()).get("EnableSaml").asText(), config.body());
            assertEquals("false", JSON.readTree(license.body()).get("IsLicensed").asText(), license.body());
            HttpBrowser.Page entry = new HttpBrowser().signIn(off, "ivan@demo.example", ENTRY + "mmauth%3A%2F%2Fcallback");
            assertFalse(entry.body().contains("MMAUTHTOKEN"), "the gateway does not serve the entry: " + entry.body());
        }
    }

    private static String tokenIn(HttpBrowser.Page page) {
        Matcher callback = CALLBACK.matcher(page.body());
        assertTrue(callback.find(), page.body());
        return URLDecoder.decode(callback.group(2), StandardCharsets.UTF_8);
    }
}
