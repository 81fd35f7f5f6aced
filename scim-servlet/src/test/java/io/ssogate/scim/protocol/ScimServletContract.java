package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.scim.config.ScimConfig;
import io.ssogate.scim.protocol.ScimTestServer.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.ssogate.scim.protocol.ScimTestServer.TOKEN_A;
import static io.ssogate.scim.protocol.ScimTestServer.TOKEN_B;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SCIM servlet over real HTTP and a real database: RFC 7644's operations, its errors, ETags, tenant
 * isolation, concurrent changes, and the outbox rows each change writes.
 * {@link H2ScimServletTest} and {@link PostgresScimServletTest}.
 */
abstract class ScimServletContract {

    @TempDir
    Path dataDir;

    ScimTestServer server;

    abstract GatewayDatabase freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        server = new ScimTestServer(freshDatabase(dataDir));
    }

    @AfterEach
    void stop() throws Exception {
        server.close();
        server.database.close();
    }

    static String user(String userName, String email) {
        return """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"userName":"%s",
                 "name":{"givenName":"Ada","familyName":"Lovelace"},
                 "emails":[{"value":"%s","type":"work","primary":true}],"active":true}
                """.formatted(userName, email);
    }

    String createUser(String token, String userName, String email) throws Exception {
        Response created = server.post(token, "/Users", user(userName, email));
        assertEquals(201, created.status(), created.raw().body());
        return created.json().get("id").asText();
    }

    static void assertScimError(Response response, int status, String scimType) {
        assertEquals(status, response.status(), response.raw().body());
        assertTrue(response.header("Content-Type").startsWith("application/scim+json"), response.header("Content-Type"));
        assertEquals("urn:ietf:params:scim:api:messages:2.0:Error", response.json().get("schemas").get(0).asText());
        assertEquals(String.valueOf(status), response.json().get("status").asText());
        if (scimType != null) {
            assertEquals(scimType, response.json().path("scimType").asText(), response.raw().body());
        }
    }

    // --- create and read ------------------------------------------------------------------------------------

    @Test
    void aCreatedUserIs201WithLocationETagMetaAndOneOutboxRow() throws Exception {
        Response created = server.post(TOKEN_A, "/Users", user("ada", "Ada@Example.com"));

        assertEquals(201, created.status(), created.raw().body());
        String id = created.json().get("id").asText();
        assertEquals("https://gw.example.test/scim/v2/Users/" + id, created.header("Location"));
        assertEquals("W/\"1\"", created.header("ETag"));
        // Tomcat writes the media type's parameters without the space.
        assertEquals("application/scim+json;charset=utf-8", created.header("Content-Type").replace(" ", "")
                .toLowerCase(java.util.Locale.ROOT));
        JsonNode meta = created.json().get("meta");
        assertEquals("User", meta.get("resourceType").asText());
        assertEquals("W/\"1\"", meta.get("version").asText());
        assertEquals(created.header("Location"), meta.get("location").asText());
        assertNotNull(meta.get("created"));
        assertNotNull(meta.get("lastModified"));
        assertEquals("PENDING", created.json()
                .get("urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User").get("syncState").asText());
        assertEquals(1, server.outboxRows(id));
        assertEquals("PENDING", server.string("SELECT sync_state FROM scim_user WHERE id = ?", id));

        Response read = server.get(TOKEN_A, "/Users/" + id);
        assertEquals(200, read.status());
        assertEquals("ada", read.json().get("userName").asText());
        assertEquals("W/\"1\"", read.header("ETag"));
    }

    @Test
    void aUserWithoutUserNameIs400() throws Exception {
        Response response = server.post(TOKEN_A, "/Users",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"displayName\":\"x\"}");
        assertEquals(400, response.status(), response.raw().body());
        assertScimError(response, 400, null);
    }

    @Test
    void aUserNameTakenIgnoringCaseIs409Uniqueness() throws Exception {
        createUser(TOKEN_A, "Ada", "ada@example.com");
        assertScimError(server.post(TOKEN_A, "/Users", user("ADA", "other@example.com")), 409, "uniqueness");
        // The same name in another tenant is another user.
        assertEquals(201, server.post(TOKEN_B, "/Users", user("ada", "ada@example.com")).status());
    }

    @Test
    void aGetWithTheCurrentETagInIfNoneMatchIs304() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        Response notModified = server.get(TOKEN_A, "/Users/" + id, "If-None-Match", "W/\"1\"");
        assertEquals(304, notModified.status());
        assertEquals("W/\"1\"", notModified.header("ETag"));
        assertEquals(200, server.get(TOKEN_A, "/Users/" + id, "If-None-Match", "W/\"7\"").status());
    }

    // --- protocol errors ----------------------------------------------------------------------------------

    @Test
    void aRequestWithoutAValidTokenIs401WithABearerChallenge() throws Exception {
        for (Response response : List.of(server.get(null, "/Users"), server.get("not-a-token", "/Users"),
                server.get(null, "/ServiceProviderConfig"), server.get("wrong", "/Nowhere"))) {
            assertScimError(response, 401, null);
            assertEquals("Bearer realm=\"ssogate SCIM\"", response.header("WWW-Authenticate"));
        }
    }

    @Test
    void anUnreadableTokenStoreIs503NotA401() throws Exception {
        server.tokenStoreDown = true;
        Response response = server.get(TOKEN_A, "/Users");
        assertScimError(response, 503, null);
        assertNotNull(response.header("Retry-After"));
        assertNull(response.header("WWW-Authenticate"));
    }

    @Test
    void anUnknownPathIs404AndAWrongMethodIs405WithAllow() throws Exception {
        assertScimError(server.get(TOKEN_A, "/Nowhere"), 404, null);
        assertScimError(server.get(TOKEN_A, "/Users/x/y"), 404, null);
        assertScimError(server.get(TOKEN_A, "/"), 404, null);
        Response deleteAll = server.delete(TOKEN_A, "/Users");
        assertScimError(deleteAll, 405, null);
        assertEquals("GET, POST", deleteAll.header("Allow"));
        Response getSearch = server.get(TOKEN_A, "/Users/.search");
        assertScimError(getSearch, 405, null);
        assertEquals("POST", getSearch.header("Allow"));
        Response postConfig = server.post(TOKEN_A, "/ServiceProviderConfig", "{}");
        assertScimError(postConfig, 405, null);
        assertEquals("GET", postConfig.header("Allow"));
    }

    @Test
    void aBodyOfAnotherContentTypeIs415() throws Exception {
        assertScimError(server.send("POST", TOKEN_A, "/Users", "text/plain", user("ada", "a@x.test")), 415, null);
        assertScimError(server.send("POST", TOKEN_A, "/Users", null, user("ada", "a@x.test")), 415, null);
        assertEquals(201, server.send("POST", TOKEN_A, "/Users", "application/json; charset=utf-8",
                user("ada", "a@x.test")).status());
    }

    @Test
    void aBodyOverMaxBodySizeIs413() throws Exception {
        server.config = new ScimConfig(true, 1024, 1000, ScimConfig.DeleteMode.DEACTIVATE, List.of(),
                ScimConfig.DEFAULT_RETRY_MIN, ScimConfig.DEFAULT_RETRY_MAX);
        String big = "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"ada\",\"displayName\":\"" + "x".repeat(5000) + "\"}";
        assertScimError(server.post(TOKEN_A, "/Users", big), 413, null);
        // Without a Content-Length the body is counted as it streams in.
        assertScimError(server.postChunked(TOKEN_A, "/Users", big.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                413, null);
        assertEquals(0, server.count("SELECT COUNT(*) FROM scim_user"));
        assertEquals(201, server.postChunked(TOKEN_A, "/Users",
                user("ada", "a@x.test").getBytes(java.nio.charset.StandardCharsets.UTF_8)).status());
    }

    @Test
    void malformedJsonIs400InvalidSyntax() throws Exception {
        assertScimError(server.post(TOKEN_A, "/Users", "{\"userName\": "), 400, "invalidSyntax");
        assertScimError(server.post(TOKEN_A, "/Users", "[1, 2]"), 400, "invalidSyntax");
        assertScimError(server.post(TOKEN_A, "/Users", ""), 400, "invalidSyntax");
    }

    @Test
    void clientMistakesAreNever500() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        String group = server.post(TOKEN_A, "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Eng\"}").json().get("id").asText();
        List<String> userPatches = List.of(
                "{\"Operations\":[{\"op\":\"add\",\"value\":\"not an object\"}]}",
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"name\",\"value\":\"flat\"}]}",
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"userName\",\"value\":42}]}",
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"userName\",\"value\":{\"a\":1}}]}",
                "{\"Operations\":[{\"op\":\"remove\",\"path\":\"userName\"}]}",
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"emails[type eq \\\"home\\\"].value\",\"value\":\"x\"}]}",
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"nickName.deep.deeper\",\"value\":\"x\"}]}",
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"noSuchAttribute\",\"value\":\"x\"}]}",
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":\"maybe\"}]}",
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"id\",\"value\":\"other\"}]}",
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"meta.created\",\"value\":\"2020-01-01T00:00:00Z\"}]}",
                "{\"Operations\":[42]}",
                "{\"Operations\":[{\"op\":null}]}",
                "{\"Operations\":[{\"op\":\"add\",\"path\":7,\"value\":\"x\"}]}");
        for (String patch : userPatches) {
            Response response = server.patch(TOKEN_A, "/Users/" + id, patch);
            assertEquals(400, response.status(), patch + " -> " + response.raw().body());
        }
        List<String> groupPatches = List.of(
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"display\":\"no value\"}]}]}",
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":7}]}]}",
                "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\",\"value\":[{\"value\":{}}]}]}",
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":null}]}",
                "{\"Operations\":[{\"op\":\"remove\",\"path\":\"displayName\"}]}");
        for (String patch : groupPatches) {
            Response response = server.patch(TOKEN_A, "/Groups/" + group, patch);
            assertEquals(400, response.status(), patch + " -> " + response.raw().body());
        }
        List<String> users = List.of("{}", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"]}",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":[\"a\"]}",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"b\",\"emails\":\"x\"}",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"userName\":\"b\",\"shoeSize\":9}",
                "{\"schemas\":\"nope\",\"userName\":\"b\"}");
        users = new ArrayList<>(users);
        users.add(user("a".repeat(1500), "long@example.com"));
        users.add(user("long", "x".repeat(1500) + "@example.com"));
        for (String body : users) {
            Response response = server.post(TOKEN_A, "/Users", body);
            assertEquals(400, response.status(), body + " -> " + response.raw().body());
        }
        for (String query : List.of("?filter=", "?filter=foo%20eq%20%22x%22", "?sortBy=shoeSize", "?count=abc",
                "?sortOrder=sideways", "?attributes=userName&excludedAttributes=emails", "?filter=(userName%20eq")) {
            Response response = server.get(TOKEN_A, "/Users" + query);
            assertTrue(response.status() == 200 || response.status() == 400, query + " -> " + response.raw().body());
        }
        assertEquals(1, server.outboxRows(id), "none of them changed anything");
    }

    @Test
    void bulkAndMeAre501() throws Exception {
        Response bulk = server.post(TOKEN_A, "/Bulk", "{}");
        assertScimError(bulk, 501, null);
        assertTrue(bulk.json().get("detail").asText().contains("Bulk is not supported"));
        assertScimError(server.get(TOKEN_A, "/Me"), 501, null);
    }

    @Test
    void anInvalidFilterIs400InvalidFilter() throws Exception {
        assertScimError(server.get(TOKEN_A, "/Users?filter=userName%20eq"), 400, "invalidFilter");
    }

    @Test
    void theDiscoveryDocumentsAnswer() throws Exception {
        Response config = server.get(TOKEN_A, "/ServiceProviderConfig");
        assertEquals(200, config.status(), config.raw().body());
        assertTrue(config.json().get("patch").get("supported").asBoolean());
        assertFalse(config.json().get("bulk").get("supported").asBoolean());
        assertEquals(2, server.get(TOKEN_A, "/ResourceTypes").json().get("totalResults").asInt());
        assertEquals(200, server.get(TOKEN_A, "/ResourceTypes/User").status());
        assertEquals(200, server.get(TOKEN_A, "/Schemas/urn:ietf:params:scim:schemas:core:2.0:User").status());
        assertScimError(server.get(TOKEN_A, "/Schemas/urn:nope"), 404, null);
    }

    // --- replace, patch, delete ----------------------------------------------------------------------------

    @Test
    void aPutReplacesTheUserAndIgnoresReadOnlyAttributes() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        Response replaced = server.put(TOKEN_A, "/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"%s","userName":"ada.l",
                 "displayName":"Ada L","groups":[{"value":"made-up"}],"meta":{"version":"W/\\"9\\""}}
                """.formatted(id));
        assertEquals(200, replaced.status(), replaced.raw().body());
        assertEquals("ada.l", replaced.json().get("userName").asText());
        assertNull(replaced.json().get("name"), "a PUT replaces: what it leaves out is gone");
        assertNull(replaced.json().get("groups"));
        assertEquals("W/\"2\"", replaced.header("ETag"));
        assertEquals(2, server.outboxRows(id));
    }

    @Test
    void aPutThatChangesTheIdIs400Mutability() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        assertScimError(server.put(TOKEN_A, "/Users/" + id, "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:User\"],\"id\":\"other\",\"userName\":\"ada\"}"), 400,
                "mutability");
    }

    @Test
    void aPatchAddsReplacesAndRemovesWithAndWithoutPaths() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        Response patched = server.patch(TOKEN_A, "/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                 {"op":"replace","path":"emails[type eq \\"work\\"].value","value":"ada@new.example.com"},
                 {"op":"add","path":"emails","value":[{"value":"ada@home.example.com","type":"home"}]},
                 {"op":"add","value":{"title":"Countess","displayName":"Ada"}},
                 {"op":"remove","path":"name.givenName"}]}
                """);
        assertEquals(200, patched.status(), patched.raw().body());
        JsonNode user = patched.json();
        assertEquals("ada@new.example.com", user.get("emails").get(0).get("value").asText());
        assertEquals(2, user.get("emails").size());
        assertEquals("Countess", user.get("title").asText());
        assertNull(user.get("name").get("givenName"));
        assertEquals("Lovelace", user.get("name").get("familyName").asText());
        assertEquals("W/\"2\"", patched.header("ETag"));
        // Every email is indexed, not only the primary.
        Response byHome = server.get(TOKEN_A, "/Users?filter=emails.value%20eq%20%22ADA@home.example.com%22");
        assertEquals(1, byHome.json().get("totalResults").asInt(), byHome.raw().body());
        assertEquals(2, server.outboxRows(id));
    }

    @Test
    void aPatchWithABadPathOrOpIs400() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        assertScimError(server.patch(TOKEN_A, "/Users/" + id,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"emails[type eq\",\"value\":\"x\"}]}"), 400, "invalidPath");
        assertScimError(server.patch(TOKEN_A, "/Users/" + id,
                "{\"Operations\":[{\"op\":\"move\",\"path\":\"title\",\"value\":\"x\"}]}"), 400, null);
        assertScimError(server.patch(TOKEN_A, "/Users/" + id,
                "{\"Operations\":[{\"op\":\"remove\"}]}"), 400, "noTarget");
        assertScimError(server.patch(TOKEN_A, "/Users/" + id, "{\"Operations\":[]}"), 400, "invalidSyntax");
    }

    @Test
    void aStaleIfMatchIs412AndStarMatchesAnyVersion() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        String patch = "{\"Operations\":[{\"op\":\"replace\",\"path\":\"title\",\"value\":\"t\"}]}";
        Response stale = server.patch(TOKEN_A, "/Users/" + id, patch, "If-Match", "W/\"5\"");
        assertScimError(stale, 412, null);
        assertEquals(1, server.outboxRows(id), "a refused change queues nothing");
        assertEquals(200, server.patch(TOKEN_A, "/Users/" + id, patch, "If-Match", "W/\"1\"").status());
        assertScimError(server.put(TOKEN_A, "/Users/" + id, user("ada", "a@x.test"), "If-Match", "W/\"1\""), 412, null);
        assertScimError(server.delete(TOKEN_A, "/Users/" + id, "If-Match", "W/\"1\""), 412, null);
        assertEquals(200, server.patch(TOKEN_A, "/Users/" + id, patch, "If-Match", "*").status());
    }

    @Test
    void aDeletedUserIs404ThereAfterAndItsNameIsFree() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        String group = server.post(TOKEN_A, "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Eng\",\"members\":[{\"value\":\"" + id + "\"}]}")
                .json().get("id").asText();

        Response deleted = server.delete(TOKEN_A, "/Users/" + id);

        assertEquals(204, deleted.status());
        assertScimError(server.get(TOKEN_A, "/Users/" + id), 404, null);
        assertScimError(server.delete(TOKEN_A, "/Users/" + id), 404, null);
        assertEquals(0, server.get(TOKEN_A, "/Users").json().get("totalResults").asInt());
        Response groupAfter = server.get(TOKEN_A, "/Groups/" + group);
        assertEquals(0, groupAfter.json().get("members").size());
        assertEquals("W/\"2\"", groupAfter.header("ETag"), "the group lost a member: a new version");
        assertNotNull(server.string("SELECT deleted_at FROM scim_user WHERE id = ?", id), "a tombstone for the sync");
        assertEquals("~deleted~" + id, server.string("SELECT user_name_key FROM scim_user WHERE id = ?", id));
        assertEquals(3, server.outboxRows(id), "created, joined the group, deleted");
        assertEquals(201, server.post(TOKEN_A, "/Users", user("ada", "ada@example.com")).status());
    }

    // --- lists -----------------------------------------------------------------------------------------------

    @Test
    void listsFilterSortAndPage() throws Exception {
        for (String name : List.of("carol", "alice", "bob", "dave")) {
            createUser(TOKEN_A, name, name + "@example.com");
        }
        Response byName = server.get(TOKEN_A, "/Users?filter=userName%20eq%20%22ALICE%22");
        assertEquals(1, byName.json().get("totalResults").asInt(), byName.raw().body());
        assertEquals("alice", byName.json().get("Resources").get(0).get("userName").asText());

        Response page = server.get(TOKEN_A, "/Users?sortBy=userName&sortOrder=descending&startIndex=2&count=2");
        assertEquals(4, page.json().get("totalResults").asInt());
        assertEquals(2, page.json().get("itemsPerPage").asInt());
        assertEquals(2, page.json().get("startIndex").asInt());
        assertEquals("carol", page.json().get("Resources").get(0).get("userName").asText());
        assertEquals("bob", page.json().get("Resources").get(1).get("userName").asText());

        // Unfiltered, unsorted pages are cut by the store: together they hold every user once.
        Set<String> walked = new HashSet<>();
        for (int start = 1; start <= 4; start += 3) {
            Response walk = server.get(TOKEN_A, "/Users?startIndex=" + start + "&count=3");
            assertEquals(4, walk.json().get("totalResults").asInt());
            walk.json().get("Resources").forEach(r -> walked.add(r.get("userName").asText()));
        }
        assertEquals(Set.of("alice", "bob", "carol", "dave"), walked);
        assertEquals(0, server.get(TOKEN_A, "/Users?startIndex=9").json().get("itemsPerPage").asInt());

        Response countOnly = server.get(TOKEN_A, "/Users?count=0");
        assertEquals(4, countOnly.json().get("totalResults").asInt());
        assertEquals(0, countOnly.json().path("Resources").size());

        Response search = server.post(TOKEN_A, "/Users/.search", """
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter":"userName sw \\"b\\" or userName sw \\"d\\"","sortBy":"userName","count":10}
                """);
        assertEquals(200, search.status(), search.raw().body());
        assertEquals(2, search.json().get("totalResults").asInt());
        assertEquals("bob", search.json().get("Resources").get(0).get("userName").asText());
    }

    @Test
    void countIsCappedAtMaxResults() throws Exception {
        server.config = new ScimConfig(true, ScimConfig.DEFAULT_MAX_BODY_SIZE, 2, ScimConfig.DeleteMode.DEACTIVATE,
                List.of(), ScimConfig.DEFAULT_RETRY_MIN, ScimConfig.DEFAULT_RETRY_MAX);
        for (String name : List.of("a1", "a2", "a3")) {
            createUser(TOKEN_A, name, name + "@example.com");
        }
        Response all = server.get(TOKEN_A, "/Users?count=50");
        assertEquals(3, all.json().get("totalResults").asInt());
        assertEquals(2, all.json().get("Resources").size());
    }

    @Test
    void attributesAndExcludedAttributesShapeTheAnswer() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        JsonNode only = server.get(TOKEN_A, "/Users/" + id + "?attributes=userName").json();
        assertEquals("ada", only.get("userName").asText());
        assertEquals(id, only.get("id").asText(), "id is always returned");
        assertNull(only.get("emails"));
        Response patched = server.patch(TOKEN_A, "/Users/" + id + "?attributes=title",
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"title\",\"value\":\"Countess\"}]}");
        assertEquals(200, patched.status(), patched.raw().body());
        assertEquals("Countess", patched.json().get("title").asText());
        assertNull(patched.json().get("userName"), "a write's answer is selected too");
        JsonNode without = server.get(TOKEN_A, "/Users?excludedAttributes=emails,name").json().get("Resources").get(0);
        assertNull(without.get("emails"));
        assertNull(without.get("name"));
        assertEquals("ada", without.get("userName").asText());
    }

    @Test
    void theSyncExtensionIsReadOnly() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        String ext = "urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User";
        Response put = server.put(TOKEN_A, "/Users/" + id, """
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User","%s"],"userName":"ada",
                 "%s":{"syncState":"SYNCED","userId":"forged"}}""".formatted(ext, ext));
        assertEquals(200, put.status(), put.raw().body());
        assertEquals("PENDING", put.json().get(ext).get("syncState").asText());
        assertNull(put.json().get(ext).get("userId"));
        assertScimError(server.patch(TOKEN_A, "/Users/" + id, "{\"Operations\":[{\"op\":\"replace\","
                + "\"path\":\"" + ext + ":syncState\",\"value\":\"SYNCED\"}]}"), 400, "mutability");
        assertScimError(server.patch(TOKEN_A, "/Users/" + id, "{\"Operations\":[{\"op\":\"add\","
                + "\"path\":\"groups\",\"value\":[{\"value\":\"g\"}]}]}"), 400, "mutability");
        assertNull(server.string("SELECT mattermost_user_id FROM scim_user WHERE id = ?", id));
    }

    // --- tenants ---------------------------------------------------------------------------------------------

    @Test
    void anotherTenantsTokenNeverSeesOrChangesTheUser() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        String patch = "{\"Operations\":[{\"op\":\"replace\",\"path\":\"active\",\"value\":false}]}";

        assertScimError(server.get(TOKEN_B, "/Users/" + id), 404, null);
        assertScimError(server.patch(TOKEN_B, "/Users/" + id, patch), 404, null);
        assertScimError(server.put(TOKEN_B, "/Users/" + id, user("ada", "x@x.test")), 404, null);
        assertScimError(server.delete(TOKEN_B, "/Users/" + id), 404, null);
        assertEquals(0, server.get(TOKEN_B, "/Users").json().get("totalResults").asInt());
        assertEquals(0, server.get(TOKEN_B, "/Users?filter=userName%20eq%20%22ada%22").json().get("totalResults").asInt());
        assertEquals(0, server.get(TOKEN_B, "/Users?filter=id%20eq%20%22" + id + "%22").json().get("totalResults").asInt());
        Response foreignMember = server.post(TOKEN_B, "/Groups",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Eng\",\"members\":[{\"value\":\"" + id + "\"}]}");
        assertScimError(foreignMember, 400, "invalidValue");
        assertTrue(foreignMember.json().get("detail").asText().contains(id));
        assertEquals(1, server.outboxRows(id));
        assertTrue(server.get(TOKEN_A, "/Users/" + id).json().get("active").asBoolean());
    }

    @Test
    void anotherTenantsTokenNeverSeesOrChangesTheGroup() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        String group = server.post(TOKEN_A, "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Eng\",\"members\":[{\"value\":\"" + id + "\"}]}").json().get("id").asText();
        String removeAll = "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members\"}]}";

        assertScimError(server.get(TOKEN_B, "/Groups/" + group), 404, null);
        assertScimError(server.patch(TOKEN_B, "/Groups/" + group, removeAll), 404, null);
        assertScimError(server.delete(TOKEN_B, "/Groups/" + group), 404, null);
        assertEquals(0, server.get(TOKEN_B, "/Groups").json().get("totalResults").asInt());
        assertEquals(0, server.get(TOKEN_B, "/Groups?filter=displayName%20eq%20%22Eng%22").json().get("totalResults").asInt());
        assertEquals(1, server.get(TOKEN_A, "/Groups/" + group).json().get("members").size());
    }

    // --- concurrency -----------------------------------------------------------------------------------------

    @Test
    void twentyConcurrentPatchesOnOneUserAreAllApplied() throws Exception {
        String id = createUser(TOKEN_A, "ada", "ada@example.com");
        int writers = 20;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String email = "ada+" + i + "@example.com";
                results.add(pool.submit(() -> {
                    go.await();
                    return server.patch(TOKEN_A, "/Users/" + id, "{\"Operations\":[{\"op\":\"add\",\"path\":\"emails\","
                            + "\"value\":[{\"value\":\"" + email + "\",\"type\":\"other\"}]}]}");
                }));
            }
            go.countDown();
            for (Future<Response> result : results) {
                Response response = result.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.status(), response.raw().body());
            }
        } finally {
            pool.shutdownNow();
        }
        Response user = server.get(TOKEN_A, "/Users/" + id);
        Set<String> emails = new HashSet<>();
        user.json().get("emails").forEach(e -> emails.add(e.get("value").asText()));
        for (int i = 0; i < writers; i++) {
            assertTrue(emails.contains("ada+" + i + "@example.com"), "lost: " + i + " in " + emails);
        }
        assertEquals(writers + 1, emails.size());
        assertEquals("W/\"" + (writers + 1) + "\"", user.header("ETag"));
        assertEquals(writers + 1, server.outboxRows(id), "one outbox row per committed change, none for lost races");
        assertEquals(writers + 1, server.count("SELECT COUNT(*) FROM scim_user_email WHERE user_id = ?", id));
    }

    @Test
    void concurrentMemberAddsToOneGroupAreAllApplied() throws Exception {
        String group = server.post(TOKEN_A, "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Eng\"}").json().get("id").asText();
        List<String> members = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            members.add(createUser(TOKEN_A, "user" + i, "user" + i + "@example.com"));
        }
        ExecutorService pool = Executors.newFixedThreadPool(members.size());
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (String member : members) {
                results.add(pool.submit(() -> {
                    go.await();
                    return server.patch(TOKEN_A, "/Groups/" + group, "{\"Operations\":[{\"op\":\"Add\","
                            + "\"path\":\"members\",\"value\":[{\"value\":\"" + member + "\"}]}]}");
                }));
            }
            go.countDown();
            for (Future<Response> result : results) {
                Response response = result.get(60, TimeUnit.SECONDS);
                assertEquals(200, response.status(), response.raw().body());
            }
        } finally {
            pool.shutdownNow();
        }
        Response read = server.get(TOKEN_A, "/Groups/" + group);
        assertEquals(members.size(), read.json().get("members").size());
        assertEquals("W/\"" + (members.size() + 1) + "\"", read.header("ETag"));
        for (String member : members) {
            assertEquals(2, server.outboxRows(member), "created, joined once");
        }
    }

    @Test
    void deletingMembersWhileTheirGroupChangesNeverFails() throws Exception {
        List<String> members = new ArrayList<>();
        StringBuilder list = new StringBuilder();
        for (int i = 0; i < 8; i++) {
            String id = createUser(TOKEN_A, "member" + i, "member" + i + "@example.com");
            members.add(id);
            list.append(list.isEmpty() ? "" : ",").append("{\"value\":\"").append(id).append("\"}");
        }
        String group = server.post(TOKEN_A, "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],"
                + "\"displayName\":\"Eng\",\"members\":[" + list + "]}").json().get("id").asText();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Response>> results = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                String member = members.get(i);
                String name = "Eng " + i;
                results.add(pool.submit(() -> {
                    go.await();
                    return server.delete(TOKEN_A, "/Users/" + member);
                }));
                results.add(pool.submit(() -> {
                    go.await();
                    return server.patch(TOKEN_A, "/Groups/" + group, "{\"Operations\":[{\"op\":\"replace\","
                            + "\"path\":\"displayName\",\"value\":\"" + name + "\"}]}");
                }));
            }
            go.countDown();
            for (Future<Response> result : results) {
                Response response = result.get(60, TimeUnit.SECONDS);
                assertTrue(response.status() == 200 || response.status() == 204,
                        response.status() + " " + response.raw().body());
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, server.get(TOKEN_A, "/Groups/" + group).json().get("members").size());
        assertEquals(0, server.count("SELECT COUNT(*) FROM scim_group_member"));
    }

    // --- groups ----------------------------------------------------------------------------------------------

    @Test
    void groupMembershipChangesQueueTheMembersAndShowInTheirGroups() throws Exception {
        String ada = createUser(TOKEN_A, "ada", "ada@example.com");
        String bob = createUser(TOKEN_A, "bob", "bob@example.com");
        Response created = server.post(TOKEN_A, "/Groups",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Engineering\","
                        + "\"members\":[{\"value\":\"" + ada + "\"}]}");
        assertEquals(201, created.status(), created.raw().body());
        String group = created.json().get("id").asText();
        assertEquals(ada, created.json().get("members").get(0).get("value").asText());
        assertEquals("ada", created.json().get("members").get(0).get("display").asText());
        assertEquals(2, server.outboxRows(ada));
        assertEquals(1, server.outboxRows(bob));

        Response adaRead = server.get(TOKEN_A, "/Users/" + ada);
        assertEquals("W/\"2\"", adaRead.header("ETag"), "her groups changed: a new version");
        JsonNode adaGroups = adaRead.json().get("groups");
        assertEquals(group, adaGroups.get(0).get("value").asText());
        assertEquals("Engineering", adaGroups.get(0).get("display").asText());

        Response added = server.patch(TOKEN_A, "/Groups/" + group,
                "{\"Operations\":[{\"op\":\"add\",\"path\":\"members\",\"value\":[{\"value\":\"" + bob + "\"}]}]}");
        assertEquals(200, added.status(), added.raw().body());
        assertEquals(2, added.json().get("members").size());
        assertEquals(2, server.outboxRows(bob));
        assertEquals(2, server.outboxRows(ada), "ada did not change");

        Response removed = server.patch(TOKEN_A, "/Groups/" + group,
                "{\"Operations\":[{\"op\":\"remove\",\"path\":\"members[value eq \\\"" + ada + "\\\"]\"}]}");
        assertEquals(200, removed.status(), removed.raw().body());
        assertEquals(1, removed.json().get("members").size());
        assertEquals(3, server.outboxRows(ada));

        Response renamed = server.patch(TOKEN_A, "/Groups/" + group,
                "{\"Operations\":[{\"op\":\"replace\",\"path\":\"displayName\",\"value\":\"Eng\"}]}");
        assertEquals(200, renamed.status());
        assertEquals(3, server.outboxRows(bob), "a rename may change the members' mappings");

        Response byMember = server.get(TOKEN_A, "/Groups?filter=members.value%20eq%20%22" + bob + "%22");
        assertEquals(1, byMember.json().get("totalResults").asInt());
        assertEquals(1, server.get(TOKEN_A, "/Groups?filter=displayName%20eq%20%22eng%22").json()
                .get("totalResults").asInt());

        assertEquals(204, server.delete(TOKEN_A, "/Groups/" + group).status());
        assertEquals(4, server.outboxRows(bob));
        assertScimError(server.get(TOKEN_A, "/Groups/" + group), 404, null);
        assertScimError(server.get(TOKEN_B, "/Groups/" + created.json().get("id").asText()), 404, null);
    }

    @Test
    void aGroupWithAnUnknownMemberIs400NamingIt() throws Exception {
        Response response = server.post(TOKEN_A, "/Groups",
                "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"displayName\":\"Eng\",\"members\":[{\"value\":\"no-such-user\"}]}");
        assertScimError(response, 400, "invalidValue");
        assertTrue(response.json().get("detail").asText().contains("no-such-user"));
        assertScimError(server.post(TOKEN_A, "/Groups", "{\"schemas\":[\"urn:ietf:params:scim:schemas:core:2.0:Group\"],\"members\":[]}"), 400, null);
    }
}
