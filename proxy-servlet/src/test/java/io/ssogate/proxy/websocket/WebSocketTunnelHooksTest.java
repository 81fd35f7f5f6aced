package io.ssogate.proxy.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.util.concurrent.TimeUnit;

import jakarta.servlet.http.HttpServletResponse;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ssogate.core.config.ProxyConfig;
import io.ssogate.proxy.ProxyError;
import io.ssogate.proxy.hooks.ProxyHooks;
import io.ssogate.proxy.hooks.UpstreamRequestHook;
import io.ssogate.proxy.hooks.UpstreamResponseHook;

/** The proxy's hooks on the WebSocket handshake: what the upstream sees, and a switch refused. */
class WebSocketTunnelHooksTest {

    private static final long WAIT_SECONDS = 10;
    private static final UpstreamRequestHook NO_REQUEST_HOOK = request -> { };
    private static final UpstreamResponseHook NO_RESPONSE_HOOK = response -> { };

    private static EchoUpstream upstream;
    private static TunnelGateway gateway;
    private static volatile UpstreamRequestHook requestHook = NO_REQUEST_HOOK;
    private static volatile UpstreamResponseHook responseHook = NO_RESPONSE_HOOK;
    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void startServers() throws Exception {
        ProxyHooks hooks = new ProxyHooks();
        hooks.addRequestHook("test-request-hook", request -> requestHook.beforeUpstream(request));
        hooks.addResponseHook("test-response-hook", response -> responseHook.onUpstreamResponse(response));
        upstream = new EchoUpstream();
        gateway = new TunnelGateway(ProxyConfig.of(upstream.url()), hooks);
    }

    @AfterAll
    static void stopServers() throws Exception {
        gateway.close();
        upstream.close();
    }

    @BeforeEach
    void reset() {
        requestHook = NO_REQUEST_HOOK;
        responseHook = NO_RESPONSE_HOOK;
        upstream.handshakes.clear();
        upstream.closes.clear();
    }

    @Test
    void requestHooksChangeTheHandshakeTheUpstreamSeesAndTheTunnelStillWorks() throws Exception {
        requestHook = request -> {
            if (request.isUpgrade()) {
                request.cookies().remove("SSOGATE_SESSION");
                request.headers().add("X-Gateway-Feature", "sso");
            }
        };
        RecordingListener listener = new RecordingListener();
        WebSocket webSocket = client.newWebSocketBuilder()
                .header("Cookie", "MMAUTHTOKEN=session-token; SSOGATE_SESSION=s3cr3t; MMUSERID=user-id")
                .buildAsync(gateway.webSocketUri(EchoUpstream.PATH), listener)
                .get(WAIT_SECONDS, TimeUnit.SECONDS);

        EchoUpstream.Handshake handshake = upstream.handshakes.poll(WAIT_SECONDS, TimeUnit.SECONDS);
        assertNotNull(handshake);
        assertEquals("MMAUTHTOKEN=session-token; MMUSERID=user-id", handshake.header("Cookie"));
        assertEquals("sso", handshake.header("X-Gateway-Feature"));
        webSocket.sendText("still a tunnel", true).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertEquals("still a tunnel", listener.texts.poll(WAIT_SECONDS, TimeUnit.SECONDS));
        webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
    }

    @Test
    void responseHooksAddHeadersToTheSwitchingProtocolsAnswer() throws Exception {
        responseHook = response -> {
            if (response.isUpgrade() && response.status() == 101) {
                response.headers().add("X-Gateway-Node", "gw-1");
            }
        };

        RawUpgradeRequest.Response switched = RawUpgradeRequest.send(gateway.port(), EchoUpstream.PATH);

        assertEquals(101, switched.status());
        assertTrue(switched.head().contains("X-Gateway-Node: gw-1"), switched.head());
        assertTrue(switched.head().contains("Sec-WebSocket-Accept: "), "the upstream's own fields still pass");
    }

    @Test
    void aResponseHookRefusesTheSwitchWithItsOwnAnswerAndTheUpstreamConnectionCloses() throws Exception {
        responseHook = response -> {
            if (response.status() == 101) {
                HttpServletResponse answer = response.answerInstead();
                answer.setStatus(401);
                answer.setContentType("application/json");
                byte[] body = "{\"id\":\"sso.session.expired\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);
                answer.setContentLength(body.length);
                answer.getOutputStream().write(body);
            }
        };

        RawUpgradeRequest.Response refused = RawUpgradeRequest.send(gateway.port(), EchoUpstream.PATH);

        assertEquals(401, refused.status());
        assertEquals("{\"id\":\"sso.session.expired\"}", refused.body());
        assertFalse(refused.head().contains("Sec-WebSocket-Accept"), "nothing of the upstream's 101 reaches the client");
        assertNotNull(upstream.closes.poll(WAIT_SECONDS, TimeUnit.SECONDS),
                "the upstream, which had switched, sees its connection end");
        assertEquals(0, gateway.tunnel.openTunnels());
    }

    @Test
    void aFailingHandshakeHookAnswers502AndTheUpstreamGetsNoHandshake() throws Exception {
        requestHook = request -> {
            throw new IllegalStateException("boom");
        };

        RawUpgradeRequest.Response response = RawUpgradeRequest.send(gateway.port(), EchoUpstream.PATH);

        assertEquals(502, response.status());
        JsonNode error = new ObjectMapper().readTree(response.body());
        assertEquals(ProxyError.HOOK_FAILED.id(), error.path("id").asText());
        assertFalse(response.body().contains("boom"), "no exception text to the client");
        assertNull(upstream.handshakes.poll(), "the upstream never saw the handshake");
        assertEquals(0, gateway.tunnel.openTunnels());
    }
}
