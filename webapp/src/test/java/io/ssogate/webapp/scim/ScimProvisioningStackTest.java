package io.ssogate.webapp.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.unboundid.scim2.client.ScimService;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.types.Email;
import com.unboundid.scim2.common.types.GroupResource;
import com.unboundid.scim2.common.types.Member;
import com.unboundid.scim2.common.types.Name;
import com.unboundid.scim2.common.types.UserResource;
import io.ssogate.scim.auth.ScimTokens;
import io.ssogate.scim.config.ScimConfig;
import io.ssogate.testkit.emulator.EmulatorUser;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.time.Eventually;
import io.ssogate.webapp.support.HttpBrowser;
import io.ssogate.webapp.support.SignInStack;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;
import jakarta.ws.rs.client.ClientRequestFilter;
import org.glassfish.jersey.client.HttpUrlConnectorProvider;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Provisioning through the whole gateway, as an IdP does it: UnboundID's SCIM client (no one here wrote it)
 * with a token from the gateway's own token store, the gateway with single sign-on, the Mattermost login and
 * SCIM, and the Mattermost emulator whose state is checked after each step.
 */
class ScimProvisioningStackTest {

    private static final String URN_MATTERMOST = "urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User";

    @TempDir
    Path temp;

    private SignInStack stack;
    private Client client;
    private ScimService scim;
    private String engineeringTeam;
    private String devChannel;

    @BeforeEach
    void start() {
        ScimConfig config = new ScimConfig(true, ScimConfig.DEFAULT_MAX_BODY_SIZE, ScimConfig.DEFAULT_MAX_RESULTS,
                ScimConfig.DeleteMode.DEACTIVATE,
                List.of(new ScimConfig.GroupMapping("demo", "Engineering", "engineering", List.of("dev"))),
                Duration.ofMillis(100), Duration.ofSeconds(1));
        stack = SignInStack.start(temp, login -> login, config);
        MattermostEmulator mattermost = stack.mattermost();
        engineeringTeam = mattermost.createTeam("engineering", "Engineering");
        devChannel = mattermost.createChannel(engineeringTeam, "dev", "Development");
        String token = new ScimTokens(stack.gateway().application().awaitStorage().dataSource(), Clock.systemUTC())
                .create("demo", "stack test").token().reveal();
        client = ClientBuilder.newClient()
                .property(HttpUrlConnectorProvider.SET_METHOD_WORKAROUND, true) // PATCH over HttpURLConnection
                .register((ClientRequestFilter) request ->
                        request.getHeaders().putSingle("Authorization", "Bearer " + token));
        scim = new ScimService(client.target(stack.uri("/scim/v2")));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        stack.close();
    }

    @Test
    void aProvisionedPersonSignsInToTheirAccountIsRenamedInPlaceAndLeavesWhenDeactivated() throws Exception {
        UserResource created = scim.create("Users", person("carol.ito@demo.example", "Carol", "Ito"));

        EmulatorUser carol = awaitAccount("carol.ito@demo.example");
        assertEquals("carol.ito", carol.username());
        assertTrue(carol.active());
        Eventually.await("the record says it is in step", () -> "SYNCED".equals(syncState(created.getId())));
        assertEquals(carol.id(), extension(created.getId()).path("userId").asText(), "the record names the account");

        HttpBrowser browser = new HttpBrowser();
        HttpBrowser.Page landed = browser.signIn(stack, "carol.ito@demo.example", "/");
        assertEquals(200, landed.status(), landed.hops().toString());
        assertEquals(carol.id(), browser.cookie(stack.uri("/"), "MMUSERID").orElseThrow(),
                "signed in to the account SCIM made, not a second one");
        String mattermostSession = browser.cookie(stack.uri("/"), "MMAUTHTOKEN").orElseThrow();

        // Renamed at the IdP (userName and email), replaced whole as Okta does: the same account changes.
        UserResource renamed = person("carol.sato@demo.example", "Carol", "Sato");
        renamed.setId(created.getId());
        renamed.setMeta(scim.retrieve("Users", created.getId(), UserResource.class).getMeta()); // its location and version
        scim.replace(renamed);
        Eventually.await("the account is renamed", () -> stack.mattermost().findUserById(carol.id())
                .map(u -> u.username().equals("carol.sato") && u.email().equals("carol.sato@demo.example"))
                .orElse(false), () -> stack.mattermost().findUserById(carol.id()).toString());
        assertTrue(stack.mattermost().findUser("carol.ito").isEmpty(), "no second account under the old name");

        // Deactivated, as Entra does it (PATCH active): Mattermost's and the gateway's sessions end.
        scim.modifyRequest("Users", created.getId()).replaceValue("active", false).invoke(GenericScimResource.class);
        Eventually.await("the account is deactivated",
                () -> !stack.mattermost().findUserById(carol.id()).orElseThrow().active());
        assertFalse(stack.mattermost().isSessionValid(mattermostSession), "Mattermost's session revoked");
        HttpBrowser.Page after = browser.get(stack.uri("/api/v4/users/me"), "X-Requested-With", "XMLHttpRequest");
        assertEquals(401, after.status(), "the gateway session ended too: " + after.body());

        scim.modifyRequest("Users", created.getId()).replaceValue("active", true).invoke(GenericScimResource.class);
        Eventually.await("the account is active again",
                () -> stack.mattermost().findUserById(carol.id()).orElseThrow().active());
    }

    @Test
    void membersOfAMappedGroupJoinItsTeamAndChannelAndLeaveThemWhenRemoved() throws Exception {
        UserResource dan = scim.create("Users", person("dan@demo.example", "Dan", "Abe"));
        GroupResource engineering = scim.create("Groups", new GroupResource().setDisplayName("Engineering")
                .setMembers(List.of(new Member().setValue(dan.getId()))));

        EmulatorUser account = awaitAccount("dan@demo.example");
        Eventually.await("dan is in the team and the channel",
                () -> stack.mattermost().isTeamMember(engineeringTeam, account.id())
                        && stack.mattermost().isChannelMember(devChannel, account.id()));

        scim.modifyRequest("Groups", engineering.getId())
                .removeValues("members[value eq \"" + dan.getId() + "\"]")
                .invoke(GroupResource.class);
        Eventually.await("dan left the team and the channel",
                () -> !stack.mattermost().isTeamMember(engineeringTeam, account.id())
                        && !stack.mattermost().isChannelMember(devChannel, account.id()));
        assertTrue(stack.mattermost().findUserById(account.id()).orElseThrow().active(), "still an active account");
    }

    @Test
    void aPersonOutsideTheTenantsDomainsIsKeptAsARecordButGetsNoAccount() throws Exception {
        UserResource eve = scim.create("Users", person("eve@elsewhere.example", "Eve", "Outside"));

        Eventually.await("the record says it is outside the domains",
                () -> "OUTSIDE_DOMAINS".equals(syncState(eve.getId())));
        assertTrue(stack.mattermost().findUser("eve").isEmpty());
        assertEquals("eve@elsewhere.example", scim.retrieve("Users", eve.getId(), UserResource.class).getUserName());
    }

    @Test
    void aDeletedUserIsDeactivatedInMattermostAndGoneFromScim() throws Exception {
        UserResource fay = scim.create("Users", person("fay@demo.example", "Fay", "Ueda"));
        EmulatorUser account = awaitAccount("fay@demo.example");

        scim.delete("Users", fay.getId());

        Eventually.await("the account is deactivated",
                () -> !stack.mattermost().findUserById(account.id()).orElseThrow().active());
        HttpBrowser.Page gone = new HttpBrowser().get(stack.uri("/scim/v2/Users/" + fay.getId()));
        assertEquals(401, gone.status(), "no token, no answer about it");
        assertEquals(0, scim.searchRequest("Users").filter("userName eq \"fay@demo.example\"")
                .invoke(UserResource.class).getTotalResults());
    }

    @Test
    void aHundredWritesDuringAMattermostOutageAndAGatewayRestartAreAllAppliedOnce() throws Exception {
        stack.stopMattermost();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ids.add(scim.create("Users", person(String.format("p%03d@demo.example", i), "P", "N" + i)).getId());
        }
        assertTrue(ids.stream().noneMatch(id -> "SYNCED".equals(syncState(id))), "nothing reached Mattermost");

        stack.restartGateway(); // the writes are in the outbox, not in this gateway's memory
        stack.startMattermostAgain();

        for (String id : ids) {
            Eventually.await("user " + id + " is in step", () -> "SYNCED".equals(syncState(id)));
        }
        List<String> made = stack.mattermost().state().users.page(0, 1000).stream()
                .map(account -> account.email).filter(email -> email.endsWith("@demo.example")).sorted().toList();
        assertEquals(100, made.size(), "one account each, none twice: " + made);
        assertEquals("p000@demo.example", made.get(0));
        assertEquals("p099@demo.example", made.get(99));
    }

    private static UserResource person(String email, String given, String family) {
        return new UserResource().setUserName(email)
                .setName(new Name().setGivenName(given).setFamilyName(family))
                .setDisplayName(given + " " + family)
                .setEmails(List.of(new Email().setValue(email).setType("work").setPrimary(true)))
                .setActive(true);
    }

    private EmulatorUser awaitAccount(String email) {
        Eventually.await("Mattermost has an account for " + email, () -> findByEmail(email).isPresent());
        return findByEmail(email).orElseThrow();
    }

    private Optional<EmulatorUser> findByEmail(String email) {
        return stack.mattermost().state().users.byEmail(email)
                .flatMap(account -> stack.mattermost().findUserById(account.id));
    }

    private JsonNode extension(String id) throws Exception {
        return scim.retrieve("Users", id, GenericScimResource.class).getObjectNode().path(URN_MATTERMOST);
    }

    private String syncState(String id) {
        try {
            return extension(id).path("syncState").asText();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
