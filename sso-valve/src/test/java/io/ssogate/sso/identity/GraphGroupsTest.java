package io.ssogate.sso.identity;

import io.ssogate.core.config.Secret;
import io.ssogate.sso.config.ClaimMapping;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;
import io.ssogate.sso.testing.FakeGraph;
import io.ssogate.testkit.logs.SecretLeakCheck;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Groups are read from Microsoft Graph with the sign-in's access token, page by page, and the token goes
 * nowhere but the configured Graph; when Graph fails, the sign-in goes on without groups and says so once.
 */
class GraphGroupsTest {

    private static final String TOKEN = "eyJ0eXAiOiJKV1QifQ.graph-access-token-7c1f9e";
    private static final String FIRST_PAGE = "/v1.0/me/memberOf/microsoft.graph.group?$select=displayName,id&$top=999";

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(TOKEN);

    /** Short timeouts, so the hanging-Graph test ends quickly; the caps as in production. */
    private static final GraphGroups.Limits FAST = new GraphGroups.Limits(Duration.ofSeconds(2),
            Duration.ofMillis(300), Duration.ofSeconds(5), 50, 5_000, 1024 * 1024);

    private FakeGraph graph;
    private FakeGraph elsewhere;
    private ListAppender<ILoggingEvent> logs;
    private final GraphGroups groups = new GraphGroups(FAST);

    @BeforeEach
    void start() throws Exception {
        graph = new FakeGraph(TOKEN);
        // Accepts any token, so that a token sent here would be recorded rather than refused unseen.
        elsewhere = new FakeGraph(null);
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(GraphGroups.class)).addAppender(logs);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger(GraphGroups.class)).detachAppender(logs);
        graph.close();
        elsewhere.close();
    }

    @Test
    void twoPagesLinkedByNextLinkAreReadWithTheBearerTokenAndNamedByDisplayNameElseId() {
        graph.on("/v1.0/me/memberOf", FakeGraph.json("""
                        {"value": [
                          {"@odata.type": "#microsoft.graph.group", "id": "0b1c", "displayName": "Sales"},
                          {"@odata.type": "#microsoft.graph.group", "id": "9f3e-no-name", "displayName": null}
                        ],
                        "@odata.nextLink": "%s/v1.0/page-two?$skiptoken=X1"}""".formatted(graph.url())))
                .on("/v1.0/page-two", FakeGraph.json("""
                        {"value": [{"id": "77aa", "displayName": "Engineering"}]}"""));

        Optional<List<String>> names = groups.fetch("acme-entra", "sub-1", graph.url(), TOKEN);

        assertEquals(Optional.of(List.of("Sales", "9f3e-no-name", "Engineering")), names);
        assertEquals(List.of(new FakeGraph.Request(FIRST_PAGE, "Bearer " + TOKEN),
                        new FakeGraph.Request("/v1.0/page-two?$skiptoken=X1", "Bearer " + TOKEN)),
                graph.requests());
        assertEquals(List.of(), warnings());
    }

    @Test
    void aNextLinkToAnotherOriginIsNotFollowedSoTheTokenNeverLeavesGraph() {
        elsewhere.on("/", FakeGraph.json("{\"value\": [{\"displayName\": \"Injected\"}]}"));
        graph.on("/v1.0/me/memberOf", FakeGraph.json("""
                {"value": [{"id": "1", "displayName": "Sales"}],
                 "@odata.nextLink": "%s/v1.0/me/memberOf?$skiptoken=X1"}""".formatted(elsewhere.url())));

        Optional<List<String>> names = groups.fetch("acme-entra", "sub-1", graph.url(), TOKEN);

        assertEquals(Optional.empty(), names, "half a list would look complete downstream");
        assertEquals(List.of(), elsewhere.requests(), "the other origin (another port) was asked");
        assertEquals(1, warnings().size(), warnings().toString());
        assertTrue(warnings().get(0).contains("IdP acme-entra") && warnings().get(0).contains("not followed"),
                warnings().get(0));
    }

    @Test
    void aRedirectIsNotFollowedSoTheTokenIsNotForwarded() {
        elsewhere.on("/", FakeGraph.json("{\"value\": [{\"displayName\": \"Injected\"}]}"));
        graph.on("/v1.0/me/memberOf", exchange -> {
            exchange.getResponseHeaders().set("Location", elsewhere.url() + "/v1.0/me/memberOf");
            FakeGraph.send(exchange, 302, "{}");
        });

        Optional<List<String>> names = groups.fetch("acme-entra", "sub-1", graph.url(), TOKEN);

        assertEquals(Optional.empty(), names);
        assertEquals(List.of(), elsewhere.requests());
        assertEquals(List.of("IdP acme-entra: could not read the groups of subject sub-1 from Microsoft Graph "
                + "(HTTP 302 on page 1); signing in without groups"), warnings());
    }

    @ParameterizedTest
    @ValueSource(ints = {401, 403, 500, 503})
    void anErrorFromGraphMeansNoGroupsAndOneWarningNamingTheIdpAndTheStatus(int status) {
        graph.on("/v1.0/me/memberOf", FakeGraph.status(status));

        Optional<List<String>> names = groups.fetch("acme-entra", "sub-1", graph.url(), TOKEN);

        assertEquals(Optional.empty(), names);
        assertEquals(List.of("IdP acme-entra: could not read the groups of subject sub-1 from Microsoft Graph "
                + "(HTTP " + status + " on page 1); signing in without groups"), warnings());
    }

    @Test
    void aTokenGraphRefusesIsA401WarningWithoutTheToken() {
        graph.on("/v1.0/me/memberOf", FakeGraph.json("{\"value\": []}"));
        String wrong = LEAKS.register("eyJ0eXAiOiJKV1QifQ.expired-token-5d2b");

        Optional<List<String>> names = groups.fetch("acme-entra", "sub-1", graph.url(), wrong);

        assertEquals(Optional.empty(), names);
        assertEquals(1, warnings().size());
        assertTrue(warnings().get(0).contains("HTTP 401"), warnings().get(0));
        // SecretLeakCheck fails the test if either token reached any log line or the console.
    }

    @Test
    void aGraphThatDoesNotAnswerTimesOutIntoNoGroups() {
        graph.on("/v1.0/me/memberOf", graph.hang());

        Optional<List<String>> names = groups.fetch("acme-entra", "sub-1", graph.url(), TOKEN);

        assertEquals(Optional.empty(), names);
        assertEquals(1, warnings().size());
        assertTrue(warnings().get(0).contains("timed out after 300ms on page 1"), warnings().get(0));
    }

    @Test
    void aResponseThatIsNoGraphCollectionMeansNoGroups() {
        graph.on("/v1.0/me/memberOf", FakeGraph.json("<html>sign in first</html>"));

        assertEquals(Optional.empty(), groups.fetch("acme-entra", "sub-1", graph.url(), TOKEN));
        assertTrue(warnings().get(0).contains("no Graph collection"), warnings().toString());
    }

    @Test
    void beyondTheCapOnGroupsTheFirstOnesAreKeptWithAWarning() {
        GraphGroups capped = new GraphGroups(new GraphGroups.Limits(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 50, 2, 1024 * 1024));
        graph.on("/v1.0/me/memberOf", FakeGraph.json("""
                {"value": [{"displayName": "a-group"}, {"displayName": "b-group"}, {"displayName": "c-group"}],
                 "@odata.nextLink": "%s/v1.0/more"}""".formatted(graph.url())));

        Optional<List<String>> names = capped.fetch("acme-entra", "sub-1", graph.url(), TOKEN);

        assertEquals(Optional.of(List.of("a-group", "b-group")), names);
        assertEquals(1, graph.requests().size(), "no page is read past the cap");
        assertTrue(warnings().get(0).contains("more than 2 groups"), warnings().toString());
    }

    @Test
    void aNextLinkLoopEndsAtTheCapOnPages() {
        GraphGroups fewPages = new GraphGroups(new GraphGroups.Limits(Duration.ofSeconds(2), Duration.ofSeconds(2),
                Duration.ofSeconds(5), 3, 5_000, 1024 * 1024));
        graph.on("/v1.0/me/memberOf", FakeGraph.json("""
                {"value": [{"displayName": "Sales"}], "@odata.nextLink": "%s%s"}""".formatted(graph.url(), FIRST_PAGE)));

        assertEquals(Optional.empty(), fewPages.fetch("acme-entra", "sub-1", graph.url(), TOKEN));
        assertEquals(3, graph.requests().size());
        assertTrue(warnings().get(0).contains("more than 3 pages"), warnings().toString());
    }

    // complete(): when the fetch happens and where its result goes

    @Test
    void theOverageIndicatorMakesGraphTheSourceOfTheGroups() {
        graph.on("/v1.0/me/memberOf", FakeGraph.json("{\"value\": [{\"id\": \"1\", \"displayName\": \"Sales\"}]}"));
        Map<String, Object> claims = Map.of("email", "bob@acme.example",
                "_claim_names", Map.of("groups", "src1"),
                "_claim_sources", Map.of("src1", Map.of("endpoint",
                        "https://graph.windows.net/tid/users/oid/getMemberObjects")));

        Map<String, Object> completed = groups.complete(entra(true, null), "sub-1", claims, TOKEN);

        assertEquals(List.of("Sales"), completed.get("groups"));
        assertEquals(1, graph.requests().size(), "the _claim_sources endpoint is not used; graphUrl is");
    }

    @Test
    void theOverageIndicatorAsJsonTextIsRecognisedToo() {
        assertTrue(GraphGroups.hasOverage(Map.of("_claim_names", "{\"groups\":\"src1\"}")));
        assertTrue(GraphGroups.hasOverage(Map.of("hasgroups", true)));
        assertFalse(GraphGroups.hasOverage(Map.of("_claim_names", Map.of("roles", "src1"))));
        assertFalse(GraphGroups.hasOverage(Map.of("_claim_names", "not json")));
    }

    @Test
    void groupsInTheTokenWithoutOverageAreKeptAndGraphIsNotAsked() {
        graph.on("/v1.0/me/memberOf", FakeGraph.json("{\"value\": [{\"displayName\": \"Sales\"}]}"));
        Map<String, Object> claims = Map.of("email", "bob@acme.example", "groups", List.of("0b1c-guid"));

        Map<String, Object> completed = groups.complete(entra(true, null), "sub-1", claims, TOKEN);

        assertSame(claims, completed);
        assertEquals(List.of(), graph.requests());
    }

    @Test
    void noGroupsAtAllAlsoAsksGraph() {
        graph.on("/v1.0/me/memberOf", FakeGraph.json("{\"value\": [{\"displayName\": \"Sales\"}]}"));

        Map<String, Object> completed = groups.complete(entra(true, null), "sub-1",
                Map.of("email", "bob@acme.example"), TOKEN);

        assertEquals(List.of("Sales"), completed.get("groups"));
    }

    @Test
    void anIdpWithoutGroupsFromGraphNeverAsksGraphEvenOnOverage() {
        graph.on("/v1.0/me/memberOf", FakeGraph.json("{\"value\": [{\"displayName\": \"Sales\"}]}"));
        Map<String, Object> claims = Map.of("_claim_names", Map.of("groups", "src1"));

        Map<String, Object> completed = groups.complete(entra(false, null), "sub-1", claims, TOKEN);

        assertSame(claims, completed);
        assertEquals(List.of(), graph.requests());
    }

    @Test
    void theGroupsGoUnderTheClaimTheMappingReads() {
        graph.on("/v1.0/me/memberOf", FakeGraph.json("{\"value\": [{\"displayName\": \"Sales\"}]}"));

        Map<String, Object> completed = groups.complete(entra(true, "member_groups"), "sub-1",
                Map.of("_claim_names", Map.of("groups", "src1")), TOKEN);

        assertEquals(List.of("Sales"), completed.get("member_groups"));
    }

    @Test
    void aFailedReadLeavesTheClaimsAsTheyWereSoTheSignInGoesOn() {
        graph.on("/v1.0/me/memberOf", FakeGraph.status(500));
        Map<String, Object> claims = Map.of("email", "bob@acme.example", "_claim_names", Map.of("groups", "src1"));

        Map<String, Object> completed = groups.complete(entra(true, null), "sub-1", claims, TOKEN);

        assertSame(claims, completed);
        assertEquals(1, warnings().size());
    }

    @Test
    void withoutAnAccessTokenGraphIsNotAskedAndThatIsLogged() {
        Map<String, Object> claims = Map.of("_claim_names", Map.of("groups", "src1"));

        assertSame(claims, groups.complete(entra(true, null), "sub-1", claims, null));
        assertTrue(warnings().get(0).contains("no access token"), warnings().toString());
    }

    private IdpConfig entra(boolean groupsFromGraph, String groupsClaim) {
        OidcIdpConfig oidc = new OidcIdpConfig(URI.create("https://login.example/.well-known/openid-configuration"),
                "entra", Secret.of("entra-client-secret-1d5a"), null, null, null, groupsFromGraph,
                groupsFromGraph ? graph.url() : null);
        ClaimMapping mapping = groupsClaim == null ? ClaimMapping.defaults()
                : new ClaimMapping(null, null, null, null, null, groupsClaim);
        return new IdpConfig("acme-entra", null, IdpConfig.Protocol.OIDC, true, false, mapping, oidc, null);
    }

    private List<String> warnings() {
        return logs.list.stream().filter(e -> e.getLevel() == Level.WARN).map(ILoggingEvent::getFormattedMessage)
                .toList();
    }
}
