package io.ssogate.testkit.emulator;

import io.ssogate.testkit.ExternalRequirement;
import io.ssogate.testkit.emulator.http.Route;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every route the emulator implements must exist in Mattermost's OpenAPI fragments
 * ({@code shared/mattermost-api/*.yaml}), answer only documented statuses (except where
 * {@code mattermost-api.md} says the server code differs, listed below), and accept every required body
 * property. The fragments' {@code $ref}s point at files not copied, so they are not resolved. The
 * fragments live beside the repository, not in it: without them the test is skipped, or fails under CI.
 */
class OpenApiContractTest {
    private static final List<String> FRAGMENTS = List.of("users.yaml", "system.yaml", "teams.yaml", "channels.yaml");

    /**
     * Statuses the emulator answers that the spec does not list, each because the server code (which
     * mattermost-api.md follows) answers them. Key: "METHOD path".
     */
    private static final Map<String, Set<Integer>> CODE_WINS = Map.ofEntries(
            // Section 4: login answers 200 (status set implicitly), the spec says 201; all credential failures are 401.
            Map.entry("POST /api/v4/users/login", Set.of(200, 401)),
            // Section 5: logout always answers 200 {"status":"OK"}; the spec says 201.
            Map.entry("POST /api/v4/users/logout", Set.of(200)),
            // Section 12 / api-sys getClientConfig: a missing format is 501, another format an invalid param 400.
            Map.entry("GET /api/v4/config/client", Set.of(400, 501)),
            Map.entry("GET /api/v4/license/client", Set.of(400, 501)),
            // Section 5: GET /users/{id} (and the lookups that share its writer) answer If-None-Match with 304.
            Map.entry("GET /api/v4/users/{user_id}", Set.of(304)),
            Map.entry("GET /api/v4/users/email/{email}", Set.of(304)),
            Map.entry("GET /api/v4/users/username/{username}", Set.of(304)),
            // Section 7 "Lookups": an unknown user is 404 on every user endpoint, documented or not.
            Map.entry("PUT /api/v4/users/{user_id}/patch", Set.of(404)),
            Map.entry("PUT /api/v4/users/{user_id}/active", Set.of(404)),
            Map.entry("PUT /api/v4/users/{user_id}/password", Set.of(404)),
            // Section 9: token creation answers 200 (spec 201), and 501 while tokens are disabled.
            Map.entry("POST /api/v4/users/{user_id}/tokens", Set.of(200, 501)),
            // Section 1 common errors: a malformed team id is 400 invalid_param.
            Map.entry("GET /api/v4/teams/{team_id}/channels/name/{channel_name}", Set.of(400)),
            // Section 8: an unknown channel or user is 404.
            Map.entry("POST /api/v4/channels/{channel_id}/members", Set.of(404)),
            Map.entry("DELETE /api/v4/channels/{channel_id}/members/{user_id}", Set.of(404)),
            // Section 10: a refused Origin is the "403 on websocket" of Mattermost's NGINX FAQ.
            Map.entry("GET /api/v4/websocket", Set.of(403)));

    /**
     * Statuses any route may answer whatever its spec says. Section 2: web/handlers.go refuses a session
     * sent as {@code ?access_token=} with 401 before any handler runs, on routes needing no session too.
     */
    private static final Set<Integer> EVERY_ROUTE = Set.of(401);

    private static final Path SEARCH_START = Path.of("").toAbsolutePath();

    /** Null when the fragments are not beside the repository: the spec test then skips or fails, see below. */
    private static Path specDir;
    private static Map<String, Object> paths;
    private static List<Route> routes;

    @BeforeAll
    static void load() throws IOException {
        routes = MattermostEmulator.builder().build().routes();
        specDir = findSpecDir(SEARCH_START).orElse(null);
        if (specDir == null) {
            return;
        }
        paths = new HashMap<>();
        Yaml yaml = new Yaml(new SafeConstructor(new LoaderOptions()));
        for (String f : FRAGMENTS) {
            try (Reader r = Files.newBufferedReader(specDir.resolve(f), StandardCharsets.UTF_8)) {
                Map<String, Object> fragment = yaml.load(r);
                assertNotNull(fragment, f + " is empty");
                paths.putAll(fragment);
            }
        }
    }


    /**
     * {@code shared/mattermost-api} beside the repository (walking up from the working directory, so a
     * worktree nested deeper finds it too). It is not in the repository: a fresh clone skips this test,
     * CI (which has it) fails without it; see {@link ExternalRequirement}.
     */
    private static Optional<Path> findSpecDir(Path start) {
        for (Path p = start; p != null; p = p.getParent()) {
            Path candidate = p.resolve("shared").resolve("mattermost-api");
            if (Files.isRegularFile(candidate.resolve("users.yaml"))) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    @Test
    void routeTableCoversTheChecklist() {
        Set<String> keys = routes.stream().map(r -> r.method() + " " + r.template()).collect(Collectors.toSet());
        for (String k : List.of("POST /api/v4/users/login", "POST /api/v4/users/logout", "POST /api/v4/users",
                "PUT /api/v4/users/{user_id}/active", "GET /api/v4/system/ping", "GET /api/v4/websocket",
                "POST /api/v4/teams/{team_id}/members", "POST /api/v4/channels/{channel_id}/members")) {
            assertTrue(keys.contains(k), "route table has " + k);
        }
        for (String exception : CODE_WINS.keySet()) {
            assertTrue(keys.contains(exception), "exception list names an implemented route: " + exception);
        }
    }

    @TestFactory
    Stream<DynamicTest> everyRouteMatchesTheSpec() {
        if (specDir == null) {
            // One test that skips (or fails under CI): Surefire counts neither a class aborted in
            // @BeforeAll (SUREFIRE-2300) nor an aborted factory as skipped, which would hide the gap.
            return Stream.of(DynamicTest.dynamicTest("the OpenAPI fragments are beside the repository",
                    () -> ExternalRequirement.require(false, "Mattermost's OpenAPI fragments,"
                            + " shared/mattermost-api/users.yaml in " + SEARCH_START + " or a parent")));
        }
        return routes.stream().map(route -> DynamicTest.dynamicTest(route.toString(), () -> check(route)));
    }

    @SuppressWarnings("unchecked")
    private static void check(Route route) {
        String key = route.method() + " " + route.template();
        Object item = paths.get(route.template());
        assertNotNull(item, "path " + route.template() + " is in the spec");
        Map<String, Object> operation = (Map<String, Object>) ((Map<String, Object>) item).get(route.method().toLowerCase(Locale.ROOT));
        assertNotNull(operation, key + " is in the spec");

        Map<Object, Object> responses = (Map<Object, Object>) operation.get("responses");
        Set<Integer> documented = new TreeSet<>();
        responses.keySet().forEach(k -> documented.add(Integer.parseInt(k.toString())));
        Set<Integer> allowed = new TreeSet<>(documented);
        allowed.addAll(CODE_WINS.getOrDefault(key, Set.of()));
        allowed.addAll(EVERY_ROUTE);
        Set<Integer> undocumented = new TreeSet<>(route.statuses());
        undocumented.removeAll(allowed);
        assertEquals(Set.of(), undocumented, key + " answers statuses the spec lacks (documented: " + documented + ")");
        Set<Integer> unusedExceptions = new TreeSet<>(CODE_WINS.getOrDefault(key, Set.of()));
        unusedExceptions.removeAll(route.statuses());
        unusedExceptions.removeIf(documented::contains);
        assertEquals(Set.of(), unusedExceptions, key + ": exception list entries must be statuses the route answers");

        Map<String, Object> body = (Map<String, Object>) operation.get("requestBody");
        if (body != null) {
            Map<String, Object> content = (Map<String, Object>) body.get("content");
            Map<String, Object> json = content == null ? null : (Map<String, Object>) content.get("application/json");
            Object schema = json == null ? null : json.get("schema");
            if (schema instanceof Map<?, ?> s && s.get("required") instanceof List<?> required) {
                for (Object field : required) {
                    assertTrue(route.bodyFields().contains(field.toString()),
                            key + " accepts the required body property " + field);
                }
            }
        }
    }
}
