package io.ssogate.webapp.login;

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
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.sso.login.config.LoginSection;
import io.ssogate.sso.login.vault.VaultKeys;
import io.ssogate.sso.login.vault.VaultSection;
import io.ssogate.testkit.emulator.EmulatorUser;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.keycloak.KeycloakFixture;
import io.ssogate.webapp.launcher.EmbeddedGateway;
import io.ssogate.webapp.support.FreePort;
import io.ssogate.webapp.support.HeadlessChromium;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person sees, end to end, in headless Chromium with a real Keycloak: they sign in at the company IdP
 * and land in Mattermost (the emulator's page) already logged in as themselves, with the WebSocket connected
 * through the gateway and receiving what Mattermost pushes; Mattermost's own "log out" signs them out of the
 * gateway too; the next person in the same browser lands as themselves.
 */
class KeycloakMattermostLoginBrowserIT {

    @TempDir
    static Path temp;

    private static KeycloakFixture keycloak;
    private static MattermostEmulator mattermost;
    private static EmbeddedGateway gateway;
    private static URI base;

    private WebDriver browser;
    private WebDriverWait wait;

    @BeforeAll
    static void start() throws IOException {
        HeadlessChromium.requireInstalled();
        base = URI.create("http://127.0.0.1:" + FreePort.pick());
        keycloak = KeycloakFixture.builder().start();
        mattermost = MattermostEmulator.builder().port(0).siteUrl(base).build().start();
        OidcIdpConfig oidc = new OidcIdpConfig(keycloak.discoveryUri("corp"), KeycloakFixture.OIDC_CLIENT_ID,
                Secret.of("ssogate-corp-secret"), null, null, null);
        IdpConfig idp = new IdpConfig("corp-oidc", "Corp", IdpConfig.Protocol.OIDC, true, false, null, oidc, null);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        GatewayConfig config = new GatewayConfig(ServerConfig.defaults().withPort(base.getPort())
                .withDataDir(temp.resolve("data")).withPublicUrl(base),
                ProxyConfig.of(mattermost.baseUri()), DatabaseConfig.embedded())
                .withSection(SsoSection.SECTION, new SsoConfig(List.of(
                        new TenantConfig("corp", List.of("corp.example"), List.of(idp))), null, null, null, null))
                .withSection(LoginSection.SECTION, new LoginConfig(Secret.of(mattermost.adminToken()), true, false,
                        Set.of(), LoginConfig.DEFAULT_MAX_CONCURRENT_LOGINS, LoginConfig.Mobile.DEFAULT))
                .withSection(VaultSection.SECTION, new VaultKeys("k1",
                        Map.of("k1", Secret.of(Base64.getEncoder().encodeToString(key)))));
        gateway = EmbeddedGateway.start(config);
    }

    @AfterAll
    static void stopAll() {
        for (AutoCloseable running : new AutoCloseable[] {gateway, mattermost, keycloak}) {
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
    void aPersonLandsInMattermostLoggedInAndItsWebSocketReceivesEventsThroughTheGateway() {
        signIn("alice@corp.example", "alice", "alice-password");

        EmulatorUser alice = landedAs("alice");
        wait.until(ExpectedConditions.textToBe(By.id("ws_status"), "authenticated"));
        assertEquals(1, mattermost.pushEvent(alice.id(), "posted", Map.of("message", "hello through the gateway")),
                "one WebSocket of alice's is connected");
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "hello through the gateway"));
    }

    @Test
    void mattermostsLogOutSignsOutOfTheGatewayAndTheNextPersonLandsAsThemselves() {
        signIn("bob@corp.example", "bob", "bob-password");
        landedAs("bob");

        browser.findElement(By.id("logout_button")).click();

        wait.until(ExpectedConditions.urlContains("/sso/signed-out"));
        browser.get(base + "/sso/me");
        assertTrue(browser.getPageSource().contains("\"signedIn\":false"), browser.getPageSource());
        signIn("alice@corp.example", "alice", "alice-password");
        landedAs("alice");
    }

    private void signIn(String email, String username, String password) {
        browser.get(base + "/");
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("email"))).sendKeys(email);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        if (!browser.getCurrentUrl().startsWith(base.toString())) {
            // Keycloak asks unless its own session for this person is still live.
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
            browser.findElement(By.id("username")).clear();
            browser.findElement(By.id("username")).sendKeys(username);
            browser.findElement(By.id("password")).sendKeys(password);
            browser.findElement(By.id("kc-login")).click();
        }
    }

    /** The emulator's page says who Mattermost thinks is logged in. */
    private EmulatorUser landedAs(String username) {
        wait.until(ExpectedConditions.urlToBe(base + "/"));
        wait.until(ExpectedConditions.textToBe(By.id("current_user"), username));
        return mattermost.findUser(username).orElseThrow();
    }
}
