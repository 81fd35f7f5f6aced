package io.ssogate.proxy.websocket;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import jakarta.websocket.CloseReason;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.ssogate.core.config.ProxyConfig;

/** The tunnel between a real WebSocket client and a real WebSocket server, both on loopback. */
class WebSocketTunnelTest {

    private static final long WAIT_SECONDS = 10;

    private static EchoUpstream upstream;
    private static TunnelGateway gateway;
    private static HttpClient client;

    @BeforeAll
    static void startServers() throws Exception {
        upstream = new EchoUpstream();
        gateway = new TunnelGateway(ProxyConfig.of(upstream.url()));
        client = HttpClient.newHttpClient();
    }

    @AfterAll
    static void stopServers() throws Exception {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void forgetPreviousConnections() {
        upstream.handshakes.clear();
        upstream.closes.clear();
    }

    private static WebSocket connect(RecordingListener listener) throws Exception {
        return client.newWebSocketBuilder()
                .subprotocols(EchoUpstream.SUBPROTOCOL)
                .buildAsync(gateway.webSocketUri(EchoUpstream.PATH), listener)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void textMessageMakesTheRoundTripThroughTheTunnel() throws Exception {
        RecordingListener listener = new RecordingListener();
        WebSocket webSocket = connect(listener);

        webSocket.sendText("{\"seq\":1,\"action\":\"ping\"}", true).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertEquals("{\"seq\":1,\"action\":\"ping\"}", listener.texts.poll(WAIT_SECONDS, TimeUnit.SECONDS),
                "the upstream's echo reaches the client unchanged");
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    @Test
    void oneMebibyteTextAndBinaryMessagesArriveIntact() throws Exception {
        RecordingListener listener = new RecordingListener();
        WebSocket webSocket = connect(listener);
        byte[] binary = new byte[1024 * 1024];
        new Random(42).nextBytes(binary);
        String text = "x".repeat(1024 * 1024 - 7) + "the-end";

        webSocket.sendBinary(ByteBuffer.wrap(binary), true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        webSocket.sendText(text, true).get(WAIT_SECONDS, TimeUnit.SECONDS);

        assertArrayEquals(binary, listener.binaries.poll(WAIT_SECONDS, TimeUnit.SECONDS),
                "a 1 MiB binary message spans many tunnel buffers yet comes back byte for byte");
        assertEquals(text, listener.texts.poll(WAIT_SECONDS, TimeUnit.SECONDS),
                "a 1 MiB text message comes back unchanged");
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    @Test
    void messagesTheUpstreamPushesUnaskedReachTheClient() throws Exception {
        RecordingListener listener = new RecordingListener();
        WebSocket webSocket = connect(listener);

        webSocket.sendText("push:3", true);

        for (int seq = 1; seq <= 3; seq++) {
            assertEquals("{\"event\":\"posted\",\"seq\":" + seq + "}", listener.texts.poll(WAIT_SECONDS, TimeUnit.SECONDS),
                    "server-initiated event " + seq + " arrives in order");
        }
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    @Test
    void originCookieAuthorizationAndQueryReachTheUpstreamUnchanged() throws Exception {
        RecordingListener listener = new RecordingListener();
        WebSocket webSocket = client.newWebSocketBuilder()
                .header("Origin", "https://chat.example.com")
                .header("Cookie", "MMAUTHTOKEN=session-token; MMUSERID=user-id")
                .header("Authorization", "Bearer personal-access-token")
                .subprotocols(EchoUpstream.SUBPROTOCOL)
                .buildAsync(gateway.webSocketUri(EchoUpstream.PATH + "?connection_id=abc%2Bdef&sequence_number=5"), listener)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        EchoUpstream.Handshake handshake = upstream.handshakes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(handshake, "the upstream accepted a handshake");
        assertEquals("https://chat.example.com", handshake.header("Origin"),
                "Mattermost checks Origin against its SiteURL, so it must not change");
        assertEquals("MMAUTHTOKEN=session-token; MMUSERID=user-id", handshake.header("Cookie"));
        assertEquals("Bearer personal-access-token", handshake.header("Authorization"));
        assertEquals("127.0.0.1:" + gateway.port(), handshake.header("Host"), "Host is the one the client sent");
        assertEquals("127.0.0.1", handshake.header("X-Forwarded-For"), "headers from the HTTP proxy are sent");
        assertEquals(EchoUpstream.PATH, handshake.path());
        assertEquals("connection_id=abc%2Bdef&sequence_number=5", handshake.query(),
                "the raw query, still percent-encoded, resumes Mattermost's connection");
        assertEquals(EchoUpstream.SUBPROTOCOL, webSocket.getSubprotocol(),
                "Sec-WebSocket-Protocol goes up and the upstream's choice comes back");
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    @Test
    void closeStartedByTheClientReachesTheUpstreamWithItsCode() throws Exception {
        RecordingListener listener = new RecordingListener();
        WebSocket webSocket = connect(listener);

        webSocket.sendClose(4001, "client leaving").get(WAIT_SECONDS, TimeUnit.SECONDS);

        CloseReason seenUpstream = awaitUpstreamClose(4001);
        assertNotNull(seenUpstream, "the upstream saw the close, with the client's code");
        assertEquals("client leaving", seenUpstream.getReasonPhrase());
        assertEquals(4001, listener.closeCode.get(WAIT_SECONDS, TimeUnit.SECONDS),
                "the upstream's close reply travels back through the tunnel");
        awaitNoOpenTunnels(gateway);
    }

    @Test
    void closeStartedByTheUpstreamReachesTheClientWithItsCode() throws Exception {
        RecordingListener listener = new RecordingListener();
        WebSocket webSocket = connect(listener);

        webSocket.sendText("close:4002", true);

        assertEquals(4002, listener.closeCode.get(WAIT_SECONDS, TimeUnit.SECONDS));
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "ack");
        awaitNoOpenTunnels(gateway);
    }

    @Test
    void bytesTheUpstreamSendsWithItsSwitchingProtocolsHeadReachTheClientFirst() throws Exception {
        try (RawUpstream raw = new RawUpstream(RawUpstream.Behaviour.SWITCH_AND_SEND_FIRST_FRAME);
             TunnelGateway rawGateway = new TunnelGateway(ProxyConfig.of(raw.url()))) {
            RecordingListener listener = new RecordingListener();

            client.newWebSocketBuilder().buildAsync(rawGateway.webSocketUri(EchoUpstream.PATH), listener)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);

            assertEquals(RawUpstream.FIRST_FRAME_TEXT, listener.texts.poll(WAIT_SECONDS, TimeUnit.SECONDS),
                    "a frame read together with the 101 head is not lost");
        }
    }

    @Test
    void idleTunnelIsClosedOnBothSides() throws Exception {
        ProxyConfig shortIdle = ProxyConfig.of(upstream.url())
                .withTimeouts(null, null, null, Duration.ofMillis(800));
        try (TunnelGateway idleGateway = new TunnelGateway(shortIdle)) {
            RecordingListener listener = new RecordingListener();
            WebSocket webSocket = client.newWebSocketBuilder()
                    .buildAsync(idleGateway.webSocketUri(EchoUpstream.PATH), listener)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            webSocket.sendText("still here", true);
            assertEquals("still here", listener.texts.poll(WAIT_SECONDS, TimeUnit.SECONDS));

            // now silent in both directions
            assertNotNull(listener.ended.get(WAIT_SECONDS, TimeUnit.SECONDS), "the client's connection ended");
            // RFC 6455 §7.1.5: 1006, the connection ended without a close frame
            assertNotNull(awaitUpstreamClose(CloseReason.CloseCodes.CLOSED_ABNORMALLY.getCode()),
                    "the upstream's connection ended");
            awaitNoOpenTunnels(idleGateway);
        }
    }

    /** Earlier tests' connections may still be closing, so wait for this test's close by its code. */
    private static CloseReason awaitUpstreamClose(int code) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (System.nanoTime() < deadline) {
            CloseReason reason = upstream.closes.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (reason != null && reason.getCloseCode().getCode() == code) {
                return reason;
            }
        }
        return null;
    }

    static void awaitNoOpenTunnels(TunnelGateway gateway) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (gateway.tunnel.openTunnels() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(0, gateway.tunnel.openTunnels(), "every closed tunnel is unregistered");
    }
}
