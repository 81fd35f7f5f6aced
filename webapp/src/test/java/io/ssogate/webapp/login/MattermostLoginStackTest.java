package io.ssogate.webapp.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.testkit.emulator.EmulatorUser;
import io.ssogate.testkit.logs.SecretLeakCheck;
import io.ssogate.webapp.support.HttpBrowser;
import io.ssogate.webapp.support.SignInStack;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The gateway logs a signed-in person into Mattermost: the whole path, IdP to Mattermost's API. */
class MattermostLoginStackTest {

    @RegisterExtension
    final SecretLeakCheck leaks = new SecretLeakCheck();

    @TempDir
    Path temp;

    private SignInStack stack;

    @BeforeEach
    void start() {
        stack = SignInStack.start(temp, login -> login);
    }

    @AfterEach
    void stop() {
        stack.close();
    }

    @Test
    void aNewcomerSignsInAndLandsInMattermostAsANewAccountOfTheirOwn() {
        HttpBrowser browser = new HttpBrowser();

        HttpBrowser.Page landed = browser.signIn(stack, "carol@demo.example", "/?team=ssogate");

        assertEquals(200, landed.status(), landed.hops().toString());
        assertEquals("/?team=ssogate", landed.uri().getPath() + "?" + landed.uri().getQuery(), "back at the deep link");
        assertTrue(landed.body().contains("Mattermost emulator"), landed.body());
        EmulatorUser carol = stack.mattermost().findUser("carol").orElseThrow();
        assertEquals(carol.id(), browser.cookie(stack.uri("/"), "MMUSERID").orElseThrow());
        HttpBrowser.Page me = browser.get(stack.uri("/api/v4/users/me"), "X-Requested-With", "XMLHttpRequest");
        assertEquals(200, me.status(), me.body());
        assertTrue(me.body().contains("\"username\":\"carol\""), me.body());
    }

    @Test
    void theVaultedPasswordLogsInButNeverReachesALogOrAPage() {
        HttpBrowser browser = new HttpBrowser();
        HttpBrowser.Page landed = browser.signIn(stack, "dora@demo.example", "/");
        EmulatorUser dora = stack.mattermost().findUser("dora").orElseThrow();

        String password = stack.gateway().application().services().require(CredentialVault.class)
                .password(dora.id()).orElseThrow().reveal();
        leaks.register(password); // every log line of this test is checked for it after the test

        assertTrue(password.length() >= 32, "a generated password of at least 32 characters");
        assertFalse(landed.body().contains(password));
        assertTrue(landed.hops().stream().noneMatch(uri -> uri.toString().contains(password)));
        try (MattermostClient client = new MattermostClient(stack.mattermost().baseUri(), null, Duration.ofSeconds(5))) {
            assertEquals(dora.id(), client.loginById(dora.id(), password, null).user().id(),
                    "the vault holds the password Mattermost has");
        }
    }
}
