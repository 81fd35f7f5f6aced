package io.ssogate.core.mattermost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.testkit.emulator.MattermostEmulator;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The shared Mattermost client against the emulator, over real HTTP. */
class MattermostClientTest {

    private MattermostEmulator mattermost;
    private MattermostClient client;

    @BeforeEach
    void start() {
        mattermost = MattermostEmulator.builder().port(0).seedDemoUsers().adminToken("admin-token-for-tests")
                .build().start();
        client = new MattermostClient(mattermost.baseUri(), mattermost.adminToken(), Duration.ofSeconds(2));
    }

    @AfterEach
    void stop() {
        client.close();
        mattermost.close();
    }

    @Test
    void pingIsHealthyWhileMattermostAnswersAndUnhealthyWhenItHangs() {
        assertTrue(client.ping());
        mattermost.setUnresponsive(true);
        try {
            assertFalse(client.ping(), "a hanging Mattermost is reported unhealthy after the timeout");
        } finally {
            mattermost.setUnresponsive(false);
        }
    }

    @Test
    void loginReturnsTokensAndTheBrowserCookies() {
        MattermostLogin login = client.login("alice", "Passw0rd!", "203.0.113.9");
        assertNotNull(login.sessionToken());
        assertNotNull(login.csrfToken(), "MMCSRF comes only with X-Requested-With: XMLHttpRequest");
        assertEquals("alice", login.user().username());
        assertEquals(3, login.setCookieHeaders().size(), login.setCookieHeaders()::toString);
        assertTrue(login.setCookieHeaders().stream().anyMatch(c -> c.startsWith("MMAUTHTOKEN=" + login.sessionToken())));
        assertFalse(login.toString().contains(login.sessionToken()), "tokens never reach a log line");
    }

    @Test
    void wrongPasswordGivesMattermostsMaskedErrorId() {
        MattermostApiException e = assertThrows(MattermostApiException.class,
                () -> client.login("alice", "wrong-password", null));
        assertEquals(401, e.statusCode());
        assertEquals("api.user.login.invalid_credentials_email_username", e.errorId());
    }

    @Test
    void createFindDeactivateRoundTrip() {
        MattermostUser created = client.createUser(new NewMattermostUser("carol", "Carol@Example.com",
                "S3cret-pass", "Carol", "Jones", null, true));
        assertEquals("carol@example.com", created.email(), "Mattermost lowercases e-mail addresses");
        assertEquals(created.id(), client.findUserByEmail("carol@example.com").orElseThrow().id());
        assertEquals(created.id(), client.findUserByUsername("carol").orElseThrow().id());
        assertTrue(client.findUserByUsername("nobody-here").isEmpty());

        MattermostApiException duplicate = assertThrows(MattermostApiException.class, () -> client.createUser(
                new NewMattermostUser("carol2", "carol@example.com", "S3cret-pass", null, null, null, true)));
        assertEquals("app.user.save.email_exists.app_error", duplicate.errorId());

        client.login("carol", "S3cret-pass", null);
        client.setActive(created.id(), false);
        assertFalse(client.getUser(created.id()).isActive());
        MattermostApiException inactive = assertThrows(MattermostApiException.class,
                () -> client.login("carol", "S3cret-pass", null));
        assertEquals("api.user.login.inactive.app_error", inactive.errorId());
    }

    @Test
    void adminCallsAfterAUserLoginStillRunAsAdmin() {
        // Mattermost takes the MMAUTHTOKEN cookie before the Authorization header: a client that kept the
        // login's cookies would run the next admin call as alice and get 403.
        client.login("alice", "Passw0rd!", null);
        MattermostUser bob = client.findUserByUsername("bob").orElseThrow();
        MattermostUser patched = client.patchUser(bob.id(), Map.of("nickname", "bobby"));
        assertEquals("bobby", patched.nickname());
    }

    @Test
    void passwordSetByAdminIsTheOneThatLogsIn() {
        MattermostUser bob = client.findUserByUsername("bob").orElseThrow();
        client.setPassword(bob.id(), "An0ther-password");
        assertEquals("bob", client.login("bob", "An0ther-password", null).user().username());
    }

    @Test
    void logoutAndRevokeAllEndTheSessionsAtMattermost() {
        MattermostLogin first = client.login("alice", "Passw0rd!", null);
        client.logout(first.sessionToken());
        assertFalse(mattermost.isSessionValid(first.sessionToken()));

        MattermostLogin second = client.login("alice", "Passw0rd!", null);
        client.revokeAllSessions(second.user().id());
        assertFalse(mattermost.isSessionValid(second.sessionToken()));
    }

    @Test
    void teamIsFoundByNameAndMembershipIsAddedAndRemoved() {
        assertEquals(mattermost.teamId(), client.findTeamIdByName(MattermostEmulator.TEAM_NAME).orElseThrow());
        assertTrue(client.findTeamIdByName("no-such-team").isEmpty());

        MattermostUser dave = client.createUser(new NewMattermostUser("dave", "dave@example.com", "S3cret-pass",
                null, null, null, true));
        assertFalse(mattermost.isTeamMember(mattermost.teamId(), dave.id()), "a user created by the API is on no team");

        client.addTeamMember(mattermost.teamId(), dave.id());
        assertTrue(mattermost.isTeamMember(mattermost.teamId(), dave.id()), "added");

        client.removeTeamMember(mattermost.teamId(), dave.id());
        assertFalse(mattermost.isTeamMember(mattermost.teamId(), dave.id()), "removed");

        String noSuchTeam = "0123456789abcdefghijklmnop";
        MattermostApiException wrongTeam = assertThrows(MattermostApiException.class,
                () -> client.addTeamMember(noSuchTeam, dave.id()));
        assertEquals(404, wrongTeam.statusCode(), wrongTeam::getMessage);
        assertFalse(mattermost.isTeamMember(mattermost.teamId(), dave.id()), "a failed add changes nothing");
    }

    @Test
    void channelIsFoundByTeamAndNameAndMembershipIsAddedAndRemoved() {
        String devId = mattermost.createChannel(mattermost.teamId(), "dev", "Dev");
        assertEquals(devId, client.findChannelId(mattermost.teamId(), "dev").orElseThrow());
        assertTrue(client.findChannelId(mattermost.teamId(), "no-such-channel").isEmpty());

        MattermostUser erin = client.createUser(new NewMattermostUser("erin", "erin@example.com", "S3cret-pass",
                null, null, null, true));
        client.addTeamMember(mattermost.teamId(), erin.id());
        client.addChannelMember(devId, erin.id());
        assertTrue(mattermost.isChannelMember(devId, erin.id()), "added");

        client.removeChannelMember(devId, erin.id());
        assertFalse(mattermost.isChannelMember(devId, erin.id()), "removed");
    }

    @Test
    void permanentDeletionIsRefusedUnlessEnabledAndThenRemovesTheAccount() {
        MattermostUser frank = client.createUser(new NewMattermostUser("frank", "frank@example.com", "S3cret-pass",
                null, null, null, true));
        MattermostApiException refused = assertThrows(MattermostApiException.class,
                () -> client.deleteUserPermanently(frank.id()));
        assertEquals(401, refused.statusCode());
        assertEquals("api.user.delete_user.not_enabled.for_admin.app_error", refused.errorId());
        assertTrue(client.getUser(frank.id()).isActive(), "a refused deletion changes nothing");

        mattermost.config().enableApiUserDeletion(true);
        client.deleteUserPermanently(frank.id());
        assertTrue(client.findUserByEmail("frank@example.com").isEmpty(), "gone for good");
    }

    @Test
    void positionIsReadBack() {
        MattermostUser bob = client.findUserByUsername("bob").orElseThrow();
        assertEquals("Engineer", client.patchUser(bob.id(), Map.of("position", "Engineer")).position());
    }

    @Test
    void adminCallWithoutAdminTokenIsRefusedLocally() {
        try (MattermostClient anonymous = new MattermostClient(mattermost.baseUri(), null, Duration.ofSeconds(2))) {
            assertThrows(IllegalStateException.class, () -> anonymous.findUserByUsername("alice"));
            assertTrue(anonymous.ping());
        }
    }

    @Test
    void unreachableMattermostIsStatusZeroWithTheAddress() {
        String host = mattermost.baseUri().getHost();
        mattermost.close();
        MattermostApiException e = assertThrows(MattermostApiException.class,
                () -> client.login("alice", "Passw0rd!", null));
        assertEquals(0, e.statusCode());
        assertTrue(e.getMessage().contains(host), e.getMessage());
    }
}
