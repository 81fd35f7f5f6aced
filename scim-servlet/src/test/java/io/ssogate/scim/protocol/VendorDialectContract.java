package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.scim.protocol.ScimTestServer.Response;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static io.ssogate.scim.protocol.Fixtures.fixture;
import static io.ssogate.scim.protocol.ScimTestServer.TOKEN_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The request sequences Microsoft Entra ID and Okta send, shaped on their published SCIM examples, over HTTP:
 * each step answers as an RFC 7644 client expects and leaves the resource as the vendor meant.
 * {@link H2VendorDialectTest} and {@link PostgresVendorDialectTest}.
 */
abstract class VendorDialectContract {

    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";

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

    static String filter(String filter) {
        return URLEncoder.encode(filter, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void entraIdsRequestsProvisionChangeAndDisableAUserAndItsGroup() throws Exception {
        String userName = "Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1";
        // Entra first looks the user up by its matching attribute, then creates it.
        Response lookup = server.get(TOKEN_A, "/Users?filter=" + filter("userName eq \"" + userName + "\""));
        assertEquals(0, lookup.json().get("totalResults").asInt(), lookup.raw().body());
        Response created = server.post(TOKEN_A, "/Users", fixture("entra/create-user.json"));
        assertEquals(201, created.status(), created.raw().body());
        String id = created.json().get("id").asText();
        assertEquals(1, server.get(TOKEN_A, "/Users?filter=" + filter("userName eq \"" + userName.toUpperCase() + "\""))
                .json().get("totalResults").asInt());

        Response multiValued = server.patch(TOKEN_A, "/Users/" + id, fixture("entra/patch-user-multi-valued.json"));
        assertEquals(200, multiValued.status(), multiValued.raw().body());
        assertEquals("updatedEmail@microsoft.com", multiValued.json().get("emails").get(0).get("value").asText());
        assertEquals("updatedFamilyName", multiValued.json().get("name").get("familyName").asText());

        Response pathKeys = server.patch(TOKEN_A, "/Users/" + id, fixture("entra/patch-user-path-keys.json"));
        assertEquals(200, pathKeys.status(), pathKeys.raw().body());
        JsonNode user = pathKeys.json();
        assertEquals("Updated Display", user.get("displayName").asText());
        assertEquals("Updated", user.get("name").get("givenName").asText());
        assertEquals("updated.work@testuser.com", user.get("emails").get(0).get("value").asText());
        assertEquals("Research", user.get(ENTERPRISE).get("department").asText());
        assertTrue(user.get("active").isBoolean());

        Response disabled = server.patch(TOKEN_A, "/Users/" + id, fixture("entra/patch-user-disable.json"));
        assertEquals(200, disabled.status(), disabled.raw().body());
        assertFalse(disabled.json().get("active").asBoolean());
        assertTrue(disabled.json().get("active").isBoolean(), "\"False\" is stored as the boolean false");
        assertFalse(server.bool("SELECT active FROM scim_user WHERE id = ?", id), "the column the sync reads");
        assertEquals(4, server.outboxRows(id));

        Response group = server.post(TOKEN_A, "/Groups", fixture("entra/create-group.json"));
        assertEquals(201, group.status(), group.raw().body());
        String groupId = group.json().get("id").asText();
        assertEquals(1, server.get(TOKEN_A, "/Groups?filter=" + filter("displayName eq \"displayName\"")
                + "&excludedAttributes=members").json().get("totalResults").asInt());

        Response added = server.patch(TOKEN_A, "/Groups/" + groupId,
                fixture("entra/patch-group-add-member.json", "MEMBER", id));
        assertEquals(200, added.status(), added.raw().body());
        assertEquals(id, added.json().get("members").get(0).get("value").asText());
        // Entra's membership check: is this user in this group? Answered without the member list.
        Response check = server.get(TOKEN_A, "/Groups?filter=" + filter("id eq \"" + groupId + "\" and members[value eq \""
                + id + "\"]") + "&excludedAttributes=members");
        assertEquals(1, check.json().get("totalResults").asInt(), check.raw().body());
        assertNull(check.json().get("Resources").get(0).get("members"));
        Response removed = server.patch(TOKEN_A, "/Groups/" + groupId,
                fixture("entra/patch-group-remove-member.json", "MEMBER", id));
        assertEquals(200, removed.status(), removed.raw().body());
        assertEquals(0, removed.json().path("members").size());
        assertEquals(0, server.get(TOKEN_A, "/Groups?filter=" + filter("id eq \"" + groupId + "\" and members[value eq \""
                + id + "\"]") + "&excludedAttributes=members").json().get("totalResults").asInt());
        assertEquals(6, server.outboxRows(id), "joined and left: queued each time");

        assertEquals(204, server.delete(TOKEN_A, "/Users/" + id).status());
    }

    @Test
    void oktasRequestsProvisionUpdateDeactivateAndPushAGroup() throws Exception {
        Response lookup = server.get(TOKEN_A, "/Users?filter=" + filter("userName eq \"test.user@okta.local\"")
                + "&startIndex=1&count=100");
        assertEquals(0, lookup.json().get("totalResults").asInt(), lookup.raw().body());
        Response created = server.post(TOKEN_A, "/Users", fixture("okta/create-user.json"));
        assertEquals(201, created.status(), created.raw().body());
        String id = created.json().get("id").asText();
        assertNull(created.json().get("password"), "the password Okta sends is never kept");
        assertFalse(server.string("SELECT resource_json FROM scim_user WHERE id = ?", id).contains("1mz050nq"));

        Response replaced = server.put(TOKEN_A, "/Users/" + id, fixture("okta/put-user.json", "ID", id));
        assertEquals(200, replaced.status(), replaced.raw().body());
        assertEquals("Another", replaced.json().get("name").get("givenName").asText());
        assertEquals("Another User", replaced.json().get("displayName").asText());

        Response deactivated = server.patch(TOKEN_A, "/Users/" + id, fixture("okta/patch-user-deactivate.json"));
        assertEquals(200, deactivated.status(), deactivated.raw().body());
        assertFalse(deactivated.json().get("active").asBoolean());
        assertEquals("Another", deactivated.json().get("name").get("givenName").asText());

        Response group = server.post(TOKEN_A, "/Groups", fixture("okta/create-group.json"));
        assertEquals(201, group.status(), group.raw().body());
        String groupId = group.json().get("id").asText();
        Response renamed = server.patch(TOKEN_A, "/Groups/" + groupId,
                fixture("okta/patch-group-rename.json", "ID", groupId));
        assertEquals(200, renamed.status(), renamed.raw().body());
        assertEquals("Test SCIMv2 renamed", renamed.json().get("displayName").asText());

        Response added = server.patch(TOKEN_A, "/Groups/" + groupId,
                fixture("okta/patch-group-add-members.json", "MEMBER", id));
        assertEquals(200, added.status(), added.raw().body());
        assertEquals(1, added.json().get("members").size());
        Response removed = server.patch(TOKEN_A, "/Groups/" + groupId,
                fixture("okta/patch-group-remove-member.json", "MEMBER", id));
        assertEquals(200, removed.status(), removed.raw().body());
        assertEquals(0, removed.json().path("members").size());
        Response put = server.put(TOKEN_A, "/Groups/" + groupId,
                fixture("okta/put-group.json", "ID", groupId, "MEMBER", id));
        assertEquals(200, put.status(), put.raw().body());
        assertEquals("Test SCIMv2", put.json().get("displayName").asText());
        assertEquals(id, put.json().get("members").get(0).get("value").asText());
        assertEquals(groupId, server.get(TOKEN_A, "/Users/" + id).json().get("groups").get(0).get("value").asText());
        assertEquals(6, server.outboxRows(id), "create, put, deactivate, joined, left, joined (and renamed back)");
    }
}
