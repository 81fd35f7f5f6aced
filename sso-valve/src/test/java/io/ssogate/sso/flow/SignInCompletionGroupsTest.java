package io.ssogate.sso.flow;

import io.ssogate.core.config.Secret;
import io.ssogate.sso.config.ClaimMapping;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;
import io.ssogate.sso.config.TenantConfig;
import io.ssogate.sso.identity.GraphGroups;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.identity.IdentityMapper;
import io.ssogate.sso.testing.FakeGraph;
import io.ssogate.testkit.logs.SecretLeakCheck;

import com.nimbusds.oauth2.sdk.token.BearerAccessToken;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.pac4j.oidc.profile.OidcProfile;

import java.net.URI;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The claims a sign-in is mapped from: for an Entra ID sign-in with group overage, the groups come from
 * Graph with the access token pac4j put in the profile, and reach the identity (and so the session row).
 */
class SignInCompletionGroupsTest {

    private static final String TOKEN = "eyJ0eXAiOiJKV1QifQ.sign-in-access-token-41c8";

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(TOKEN);

    private FakeGraph graph;
    private final GraphGroups groups = new GraphGroups();

    @BeforeEach
    void start() throws Exception {
        graph = new FakeGraph(TOKEN);
        graph.on("/v1.0/me/memberOf", FakeGraph.json("""
                {"value": [{"id": "1", "displayName": "Sales"}, {"id": "2", "displayName": "Support"}]}"""));
    }

    @AfterEach
    void stop() {
        graph.close();
    }

    @Test
    void anOverageSignInGetsItsGroupsFromGraphWithTheProfilesAccessToken() {
        IdpConfig idp = entra(true);
        OidcProfile profile = profile(Map.of("_claim_names", Map.of("groups", "src1"),
                "_claim_sources", Map.of("src1", Map.of("endpoint", "https://graph.windows.net/x"))));

        Identity identity = IdentityMapper.map(tenant(idp), idp, profile.getId(),
                SignInCompletion.claims(idp, profile, groups));

        assertEquals(List.of("Sales", "Support"), identity.groups());
        assertEquals(1, graph.requests().size());
    }

    @Test
    void aSignInWhoseTokenCarriesGroupsKeepsThemAndGraphIsNotAsked() {
        IdpConfig idp = entra(true);
        OidcProfile profile = profile(Map.of("groups", List.of("0b1c-guid", "9f3e-guid")));

        Identity identity = IdentityMapper.map(tenant(idp), idp, profile.getId(),
                SignInCompletion.claims(idp, profile, groups));

        assertEquals(List.of("0b1c-guid", "9f3e-guid"), identity.groups());
        assertEquals(List.of(), graph.requests());
    }

    @Test
    void withoutGroupsFromGraphAnOverageSignInHasNoGroupsAsBefore() {
        IdpConfig idp = entra(false);
        OidcProfile profile = profile(Map.of("_claim_names", Map.of("groups", "src1")));

        Identity identity = IdentityMapper.map(tenant(idp), idp, profile.getId(),
                SignInCompletion.claims(idp, profile, groups));

        assertEquals(List.of(), identity.groups());
        assertEquals(List.of(), graph.requests());
    }

    private static OidcProfile profile(Map<String, Object> extra) {
        OidcProfile profile = new OidcProfile();
        profile.setId("entra-sub-1");
        profile.setClientName("acme-entra");
        profile.addAttribute("email", "bob@acme.example");
        extra.forEach(profile::addAttribute);
        profile.setAccessToken(new BearerAccessToken(TOKEN));
        return profile;
    }

    private IdpConfig entra(boolean groupsFromGraph) {
        return new IdpConfig("acme-entra", null, IdpConfig.Protocol.OIDC, true, false, ClaimMapping.defaults(),
                new OidcIdpConfig(URI.create("https://login.example/.well-known/openid-configuration"), "entra",
                        Secret.of("entra-client-secret-1d5a"), null, null, null, groupsFromGraph,
                        groupsFromGraph ? graph.url() : null), null);
    }

    private static TenantConfig tenant(IdpConfig idp) {
        return new TenantConfig("acme", List.of("acme.example"), List.of(idp));
    }
}
