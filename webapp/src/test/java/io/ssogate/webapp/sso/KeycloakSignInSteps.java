package io.ssogate.webapp.sso;

import java.net.URI;
import org.openqa.selenium.By;
import org.openqa.selenium.TimeoutException;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

/** What a person does to sign in: a deep link, the gateway's email page, then Keycloak's own form. */
final class KeycloakSignInSteps {

    private final WebDriver browser;
    private final WebDriverWait wait;

    KeycloakSignInSteps(WebDriver browser, WebDriverWait wait) {
        this.browser = browser;
        this.wait = wait;
    }

    /** Opens {@code deepLink} on {@code node}, is sent to the sign-in page, and continues with {@code email}. */
    void continueWithEmail(URI node, String deepLink, String email) {
        browser.get(node + deepLink);
        wait.until(ExpectedConditions.urlContains(node + "/sso/login"));
        wait.until(ExpectedConditions.presenceOfElementLocated(By.id("email"))).sendKeys(email);
        browser.findElement(By.cssSelector("button[type=submit]")).click();
    }

    /**
     * Signs in on Keycloak's form, which must be showing.
     *
     * @return what Keycloak had filled into its user name field (the login hint), before it was replaced
     */
    String signInAtKeycloak(String username, String password) {
        try {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("password")));
        } catch (TimeoutException e) {
            throw new AssertionError("no Keycloak form at " + browser.getCurrentUrl() + ":\n" + browser.getPageSource(), e);
        }
        String prefilled = browser.findElement(By.id("username")).getAttribute("value");
        browser.findElement(By.id("username")).clear();
        browser.findElement(By.id("username")).sendKeys(username);
        browser.findElement(By.id("password")).sendKeys(password);
        browser.findElement(By.id("kc-login")).click();
        return prefilled;
    }
}
