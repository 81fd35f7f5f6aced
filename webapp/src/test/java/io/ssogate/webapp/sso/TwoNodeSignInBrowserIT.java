package io.ssogate.webapp.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.config.TenantConfig;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.keycloak.KeycloakFixture;
import io.ssogate.testkit.postgres.TestDatabase;
import io.ssogate.testkit.postgres.TestPostgres;
import io.ssogate.webapp.launcher.EmbeddedGateway;
import io.ssogate.webapp.support.FreePort;
import io.ssogate.webapp.support.HeadlessChromium;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Two gateway nodes sharing one PostgreSQL database, as behind a load balancer: a sign-in that starts on
 * one node and whose callback lands on the other succeeds, both nodes accept the session, and a session
 * ended on one node is refused by the other within five seconds. The public URL is node B's, so the IdP
 * always sends the browser back to B while the person started on A.
 */
class TwoNodeSignInBrowserIT {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    private static final String DEEP_LINK = "/corp-team/channels/town-square";

    @TempDir
    static Path temp;

    private static KeycloakFixture keycloak;
    private static MattermostEmulator mattermost;
    private static EmbeddedGateway nodeA;
    private static EmbeddedGateway nodeB;
    private static URI a;
    private static URI b;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void startTwoNodes() throws IOException, SQLException {
        a = URI.create("http://127.0.0.1:" + FreePort.pick());
        b = URI.create("http://127.0.0.1:" + FreePort.pick());
        keycloak = KeycloakFixture.builder().start();
        mattermost = MattermostEmulator.builder().port(0).seedDemoUsers().build().start();
        TestDatabase database = TestPostgres.newDatabase("two_nodes");
        DatabaseConfig shared = new DatabaseConfig(database.jdbcUrl(), database.username(),
                Secret.of(database.password()), 4);
        nodeA = EmbeddedGateway.start(config(a, "a", shared));
        nodeB = EmbeddedGateway.start(config(b, "b", shared));
        mattermost.setSiteUrl(b);
    }

    private static GatewayConfig config(URI node, String name, DatabaseConfig database) {
        ServerConfig server = ServerConfig.defaults().withPort(node.getPort()).withDataDir(temp.resolve(name))
                .withPublicUrl(b);
        OidcIdpConfig oidc = new OidcIdpConfig(keycloak.discoveryUri("corp"), KeycloakFixture.OIDC_CLIENT_ID,
                Secret.of("ssogate-corp-secret"), null, null, null);
        IdpConfig idp = new IdpConfig("corp-oidc", "Corp", IdpConfig.Protocol.OIDC, true, false, null, oidc, null);
        return new GatewayConfig(server, ProxyConfig.of(mattermost.baseUri()), database)
                .withSection(SsoSection.SECTION, new SsoConfig(List.of(
                        new TenantConfig("corp", List.of("corp.example"), List.of(idp))), null, null, null, null));
    }

    @AfterAll
    static void stopAll() {
        for (AutoCloseable running : new AutoCloseable[] {nodeA, nodeB, mattermost, keycloak}) {
            if (running != null) {
                try {
                    running.close();
                } catch (Exception ignored) {
                    // closing the rest matters more
                }
            }
        }
    }

    @BeforeEach
    void openBrowser(@TempDir Path profile) {
        browser = HeadlessChromium.start(profile);
        wait = new WebDriverWait(browser, Duration.ofSeconds(30));
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aSignInStartedOnOneNodeCompletesOnTheOtherAndBothNodesAcceptTheSession() {
        signInStartingAt(a, "alice@corp.example", "alice", "alice-password");

        // The callback (state, nonce and PKCE verifier written by A) was completed by B.
        wait.until(ExpectedConditions.urlToBe(b + DEEP_LINK));
        assertSignedInAt(a, "alice@corp.example");
        assertSignedInAt(b, "alice@corp.example");
        browser.get(a + DEEP_LINK);
        assertEquals(a + DEEP_LINK, browser.getCurrentUrl(), "node A lets the session through to Mattermost");
    }

    @Test
    void aSessionEndedOnOneNodeIsRefusedByTheOtherWithinFiveSeconds() {
        signInStartingAt(a, "bob@corp.example", "bob", "bob-password");
        wait.until(ExpectedConditions.urlToBe(b + DEEP_LINK));
        assertSignedInAt(a, "bob@corp.example");

        browser.get(b + "/sso/logout");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[type=submit]"))).click();
        wait.until(ExpectedConditions.urlToBe(b + "/sso/signed-out"));

        // Node A had the session in its cache; its revocation poll must drop it within five seconds.
        new WebDriverWait(browser, Duration.ofSeconds(5)).until(driver -> {
            driver.get(a + "/sso/me");
            return driver.getPageSource().contains("\"signedIn\":false");
        });
    }

    private void signInStartingAt(URI node, String email, String username, String password) {
        KeycloakSignInSteps steps = new KeycloakSignInSteps(browser, wait);
        steps.continueWithEmail(node, DEEP_LINK, email);
        steps.signInAtKeycloak(username, password);
    }

    private void assertSignedInAt(URI node, String email) {
        browser.get(node + "/sso/me");
        String page = browser.getPageSource();
        assertTrue(page.contains("\"signedIn\":true") && page.contains(email), node + ": " + page);
    }
}
