package io.ssogate.sso.flow;

import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.config.TenantConfig;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** An added or changed IdP applies without a restart, as the upstream URL does. */
class SsoEngineTest {

    private final LiveConfig config = new LiveConfig(new GatewayConfig(ServerConfig.defaults(),
            ProxyConfig.of(URI.create("http://127.0.0.1:8065")), DatabaseConfig.embedded())
            .withSection(SsoSection.SECTION, sso(idp("corp-oidc"))));
    private final SsoEngine engine = new SsoEngine(config, null, null, request -> null);

    @Test
    void anIdpAddedToTheLiveConfigurationCanSignPeopleInAtOnce() {
        assertTrue(engine.current().pac4j().getClients().findClient("corp-oidc").isPresent());
        assertTrue(engine.current().pac4j().getClients().findClient("corp-okta").isEmpty());

        config.update(c -> c.withSection(SsoSection.SECTION, sso(idp("corp-oidc"), idp("corp-okta"))));

        assertTrue(engine.current().pac4j().getClients().findClient("corp-okta").isPresent());
    }

    @Test
    void anUnchangedConfigurationKeepsItsClients() {
        SsoEngine.Snapshot first = engine.current();

        config.update(c -> c.withServer(c.server().withPort(9090)));

        assertSame(first, engine.current(), "a change elsewhere does not rebuild the IdPs' clients");
    }

    @Test
    void aNewPublicUrlRebuildsTheClientsWithTheirNewCallback() {
        SsoEngine.Snapshot first = engine.current();

        config.update(c -> c.withServer(c.server().withPublicUrl(URI.create("https://chat.example.com"))));

        assertNotSame(first, engine.current());
        assertTrue(engine.current().pac4j().getClients().getCallbackUrl()
                .startsWith("https://chat.example.com/sso/callback"));
    }

    @Test
    void anIdpThatCannotBeSetUpLeavesTheOthersWorking() {
        IdpConfig saml = new IdpConfig("corp-saml", null, IdpConfig.Protocol.SAML, true, false, null, null,
                new io.ssogate.sso.config.SamlIdpConfig(URI.create("http://127.0.0.1:1/metadata"), null, null, false,
                        null, false));
        SsoEngine withSaml = new SsoEngine(config, null, null, request -> {
            throw new IllegalStateException("SAML IdP corp-saml needs server.publicUrl");
        });
        config.update(c -> c.withSection(SsoSection.SECTION, sso(idp("corp-oidc"), saml)));

        assertTrue(withSaml.current().pac4j().getClients().findClient("corp-oidc").isPresent());
        assertTrue(withSaml.current().pac4j().getClients().findClient("corp-saml").isEmpty());
    }

    private static SsoConfig sso(IdpConfig... idps) {
        return new SsoConfig(List.of(new TenantConfig("corp", List.of("corp.example"), List.of(idps))),
                null, null, null, null);
    }

    private static IdpConfig idp(String name) {
        OidcIdpConfig oidc = new OidcIdpConfig(URI.create("http://127.0.0.1:1/.well-known/openid-configuration"),
                "client", Secret.of("secret"), null, null, null);
        return new IdpConfig(name, null, IdpConfig.Protocol.OIDC, true, false, null, oidc, null);
    }
}
