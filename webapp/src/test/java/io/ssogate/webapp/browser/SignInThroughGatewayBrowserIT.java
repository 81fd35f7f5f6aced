package io.ssogate.webapp.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.webapp.launcher.EmbeddedGateway;
import io.ssogate.webapp.support.HeadlessChromium;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person does: opens the gateway in a browser, signs in at Mattermost's /login page, and sees on
 * the page at / the signed-in user and an event pushed over the WebSocket, everything through ssogate.
 * Debian's chromium and chromium-driver, headless.
 */
class SignInThroughGatewayBrowserIT {

    @TempDir
    Path temp;

    private MattermostEmulator mattermost;
    private EmbeddedGateway gateway;
    private WebDriver browser;

    @BeforeEach
    void start() {
        HeadlessChromium.requireInstalled();
        mattermost = MattermostEmulator.builder().port(0).seedDemoUsers().build().start();
        ServerConfig server = ServerConfig.defaults().withPort(0).withDataDir(temp.resolve("data"));
        gateway = EmbeddedGateway.start(new GatewayConfig(server, ProxyConfig.of(mattermost.baseUri()),
                DatabaseConfig.embedded()));
        // The gateway's URL is Mattermost's Site URL: the WebSocket Origin check compares against it.
        mattermost.setSiteUrl(gateway.baseUri());
        browser = HeadlessChromium.start(temp.resolve("chromium-profile"));
    }

    @AfterEach
    void stop() {
        if (browser != null) {
            browser.quit();
        }
        if (gateway != null) {
            gateway.close();
        }
        if (mattermost != null) {
            mattermost.close();
        }
    }

    @Test
    void signedInUserAndPushedEventAppearOnThePageThroughTheGateway() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(20));
        browser.get(gateway.baseUri() + "/login");
        browser.findElement(By.id("login_id")).sendKeys("alice");
        browser.findElement(By.id("password")).sendKeys("Passw0rd!");
        browser.findElement(By.id("login_button")).click();

        wait.until(ExpectedConditions.textToBe(By.id("current_user"), "alice"));
        wait.until(ExpectedConditions.textToBe(By.id("ws_status"), "authenticated"));
        assertEquals(gateway.baseUri() + "/", browser.getCurrentUrl(), "the browser never left the gateway");

        String aliceId = mattermost.findUser("alice").orElseThrow().id();
        mattermost.pushEvent(aliceId, "posted", Map.of("message", "pushed through ssogate"));
        wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("events"), "pushed through ssogate"));
    }
}
