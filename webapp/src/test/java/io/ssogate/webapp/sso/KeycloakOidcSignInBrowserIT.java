package io.ssogate.webapp.sso;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.Secret;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;
import io.ssogate.testkit.keycloak.KeycloakFixture;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.ExpectedConditions;

/** Sign-in through Keycloak's OIDC clients: corp with client_secret_basic, partner with client_secret_post. */
class KeycloakOidcSignInBrowserIT extends KeycloakSignInContract {

    @BeforeAll
    static void start() throws IOException {
        startKeycloakAndGateway(base -> Map.of("SSOGATE_CORP_OIDC_BACKCHANNEL_LOGOUT_URL",
                base + "/sso/callback?client_name=corp-oidc"), KeycloakOidcSignInBrowserIT::oidc, null);
    }

    private static IdpConfig oidc(KeycloakFixture keycloak, String realm) {
        OidcIdpConfig.ClientAuthentication authentication = realm.equals("corp")
                ? OidcIdpConfig.ClientAuthentication.CLIENT_SECRET_BASIC : OidcIdpConfig.ClientAuthentication.CLIENT_SECRET_POST;
        OidcIdpConfig oidc = new OidcIdpConfig(keycloak.discoveryUri(realm), KeycloakFixture.OIDC_CLIENT_ID,
                Secret.of("ssogate-" + realm + "-secret"), authentication, null, null);
        return new IdpConfig(realm + "-oidc", realm + " sign-in", IdpConfig.Protocol.OIDC, true, false, null, oidc, null);
    }

    @Override
    boolean idpShowsLoginHint() {
        return true;
    }

    @Test
    void anUnverifiedEmailIsRefused() {
        signIn("erin@corp.example", "erin", "erin-password");

        wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".reference")));
        assertTrue(browser.getPageSource().contains("has not been verified"));
    }


    @Test
    void keycloakEndingTheUsersSessionsSignsThemOutOfTheGatewayThroughBackChannelLogout() throws Exception {
        // bob, whom no other test leaves signed in at Keycloak (the sign-out test ends his session there):
        // with two live sessions of one user, Keycloak 26.4 sent a logout token for one of them only.
        signIn("bob@corp.example", "bob", "bob-password");
        wait.until(ExpectedConditions.urlToBe(base + DEEP_LINK));

        keycloakAdminLogout("corp", "5f2d6a0e-8c1b-4b7e-9a51-b0b000000002");

        // Keycloak may answer the admin call before its logout token has reached the gateway: wait for it.
        try {
            wait.until(driver -> {
                driver.get(base + "/sso/me");
                return driver.getPageSource().contains("\"signedIn\":false");
            });
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("still signed in; Keycloak's log:\n" + keycloak.logTail(60), e);
        }
        browser.get(base + DEEP_LINK);
        wait.until(ExpectedConditions.urlContains("/sso/login"));
    }

}
