package io.ssogate.webapp.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.Secret;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.webapp.support.HttpBrowser;
import io.ssogate.webapp.support.SignInStack;

import java.nio.file.Path;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * When the gateway cannot log a signed-in person into Mattermost, they get a page that says why (JSON in
 * Mattermost's shape under /api/), never a redirect loop; a refused admin token shows in /sso/health.
 */
class MattermostUnavailableStackTest {

    @TempDir
    Path temp;

    private SignInStack stack;

    @AfterEach
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private void start(UnaryOperator<LoginConfig> login) {
        stack = SignInStack.start(temp, login);
    }

    private static LoginConfig with(LoginConfig login, Secret token, boolean jit) {
        return new LoginConfig(token, jit, login.takeover(), login.breakGlass(), login.maxConcurrentLogins(),
                login.mobile());
    }

    @Test
    void aPersonWithoutAnAccountIsToldToAskTheirAdminWhenTheGatewayCreatesNone() {
        start(login -> with(login, login.adminToken(), false));
        HttpBrowser browser = new HttpBrowser();

        HttpBrowser.Page page = browser.signIn(stack, "frank@demo.example", "/");

        assertEquals(403, page.status(), page.hops().toString());
        assertTrue(page.body().contains("no chat account for your email address"), page.body());
        assertTrue(page.body().contains("/sso/logout"), "a way out: sign out");
        HttpBrowser.Page api = browser.get(stack.uri("/api/v4/users/me"), "X-Requested-With", "XMLHttpRequest");
        assertEquals(403, api.status());
        assertTrue(api.body().contains("\"id\":\"ssogate.login.no_account.app_error\""), api.body());
        assertTrue(api.body().contains("\"status_code\":403"), api.body());
    }

    @Test
    void aRefusedAdminTokenIsAHealthStatusAndAPageNotAMattermostError() {
        start(login -> with(login, Secret.of("not-the-admin-token-at-all"), true));
        HttpBrowser browser = new HttpBrowser();

        HttpBrowser.Page health = awaitHealth(browser, "TOKEN_REFUSED");
        assertEquals(503, health.status(), health.body());

        HttpBrowser.Page page = browser.signIn(stack, "gina@demo.example", "/");
        assertEquals(403, page.status(), page.hops().toString());
        assertTrue(page.body().contains("refused to set up your account"), page.body());
    }

    @Test
    void aWorkingAdminTokenIsHealthy() {
        start(login -> login);

        HttpBrowser.Page health = awaitHealth(new HttpBrowser(), "OK");

        assertEquals(200, health.status());
        assertTrue(health.body().contains("\"status\":\"ok\""), health.body());
    }

    /** The first check runs as the gateway starts, on its own thread: wait for its verdict. */
    private HttpBrowser.Page awaitHealth(HttpBrowser browser, String status) {
        long deadline = System.nanoTime() + 10_000_000_000L;
        HttpBrowser.Page health;
        do {
            health = browser.get(stack.uri("/sso/health"));
        } while (!health.body().contains("\"mattermostLogin\":\"" + status + "\"") && System.nanoTime() < deadline);
        assertTrue(health.body().contains("\"mattermostLogin\":\"" + status + "\""), health.body());
        return health;
    }
}
