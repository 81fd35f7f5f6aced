package io.ssogate.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.ssogate.testkit.emulator.EmulatorClient.assertError;
import static io.ssogate.testkit.emulator.EmulatorClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /__emulator/ test controls and the pages for browser tests. */
class TestControlsTest {
    private static MattermostEmulator emu;
    private static EmulatorClient client;

    @BeforeAll
    static void start() {
        emu = MattermostEmulator.builder().seedDemoUsers().build().start();
        client = new EmulatorClient(emu.baseUri());
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void eventControlPushesToTheNamedUsersSockets() {
        EmulatorClient.Socket s = client.openSocket("/api/v4/websocket", Map.of("Authorization", "Bearer " + client.login("bob", "Passw0rd!")));
        s.next();
        HttpResponse<String> r = client.post("/__emulator/events", "{\"username\":\"bob\",\"event\":\"typing\",\"data\":{\"parent_id\":\"\"}}");
        assertEquals(200, r.statusCode(), r.body());
        assertEquals(1, json(r).get("delivered").asInt());
        JsonNode event = s.next();
        assertEquals("typing", event.get("event").asText());
        assertTrue(event.path("data").has("parent_id"));
        assertEquals(404, client.post("/__emulator/events", "{\"username\":\"nobody\",\"event\":\"x\"}").statusCode());
        assertEquals(400, client.post("/__emulator/events", "{\"username\":\"bob\"}").statusCode());
        s.close();
    }

    @Test
    void expireControlEndsOneSessionOrAllOfAUsers() {
        String t1 = client.login("alice", "Passw0rd!");
        String t2 = client.login("alice", "Passw0rd!");
        assertEquals(200, client.post("/__emulator/sessions/expire", "{\"token\":\"" + t1 + "\"}").statusCode());
        assertFalse(emu.isSessionValid(t1));
        assertTrue(emu.isSessionValid(t2));
        HttpResponse<String> all = client.post("/__emulator/sessions/expire", "{\"username\":\"alice\"}");
        assertTrue(json(all).get("expired").asInt() >= 1);
        assertFalse(emu.isSessionValid(t2));
        assertEquals(401, client.get("/api/v4/users/me", "Authorization", "Bearer " + t2).statusCode());
    }

    @Test
    void hangModeHoldsRequestsUntilSwitchedOff() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        assertEquals(200, client.post("/__emulator/unresponsive", "{\"mode\":\"hang\"}").statusCode());
        CompletableFuture<HttpResponse<String>> pending;
        try {
            pending = http.sendAsync(HttpRequest.newBuilder(emu.baseUri().resolve("/api/v4/system/ping")).build(),
                    HttpResponse.BodyHandlers.ofString());
            // Wait until the request is parked (the emulator has it, and has not answered).
            assertTrue(emu.awaitUnansweredRequests(1, Duration.ofSeconds(5)), "the request reached the emulator");
            assertEquals(1, emu.unansweredRequestCount());
            assertFalse(pending.isDone(), "a parked request gets no answer");
        } finally {
            assertEquals(200, client.post("/__emulator/unresponsive", "{\"mode\":\"off\"}").statusCode(), "controls are never parked");
        }
        HttpResponse<String> answered = pending.get(10, TimeUnit.SECONDS);
        assertEquals(200, answered.statusCode());
        assertEquals("OK", json(answered).get("status").asText());
        assertEquals(0, emu.unansweredRequestCount());
        assertEquals(400, client.post("/__emulator/unresponsive", "{\"mode\":\"sometimes\"}").statusCode());
    }

    @Test
    void selectiveHangModeHoldsOnlyTheNamedRequestAndRunsItWhenSwitchedOff() throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        emu.setUnresponsiveTo("POST", "/api/v4/users/logout");
        CompletableFuture<HttpResponse<String>> held;
        try {
            held = http.sendAsync(HttpRequest.newBuilder(emu.baseUri().resolve("/api/v4/users/logout"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
            assertTrue(emu.awaitUnansweredRequests(1, Duration.ofSeconds(5)), "the named request is held");
            assertEquals(200, client.get("/api/v4/system/ping").statusCode(), "other requests are answered");
            assertFalse(held.isDone());
        } finally {
            emu.setUnresponsive(false);
        }
        assertEquals(200, held.get(10, TimeUnit.SECONDS).statusCode(), "held, then run");
        assertEquals(0, emu.unansweredRequestCount());
    }

    @Test
    void stoppingTheEmulatorDropsHeldRequests() throws Exception {
        MattermostEmulator own = MattermostEmulator.builder().build().start();
        own.setUnresponsive(true);
        CompletableFuture<HttpResponse<String>> pending = HttpClient.newHttpClient().sendAsync(
                HttpRequest.newBuilder(own.baseUri().resolve("/api/v4/system/ping")).build(), HttpResponse.BodyHandlers.ofString());
        assertTrue(own.awaitUnansweredRequests(1, Duration.ofSeconds(5)), "the request reached the emulator");
        assertEquals(1, own.unansweredRequestCount());
        own.close();
        ExecutionException dropped = assertThrows(ExecutionException.class, () -> pending.get(30, TimeUnit.SECONDS));
        assertInstanceOf(IOException.class, dropped.getCause(), "the connection is closed without an answer");
    }

    @Test
    void siteUrlControlChangesTheCookiePath() {
        try {
            assertEquals(200, client.post("/__emulator/site-url", "{\"site_url\":\"http://gw.example.com/mm\"}").statusCode());
            assertEquals(URI.create("http://gw.example.com/mm"), emu.config().siteUrl());
            HttpResponse<String> r = client.post("/api/v4/users/login", "{\"login_id\":\"alice\",\"password\":\"Passw0rd!\"}", "X-Requested-With", "XMLHttpRequest");
            assertTrue(r.headers().firstValue("Set-Cookie").orElseThrow().contains("; Path=/mm;"));
            assertEquals(400, client.post("/__emulator/site-url", "{\"site_url\":\"no-scheme\"}").statusCode());
        } finally {
            assertEquals(200, client.post("/__emulator/site-url", "{\"site_url\":null}").statusCode());
        }
    }

    /** The README's forms: {"site_url":null} or "" clears it; a bare null is not a JSON object. */
    @Test
    void siteUrlControlClearsWithNullOrEmptyAndRefusesABareNull() {
        try {
            for (String clear : List.of("{\"site_url\":null}", "{\"site_url\":\"\"}")) {
                emu.setSiteUrl(URI.create("http://gw.example.com/mm"));
                HttpResponse<String> cleared = client.post("/__emulator/site-url", clear);
                assertEquals(200, cleared.statusCode(), clear);
                assertEquals("", json(cleared).get("site_url").asText(), clear);
                assertNull(emu.config().siteUrl(), clear);
                HttpResponse<String> r = client.post("/api/v4/users/login", "{\"login_id\":\"alice\",\"password\":\"Passw0rd!\"}", "X-Requested-With", "XMLHttpRequest");
                assertTrue(r.headers().firstValue("Set-Cookie").orElseThrow().contains("; Path=/;"), "cookies at the root again");
            }
            emu.setSiteUrl(URI.create("http://gw.example.com/mm"));
            assertError(client.post("/__emulator/site-url", "null"), 400, "emulator.control.body");
            assertEquals(URI.create("http://gw.example.com/mm"), emu.config().siteUrl(), "a refused body changes nothing");
        } finally {
            emu.setSiteUrl(null);
        }
    }

    @Test
    void echoReportsMethodPathQueryHeadersAndBodyDigest() throws Exception {
        String body = "x".repeat(100_000);
        HttpResponse<String> r = client.send("PUT", "/__emulator/echo/a/b%20c?x=1&y=2", body, "X-Custom", "one", "X-Custom", "two");
        assertEquals(200, r.statusCode());
        JsonNode echo = json(r);
        assertEquals("PUT", echo.get("method").asText());
        assertEquals("/__emulator/echo/a/b%20c", echo.get("path").asText());
        assertEquals("x=1&y=2", echo.get("query").asText());
        assertEquals(100_000, echo.get("body_bytes").asLong());
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(sha, echo.get("body_sha256").asText());
        int custom = 0;
        for (JsonNode h : echo.get("headers")) {
            if (h.get(0).asText().equalsIgnoreCase("x-custom")) {
                custom++;
            }
        }
        assertEquals(2, custom, "repeated headers are listed one pair each: " + echo.get("headers"));
    }

    @Test
    void loginPageHasTheFormTheBrowserTestsUse() {
        HttpResponse<String> r = client.get("/login?redirect_to=%2Fx");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        for (String needle : new String[] {"id=\"login_id\"", "id=\"password\" name=\"password\" type=\"password\"", "id=\"login_button\"",
                "id=\"login_error\"", "'api/v4/users/login'", "'X-Requested-With': 'XMLHttpRequest'"}) {
            assertTrue(r.body().contains(needle), "login page has " + needle);
        }
    }

    @Test
    void homePageShowsUserSocketAndEvents() {
        HttpResponse<String> r = client.get("/");
        assertEquals(200, r.statusCode());
        for (String needle : new String[] {"id=\"current_user\"", "id=\"ws_status\"", "id=\"events\"", "id=\"logout_button\"",
                "'api/v4/users/me'", "'api/v4/websocket'", "li.className = 'event'"}) {
            assertTrue(r.body().contains(needle), "home page has " + needle);
        }
    }
}
