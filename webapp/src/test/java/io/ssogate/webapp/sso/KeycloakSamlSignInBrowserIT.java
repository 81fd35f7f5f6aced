package io.ssogate.webapp.sso;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.SamlIdpConfig;
import io.ssogate.sso.config.SamlServiceProviderConfig;
import io.ssogate.testkit.keycloak.KeycloakFixture;

import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.support.ui.ExpectedConditions;

/**
 * Sign-in through Keycloak's SAML clients (signed responses and assertions, NameID = email), with the IdP
 * metadata fetched at run time, as Keycloak's keys are new at every start.
 */
class KeycloakSamlSignInBrowserIT extends KeycloakSignInContract {

    @BeforeAll
    static void start() throws IOException {
        startKeycloakAndGateway(base -> Map.of(
                "SSOGATE_CORP_SAML_SLO_URL", base + "/sso/callback?client_name=corp-saml&logoutendpoint=true",
                "SSOGATE_PARTNER_SAML_SLO_URL", base + "/sso/callback?client_name=partner-saml&logoutendpoint=true"),
                KeycloakSamlSignInBrowserIT::saml,
                // Keycloak's SAML client is named by the SP entity id, which the realms fix.
                new SamlServiceProviderConfig(KeycloakFixture.SAML_SP_ENTITY_ID, null, null));
    }

    private static IdpConfig saml(KeycloakFixture keycloak, String realm) {
        SamlIdpConfig saml = new SamlIdpConfig(keycloak.samlDescriptorUri(realm), null, null, false,
                SamlIdpConfig.Binding.REDIRECT, false);
        return new IdpConfig(realm + "-saml", realm + " sign-in", IdpConfig.Protocol.SAML, true, false, null, null, saml);
    }

    @Override
    boolean idpShowsLoginHint() {
        return false;
    }

    @Test
    void theSamlAttributesBecomeTheIdentity() throws IOException {
        signIn("bob@corp.example", "bob", "bob-password");
        wait.until(ExpectedConditions.urlToBe(base + DEEP_LINK));

        var me = whoAmI();
        assertEquals("bob@corp.example", me.path("email").asText());
        assertEquals("Bob", me.path("givenName").asText());
        assertEquals("Builder", me.path("familyName").asText());
        assertEquals("corp-saml", me.path("idp").asText());
    }
}
