package io.ssogate.webapp.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.Secret;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.logs.SecretLeakCheck;
import io.ssogate.webapp.support.HttpBrowser;
import io.ssogate.webapp.support.SignInStack;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The apps' pre-authentication secret (Mattermost 10.12+): what reaches Mattermost without a gateway
 * session must carry it; a signed-in browser need not.
 */
class PreauthSecretStackTest {

    private static final String SECRET = "preauth-Secret-31";
    private static final String HEADER = "X-Mattermost-Preauth-Secret";

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(SECRET, MattermostEmulator.DEMO_PASSWORD);

    @TempDir
    static Path temp;

    private static SignInStack stack;

    @BeforeAll
    static void start() {
        stack = SignInStack.start(temp, login -> new LoginConfig(login.adminToken(), login.jitProvisioning(),
                login.takeover(), login.breakGlass(), login.maxConcurrentLogins(),
                new LoginConfig.Mobile(true, null, null, Secret.of(SECRET))));
    }

    @AfterAll
    static void stop() {
        stack.close();
    }

    @Test
    void anAppsCallWithoutTheSecretOrWithAWrongOneIsRefusedWithTheReasonTheAppsKnow() {
        for (Optional<String> sent : List.of(Optional.<String>empty(), Optional.of("wrong"), Optional.of(SECRET + "x"))) {
            HttpBrowser.Page ping = new HttpBrowser().get(stack.uri("/api/v4/system/ping"),
                    sent.map(value -> new String[] {HEADER, value}).orElse(new String[0]));
            HttpBrowser.Page login = new HttpBrowser().postJson(stack.uri("/api/v4/users/login"),
                    "{\"login_id\":\"admin\",\"password\":\"" + MattermostEmulator.DEMO_PASSWORD + "\"}",
                    sent.map(value -> new String[] {HEADER, value}).orElse(new String[0]));
            HttpBrowser.Page token = new HttpBrowser().get(stack.uri("/api/v4/users/me"),
                    sent.map(value -> new String[] {HEADER, value, "Authorization", "Bearer " + stack.mattermost().adminToken()})
                            .orElse(new String[] {"Authorization", "Bearer " + stack.mattermost().adminToken()}));

            for (HttpBrowser.Page page : List.of(ping, login, token)) {
                assertEquals(403, page.status(), page.uri() + " with " + sent);
                assertEquals(Optional.of("pre-auth"), page.header("X-Reject-Reason"), page.uri() + " with " + sent);
            }
        }
    }

    @Test
    void anAppsCallWithTheSecretPasses() {
        HttpBrowser.Page ping = new HttpBrowser().get(stack.uri("/api/v4/system/ping"), HEADER, SECRET);
        HttpBrowser.Page login = new HttpBrowser().postJson(stack.uri("/api/v4/users/login"),
                "{\"login_id\":\"admin\",\"password\":\"" + MattermostEmulator.DEMO_PASSWORD + "\"}", HEADER, SECRET);
        HttpBrowser.Page me = new HttpBrowser().get(stack.uri("/api/v4/users/me"), HEADER, SECRET,
                "Authorization", "Bearer " + stack.mattermost().adminToken());

        assertEquals(200, ping.status(), ping.body());
        assertEquals(200, login.status(), login.body());
        assertEquals(200, me.status(), me.body());
    }

    @Test
    void aSignedInBrowserNeedsNoSecret() {
        HttpBrowser browser = new HttpBrowser();
        assertEquals(200, browser.signIn(stack, "dora@demo.example", "/").status());

        HttpBrowser.Page me = browser.get(stack.uri("/api/v4/users/me"), "X-Requested-With", "XMLHttpRequest");
        HttpBrowser.Page config = browser.get(stack.uri("/api/v4/config/client?format=old"));

        assertEquals(200, me.status(), me.body());
        assertTrue(me.body().contains("\"username\":\"dora\""), me.body());
        assertEquals(200, config.status(), config.body());
    }
}
