package io.ssogate.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Iterator;
import java.util.Map;

import static io.ssogate.testkit.emulator.EmulatorClient.assertError;
import static io.ssogate.testkit.emulator.EmulatorClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Teams and channels (doc section 8), ping (section 11), client config and licence (section 12). */
class TeamAndSystemApiTest {
    private static MattermostEmulator emu;
    private static EmulatorClient client;
    private static String admin;

    @BeforeAll
    static void start() {
        emu = MattermostEmulator.builder().seedDemoUsers().build().start();
        client = new EmulatorClient(emu.baseUri());
        admin = "Bearer " + emu.adminToken();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void seededTeamAndTownSquareAreFoundByName() {
        JsonNode team = json(client.get("/api/v4/teams/name/ssogate", "Authorization", admin));
        assertEquals(emu.teamId(), team.get("id").asText());
        assertEquals("O", team.get("type").asText());
        JsonNode channel = json(client.get("/api/v4/teams/" + emu.teamId() + "/channels/name/town-square", "Authorization", admin));
        assertEquals(emu.townSquareChannelId(), channel.get("id").asText());
        assertEquals(emu.townSquareChannelId(),
                json(client.get("/api/v4/teams/name/ssogate/channels/name/town-square", "Authorization", admin)).get("id").asText());
        assertEquals(404, client.get("/api/v4/teams/name/nope", "Authorization", admin).statusCode());
        assertEquals(404, client.get("/api/v4/teams/" + emu.teamId() + "/channels/name/nope", "Authorization", admin).statusCode());
    }

    @Test
    void teamAndChannelMembershipFollowsSectionEight() {
        EmulatorUser dave = emu.createUser("dave", "dave@example.com", "Passw0rd!");
        String team = emu.teamId();
        String channel = emu.townSquareChannelId();
        assertEquals(200, client.send("DELETE", "/api/v4/teams/" + team + "/members/" + dave.id(), null, "Authorization", admin).statusCode());
        // The user must be on the channel's team first.
        assertEquals(403, client.post("/api/v4/channels/" + channel + "/members", "{\"user_id\":\"" + dave.id() + "\"}", "Authorization", admin).statusCode());
        assertError(client.post("/api/v4/teams/" + team + "/members", "{\"team_id\":\"abcdefghijklmnopqrstuvwxyz\",\"user_id\":\"" + dave.id() + "\"}", "Authorization", admin),
                400, "api.context.invalid_body_param.app_error");
        HttpResponse<String> added = client.post("/api/v4/teams/" + team + "/members",
                "{\"team_id\":\"" + team + "\",\"user_id\":\"" + dave.id() + "\"}", "Authorization", admin);
        assertEquals(201, added.statusCode(), added.body());
        assertEquals(dave.id(), json(added).get("user_id").asText());
        HttpResponse<String> inChannel = client.post("/api/v4/channels/" + channel + "/members", "{\"user_id\":\"" + dave.id() + "\"}", "Authorization", admin);
        assertEquals(201, inChannel.statusCode(), inChannel.body());
        assertEquals(channel, json(inChannel).get("channel_id").asText());
        HttpResponse<String> removed = client.send("DELETE", "/api/v4/channels/" + channel + "/members/" + dave.id(), null, "Authorization", admin);
        assertEquals(200, removed.statusCode());
        assertEquals("OK", json(removed).get("status").asText());
    }

    @Test
    void nonAdminCannotAddMembers() {
        String bob = client.login("bob", "Passw0rd!");
        String alice = emu.findUser("alice").orElseThrow().id();
        assertError(client.post("/api/v4/teams/" + emu.teamId() + "/members", "{\"team_id\":\"" + emu.teamId() + "\",\"user_id\":\"" + alice + "\"}",
                "Authorization", "Bearer " + bob), 403, "api.context.permissions.app_error");
    }

    @Test
    void pingIsOkWithoutAuthAndAddsStatusesOnRequest() {
        JsonNode ping = json(client.get("/api/v4/system/ping"));
        assertEquals("OK", ping.get("status").asText());
        assertFalse(ping.has("database_status"));
        HttpResponse<String> full = client.get("/api/v4/system/ping?get_server_status=true");
        assertEquals("OK", json(full).get("database_status").asText());
        assertEquals("OK", json(full).get("filestore_status").asText());
    }

    @Test
    void clientConfigAndLicenceAreAllStringsAndUnlicensed() {
        JsonNode config = json(client.get("/api/v4/config/client?format=old"));
        for (Iterator<Map.Entry<String, JsonNode>> it = config.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            assertTrue(e.getValue().isTextual(), e.getKey() + " is a string");
        }
        assertEquals("true", config.get("EnableSignInWithEmail").asText());
        assertEquals("false", config.get("EnableSaml").asText());
        JsonNode licence = json(client.get("/api/v4/license/client?format=old"));
        assertEquals("false", licence.get("IsLicensed").asText());
        assertEquals(501, client.get("/api/v4/config/client").statusCode(), "only format=old exists");
    }
}
