package io.ssogate.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The WebSocket of doc section 10: auth, hello, ping, events, the unauthenticated timeout, the Origin check. */
class WebSocketTest {
    private static MattermostEmulator emu;
    private static EmulatorClient client;

    @BeforeAll
    static void start() {
        emu = MattermostEmulator.builder().seedDemoUsers().webSocketAuthTimeout(Duration.ofMillis(500)).build().start();
        client = new EmulatorClient(emu.baseUri());
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    private static void assertHello(JsonNode hello, String userId) {
        assertEquals("hello", hello.get("event").asText());
        assertEquals(0, hello.get("seq").asLong());
        assertEquals(26, hello.path("data").path("connection_id").asText().length());
        assertEquals(ServerVersion.VERSION_ID, hello.path("data").path("server_version").asText());
        assertEquals(userId, hello.path("broadcast").path("user_id").asText());
    }

    @Test
    void bearerOnTheUpgradeAuthenticatesAndHelloComesFirst() {
        String token = client.login("alice", "Passw0rd!");
        EmulatorClient.Socket s = client.openSocket("/api/v4/websocket", Map.of("Authorization", "Bearer " + token));
        assertHello(s.next(), emu.findUser("alice").orElseThrow().id());
        s.close();
    }

    @Test
    void cookieOnTheUpgradeAuthenticatesAlsoWithTrailingSlash() {
        String token = client.login("bob", "Passw0rd!");
        EmulatorClient.Socket s = client.openSocket("/api/v4/websocket/", Map.of("Cookie", "MMAUTHTOKEN=" + token));
        assertHello(s.next(), emu.findUser("bob").orElseThrow().id());
        s.close();
    }

    @Test
    void authenticationChallengeThenHelloThenPingPong() {
        String token = client.login("alice", "Passw0rd!");
        EmulatorClient.Socket s = client.openSocket("/api/v4/websocket", Map.of());
        s.send("{\"seq\":1,\"action\":\"authentication_challenge\",\"data\":{\"token\":\"" + token + "\"}}");
        JsonNode reply = s.next();
        assertEquals("OK", reply.get("status").asText());
        assertEquals(1, reply.get("seq_reply").asLong());
        assertHello(s.next(), emu.findUser("alice").orElseThrow().id());
        s.send("{\"seq\":2,\"action\":\"ping\"}");
        JsonNode pong = s.next();
        assertEquals(2, pong.get("seq_reply").asLong());
        assertEquals("pong", pong.path("data").path("text").asText());
        assertEquals(ServerVersion.VERSION_ID, pong.path("data").path("version").asText());
        assertTrue(pong.path("data").path("server_time").asLong() > 0);
        assertTrue(pong.path("data").has("node_id"));
        s.close();
    }

    @Test
    void actionsBeforeAuthenticationFail() {
        EmulatorClient.Socket s = client.openSocket("/api/v4/websocket", Map.of());
        s.send("{\"seq\":1,\"action\":\"ping\"}");
        JsonNode reply = s.next();
        assertEquals("FAIL", reply.get("status").asText());
        assertEquals("api.web_socket_router.not_authenticated.app_error", reply.path("error").path("id").asText());
        s.close();
    }

    /**
     * websocket_router.go closes the connection when the challenge's token is not a string or names no
     * session, with no reply, long before the unauthenticated timeout. The emulator here waits a minute
     * for that timeout, so only the router's close can end the connection within the test.
     */
    @Test
    void failedAuthenticationChallengeClosesTheConnectionAtOnceWithoutAReply() throws Exception {
        try (MattermostEmulator patient = MattermostEmulator.builder().webSocketAuthTimeout(Duration.ofMinutes(1))
                .build().start()) {
            EmulatorClient patientClient = new EmulatorClient(patient.baseUri());
            for (String challenge : List.of(
                    "{\"seq\":1,\"action\":\"authentication_challenge\",\"data\":{\"token\":\"nonsense\"}}",
                    "{\"seq\":1,\"action\":\"authentication_challenge\",\"data\":{\"token\":42}}",
                    "{\"seq\":1,\"action\":\"authentication_challenge\"}")) {
                EmulatorClient.Socket s = patientClient.openSocket("/api/v4/websocket", Map.of());
                s.send(challenge);
                int code = s.closed.get(10, TimeUnit.SECONDS);
                assertEquals(1008, code, challenge);
                assertTrue(s.messages.isEmpty(), "no reply before the close: " + s.messages);
            }
        }
    }

    @Test
    void challengeOnAnAuthenticatedConnectionGetsNoReply() {
        String token = client.login("bob", "Passw0rd!");
        EmulatorClient.Socket s = client.openSocket("/api/v4/websocket", Map.of("Authorization", "Bearer " + token));
        assertHello(s.next(), emu.findUser("bob").orElseThrow().id());
        s.send("{\"seq\":1,\"action\":\"authentication_challenge\",\"data\":{\"token\":\"" + token + "\"}}");
        s.send("{\"seq\":2,\"action\":\"ping\"}");
        JsonNode next = s.next();
        assertEquals(2, next.get("seq_reply").asLong(), "the first reply is the ping's: " + next);
        s.close();
    }

    @Test
    void accessTokenInTheQueryStringIsRefusedOnTheUpgrade() {
        String token = client.login("alice", "Passw0rd!");
        CompletionException refused = assertThrows(CompletionException.class,
                () -> client.openSocketAsync("/api/v4/websocket?access_token=" + token, Map.of()).join());
        WebSocketHandshakeException handshake = assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
        assertEquals(401, handshake.getResponse().statusCode());
        assertTrue(String.valueOf(handshake.getResponse().body()).contains("api.context.token_provided.app_error"),
                String.valueOf(handshake.getResponse().body()));
    }

    @Test
    void unauthenticatedConnectionIsClosedAfterTheTimeout() throws Exception {
        EmulatorClient.Socket s = client.openSocket("/api/v4/websocket", Map.of());
        int code = s.closed.get(5, TimeUnit.SECONDS);
        assertEquals(1008, code, "policy violation close");
    }

    @Test
    void pushedEventsCarryRisingSeqAndReachOnlyThatUser() {
        String alice = emu.findUser("alice").orElseThrow().id();
        EmulatorClient.Socket a = client.openSocket("/api/v4/websocket", Map.of("Authorization", "Bearer " + client.login("alice", "Passw0rd!")));
        EmulatorClient.Socket b = client.openSocket("/api/v4/websocket", Map.of("Authorization", "Bearer " + client.login("bob", "Passw0rd!")));
        a.next();
        b.next();
        assertTrue(emu.pushEvent(alice, "posted", Map.of("n", 1)) >= 1);
        emu.pushEvent(alice, "posted", Map.of("n", 2));
        JsonNode first = a.next();
        JsonNode second = a.next();
        assertEquals("posted", first.get("event").asText());
        assertEquals(1, first.path("data").path("n").asInt());
        assertEquals(1, first.get("seq").asLong());
        assertEquals(2, second.get("seq").asLong());
        assertEquals(alice, first.path("broadcast").path("user_id").asText());
        b.send("{\"seq\":1,\"action\":\"ping\"}");
        assertEquals("pong", b.next().path("data").path("text").asText(), "bob got no posted event before his pong");
        a.close();
        b.close();
    }

    @Test
    void deactivationPublishesUserActivationStatusChange() {
        EmulatorUser erin = emu.createUser("erin", "erin@example.com", "Passw0rd!");
        EmulatorClient.Socket watcher = client.openSocket("/api/v4/websocket", Map.of("Authorization", "Bearer " + client.login("admin", "Passw0rd!")));
        watcher.next();
        String erinToken = client.login("erin", "Passw0rd!");
        assertEquals(200, client.put("/api/v4/users/" + erin.id() + "/active", "{\"active\":false}", "Authorization", "Bearer " + emu.adminToken()).statusCode());
        JsonNode event = watcher.next();
        assertEquals("user_activation_status_change", event.get("event").asText());
        assertTrue(!emu.isSessionValid(erinToken));
        watcher.close();
    }

    @Test
    void originMustMatchTheSiteUrlAndNullIsRefused() {
        String token = client.login("alice", "Passw0rd!");
        try {
            emu.setSiteUrl(URI.create("https://chat.example.com"));
            CompletionException refused = assertThrows(CompletionException.class, () -> client.openSocketAsync("/api/v4/websocket",
                    Map.of("Authorization", "Bearer " + token, "Origin", "https://evil.example.com")).join());
            assertInstanceOf(WebSocketHandshakeException.class, refused.getCause());
            assertEquals(403, ((WebSocketHandshakeException) refused.getCause()).getResponse().statusCode());
            CompletionException nul = assertThrows(CompletionException.class, () -> client.openSocketAsync("/api/v4/websocket",
                    Map.of("Origin", "null")).join());
            assertEquals(403, ((WebSocketHandshakeException) nul.getCause()).getResponse().statusCode());
            EmulatorClient.Socket ok = client.openSocket("/api/v4/websocket",
                    Map.of("Authorization", "Bearer " + token, "Origin", "https://chat.example.com:443"));
            assertEquals("hello", ok.next().get("event").asText());
            ok.close();
        } finally {
            emu.setSiteUrl(null);
        }
        EmulatorClient.Socket noSiteUrl = client.openSocket("/api/v4/websocket",
                Map.of("Authorization", "Bearer " + token, "Origin", emu.baseUri().toString()));
        assertEquals("hello", noSiteUrl.next().get("event").asText(), "without a SiteURL the Origin must match Host");
        noSiteUrl.close();
    }
}
