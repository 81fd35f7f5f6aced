package io.ssogate.webapp.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.webapp.launcher.EmbeddedGateway;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * What a person does: opens the gateway in a browser, signs in at Mattermost's /login page, and sees on
 * the page at / the signed-in user and an event pushed over the WebSocket, everything through ssogate.
 * Debian's chromium and chromium-driver, headless.
 */
class SignInThroughGatewayBrowserIT {

    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

    @TempDir
    Path temp;

    private MattermostEmulator mattermost;
    private EmbeddedGateway gateway;
    private WebDriver browser;

    @BeforeEach
    void start() {
        // A dependency to install, not a reason to skip: the test fails and says what is missing.
        assertTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "the browser test needs Debian's chromium and chromium-driver (" + CHROMIUM + ", " + CHROMEDRIVER
                        + "): apt-get install chromium chromium-driver (.ci/run installs them)");
        mattermost = MattermostEmulator.builder().port(0).seedDemoUsers().build().start();
        ServerConfig server = ServerConfig.defaults().withPort(0).withDataDir(temp.resolve("data"));
        gateway = EmbeddedGateway.start(new GatewayConfig(server, ProxyConfig.of(mattermost.baseUri()),
                DatabaseConfig.embedded()));
        // The gateway's URL is Mattermost's Site URL: the WebSocket Origin check compares against it.
        mattermost.setSiteUrl(gateway.baseUri());
        browser = headlessChromium(temp.resolve("chromium-profile"));
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

    static WebDriver headlessChromium(Path profileDir) {
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toString());
        options.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--no-first-run", "--disable-dev-shm-usage",
                "--user-data-dir=" + profileDir.toAbsolutePath());
        // Debian's driver, so Selenium Manager never tries to download one.
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(CHROMEDRIVER.toFile())
                .usingAnyFreePort()
                .build();
        return new ChromeDriver(service, options);
    }
}
