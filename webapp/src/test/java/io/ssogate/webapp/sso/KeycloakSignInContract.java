package io.ssogate.webapp.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.SamlServiceProviderConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.config.TenantConfig;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.keycloak.KeycloakFixture;
import io.ssogate.webapp.launcher.EmbeddedGateway;
import io.ssogate.webapp.support.FreePort;
import io.ssogate.webapp.support.HeadlessChromium;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
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
 * What an employee does, against a real Keycloak in a real browser: opens a deep link into Mattermost, is
 * asked for a work email, signs in at the realm that email's domain picks, and lands on the deep link,
 * signed in at the gateway. Also what must be refused, and signing out. Run once per protocol by its
 * subclasses, each with its own Keycloak and gateway.
 */
abstract class KeycloakSignInContract {

    static final String DEEP_LINK = "/corp-team/channels/town-square?from=bookmark";

    @TempDir
    static Path temp;

    static KeycloakFixture keycloak;
    private static MattermostEmulator mattermost;
    private static EmbeddedGateway gateway;
    static URI base;

    WebDriver browser;
    WebDriverWait wait;

    /** The IdP of {@code realm} as the subclass's protocol sees it. */
    interface IdpFactory {
        IdpConfig idp(KeycloakFixture keycloak, String realm);
    }

    /**
     * Starts Keycloak (with {@code keycloakEnv}, given the gateway's base URL), the emulator and a gateway with
     * tenants corp (corp.example) and partner (partner.example), each with the IdP {@code idps} makes.
     */
    static void startKeycloakAndGateway(java.util.function.Function<URI, java.util.Map<String, String>> keycloakEnv,
                                        IdpFactory idps, SamlServiceProviderConfig serviceProvider) throws IOException {
        HeadlessChromium.requireInstalled();
        int port = FreePort.pick();
        base = URI.create("http://127.0.0.1:" + port);
        // Keycloak posts logouts to the gateway's callback, so it must know the gateway's port first.
        KeycloakFixture.Builder builder = KeycloakFixture.builder();
        keycloakEnv.apply(base).forEach(builder::env);
        keycloak = builder.start();
        mattermost = MattermostEmulator.builder().port(0).seedDemoUsers().build().start();
        ServerConfig server = ServerConfig.defaults().withPort(port).withDataDir(temp.resolve("data"))
                .withPublicUrl(base);
        GatewayConfig config = new GatewayConfig(server, ProxyConfig.of(mattermost.baseUri()), DatabaseConfig.embedded())
                .withSection(SsoSection.SECTION, new SsoConfig(List.of(
                        new TenantConfig("corp", List.of("corp.example"), List.of(idps.idp(keycloak, "corp"))),
                        new TenantConfig("partner", List.of("partner.example"), List.of(idps.idp(keycloak, "partner")))),
                        null, null, serviceProvider, null));
        gateway = EmbeddedGateway.start(config);
        mattermost.setSiteUrl(gateway.baseUri());
    }

    /** Whether Keycloak shows the typed email in its user name field (OIDC login_hint). */
    abstract boolean idpShowsLoginHint();

    @AfterAll
    static void stopAll() {
        if (gateway != null) {
            gateway.close();
        }
        if (mattermost != null) {
            mattermost.close();
        }
        if (keycloak != null) {
            keycloak.close();
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
    void corpEmployeeSignsInThroughTheCorpRealmAndLandsOnTheDeepLink() throws IOException {
        signIn("alice@corp.example", "alice", "alice-password");

        wait.until(ExpectedConditions.urlToBe(base + DEEP_LINK));
        JsonNode me = whoAmI();
        assertEquals("alice@corp.example", me.path("email").asText());
        assertEquals("corp", me.path("tenant").asText());
        assertEquals("Alice", me.path("givenName").asText());
    }

    @Test
    void partnerEmployeeIsSentToThePartnerRealmByTheDomainOfTheEmail() throws IOException {
        signIn("carol@partner.example", "carol", "carol-password");

        wait.until(ExpectedConditions.urlToBe(base + DEEP_LINK));
        assertEquals("partner", whoAmI().path("tenant").asText());
    }

    @Test
    void anIdpAssertingAnotherTenantsDomainIsRefusedWithAPage() {
        // mallory is a corp user whose email is in the partner tenant's domain.
        signIn("mallory@corp.example", "mallory", "mallory-password");

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".reference")));
        assertTrue(browser.getPageSource().contains("belongs to another organization"), browser.getPageSource());
        browser.get(base + "/sso/me");
        assertTrue(browser.getPageSource().contains("\"signedIn\":false"));
    }

    @Test
    void anUnknownDomainGetsAMessageOnTheSignInPage() {
        browser.get(base + DEEP_LINK);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("email"))).sendKeys("dave@unknown.example");
        browser.findElement(By.cssSelector("button[type=submit]")).click();

        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("error")));
        assertTrue(browser.getCurrentUrl().startsWith(base + "/sso/login"));
        assertTrue(browser.findElement(By.id("error")).getText().contains("don't know the company"));
    }

    @Test
    void signingOutEndsTheSessionAtTheGatewayAndAtKeycloak() throws IOException {
        signIn("bob@corp.example", "bob", "bob-password");
        wait.until(ExpectedConditions.urlToBe(base + DEEP_LINK));

        browser.get(base + "/sso/logout");
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button[type=submit]"))).click();

        wait.until(ExpectedConditions.urlToBe(base + "/sso/signed-out"));
        browser.get(base + "/sso/me");
        assertTrue(browser.getPageSource().contains("\"signedIn\":false"));
        // Keycloak's session ended too: signing in again asks for the password, it does not sign in silently.
        browser.get(base + DEEP_LINK);
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("email"))).sendKeys("bob@corp.example");
        browser.findElement(By.cssSelector("button[type=submit]")).click();
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
    }

    void signIn(String email, String username, String password) {
        KeycloakSignInSteps steps = new KeycloakSignInSteps(browser, wait);
        steps.continueWithEmail(base, DEEP_LINK, email);
        String prefilled = steps.signInAtKeycloak(username, password);
        if (idpShowsLoginHint()) {
            assertEquals(email, prefilled, "the login hint");
        }
    }

    JsonNode whoAmI() throws IOException {
        browser.get(base + "/sso/me");
        String text = browser.findElement(By.tagName("body")).getText();
        return new ObjectMapper().readTree(text);
    }

    static void keycloakAdminLogout(String realm, String userId) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> token = http.send(HttpRequest.newBuilder(keycloak.baseUri().resolve(
                        "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=password&client_id=admin-cli&username="
                        + KeycloakFixture.ADMIN_USER + "&password=" + KeycloakFixture.ADMIN_PASSWORD)).build(),
                HttpResponse.BodyHandlers.ofString());
        String accessToken = new ObjectMapper().readTree(token.body()).path("access_token").asText();
        HttpResponse<String> logout = http.send(HttpRequest.newBuilder(keycloak.baseUri().resolve(
                        "/admin/realms/" + realm + "/users/" + userId + "/logout"))
                .header("Authorization", "Bearer " + accessToken)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(204, logout.statusCode(), logout.body());
    }
}
