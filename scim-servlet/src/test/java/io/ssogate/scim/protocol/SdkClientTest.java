package io.ssogate.scim.protocol;

import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.exceptions.PreconditionFailedException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.ListResponse;
import com.unboundid.scim2.common.messages.SortOrder;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;

import static io.ssogate.scim.protocol.ScimTestServer.TOKEN_A;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SCIM client no one here wrote, the UnboundID SCIM 2 SDK's {@link ScimService}, drives the servlet through
 * a user's and a group's life: what it sends and how it reads the answers is RFC 7644 as its authors read it.
 */
class SdkClientTest {

    @TempDir
    Path dataDir;

    ScimTestServer server;
    Client client;
    ScimService scim;

    @BeforeEach
    void start() throws Exception {
        server = new ScimTestServer(ScimDatabases.h2(dataDir));
        server.behindProxy = false; // the SDK follows meta.location back to us
        client = ClientBuilder.newClient()
                .property(HttpUrlConnectorProvider.SET_METHOD_WORKAROUND, true) // PATCH over HttpURLConnection
                .register((ClientRequestFilter) request ->
                        request.getHeaders().putSingle("Authorization", "Bearer " + TOKEN_A));
        scim = new ScimService(client.target(server.uri("")));
    }

    @AfterEach
    void stop() throws Exception {
        client.close();
        server.close();
        server.database.close();
    }

    @Test
    void theSdkClientCreatesFindsChangesAndDeletesUsersAndGroups() throws Exception {
        assertTrue(scim.getServiceProviderConfig().getPatch().isSupported());
        assertEquals(2, scim.getResourceTypes().getTotalResults());

        UserResource ada = new UserResource().setUserName("ada").setName(new Name().setGivenName("Ada")
                .setFamilyName("Lovelace")).setEmails(List.of(new Email().setValue("ada@example.com")
                .setType("work").setPrimary(true))).setActive(true);
        UserResource created = scim.create("Users", ada);
        String id = created.getId();
        assertEquals("W/\"1\"", created.getMeta().getVersion());
        assertThrows(ResourceConflictException.class, () -> scim.create("Users", ada));

        ListResponse<UserResource> found = scim.searchRequest("Users")
                .filter(Filter.eq("emails.value", "ADA@example.com")).invoke(UserResource.class);
        assertEquals(1, found.getTotalResults());
        assertEquals(id, found.getResources().get(0).getId());

        UserResource patched = scim.modifyRequest("Users", id).replaceValue("displayName", "Countess")
                .replaceValue("active", false).invoke(UserResource.class);
        assertEquals("Countess", patched.getDisplayName());
        assertFalse(patched.getActive());

        UserResource stale = created.setTitle("Analyst");
        assertThrows(PreconditionFailedException.class, () -> scim.replaceRequest(stale).ifMatch().invoke());
        UserResource fresh = scim.retrieve("Users", id, UserResource.class).setTitle("Analyst");
        UserResource replaced = scim.replaceRequest(fresh).ifMatch().invoke();
        assertEquals("Analyst", replaced.getTitle());
        assertEquals("W/\"3\"", replaced.getMeta().getVersion());

        GroupResource group = scim.create("Groups", new GroupResource().setDisplayName("Engineering")
                .setMembers(List.of(new Member().setValue(id))));
        assertEquals(id, group.getMembers().get(0).getValue());
        assertEquals(group.getId(), scim.retrieve("Users", id, UserResource.class).getGroups().get(0).getValue());
        ListResponse<GroupResource> groups = scim.searchRequest("Groups").sort("displayName", SortOrder.ASCENDING)
                .page(1, 10).invoke(GroupResource.class);
        assertEquals(1, groups.getTotalResults());

        scim.delete("Users", id);
        assertThrows(ResourceNotFoundException.class, () -> scim.retrieve("Users", id, UserResource.class));
        assertTrue(scim.retrieve("Groups", group.getId(), GroupResource.class).getMembers() == null
                || scim.retrieve("Groups", group.getId(), GroupResource.class).getMembers().isEmpty());
        scim.delete("Groups", group.getId());
        assertEquals(5, server.outboxRows(id), "created, patched, replaced, joined, deleted");
    }
}
