package io.ssogate.proxy.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ssogate.core.config.ProxyConfig;

/** What the client sees when the upstream is missing, slow, refuses, or dies. */
class WebSocketTunnelFailureTest {

    private static final long WAIT_SECONDS = 10;
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void upstreamDownGives502InMattermostErrorShape() throws Exception {
        URI nobodyListens;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            nobodyListens = URI.create("http://127.0.0.1:" + probe.getLocalPort());
        }
        try (TunnelGateway gateway = new TunnelGateway(ProxyConfig.of(nobodyListens))) {
            RawUpgradeRequest.Response response = RawUpgradeRequest.send(gateway.port(), EchoUpstream.PATH);

            assertEquals(502, response.status());
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertEquals(TunnelErrorResponse.UPSTREAM_UNREACHABLE, body.path("id").asText());
            assertEquals(502, body.path("status_code").asInt());
            assertEquals("", body.path("detailed_error").asText(), "no exception text reaches the client");
            assertEquals(26, body.path("request_id").asText().length());
            assertTrue(body.has("message"));
            assertEquals(0, gateway.tunnel.openTunnels());
        }
    }

    @Test
    void upstreamThatNeverAnswersTheUpgradeGives504() throws Exception {
        try (RawUpstream silent = new RawUpstream(RawUpstream.Behaviour.NEVER_ANSWER);
             TunnelGateway gateway = new TunnelGateway(ProxyConfig.of(silent.url())
                     .withTimeouts(null, Duration.ofMillis(500), null, null))) {
            RawUpgradeRequest.Response response = RawUpgradeRequest.send(gateway.port(), EchoUpstream.PATH);

            assertEquals(504, response.status());
            JsonNode body = new ObjectMapper().readTree(response.body());
            assertEquals(TunnelErrorResponse.UPSTREAM_TIMEOUT, body.path("id").asText());
            assertEquals(504, body.path("status_code").asInt());
        }
    }

    @Test
    void upstreamRefusalOfBadOriginIsRelayedAsItsOwnStatus() throws Exception {
        try (EchoUpstream upstream = new EchoUpstream();
             TunnelGateway gateway = new TunnelGateway(ProxyConfig.of(upstream.url()))) {
            ExecutionException failure = assertThrows(ExecutionException.class, () -> client.newWebSocketBuilder()
                    .header("Origin", EchoUpstream.REFUSED_ORIGIN)
                    .buildAsync(gateway.webSocketUri(EchoUpstream.PATH), new RecordingListener())
                    .get(WAIT_SECONDS, TimeUnit.SECONDS));

            WebSocketHandshakeException refusal = assertInstanceOf(WebSocketHandshakeException.class, failure.getCause());
            assertEquals(403, refusal.getResponse().statusCode(),
                    "the upstream's 403, not a gateway error, tells the client its Origin is wrong");
            assertEquals(0, gateway.tunnel.openTunnels());
        }
    }

    @Test
    void upstreamKilledAbruptlyEndsTheClientConnection() throws Exception {
        try (RawUpstream dying = new RawUpstream(RawUpstream.Behaviour.SWITCH_THEN_DIE);
             TunnelGateway gateway = new TunnelGateway(ProxyConfig.of(dying.url()))) {
            RecordingListener listener = new RecordingListener();

            client.newWebSocketBuilder().buildAsync(gateway.webSocketUri(EchoUpstream.PATH), listener)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS)
                    .sendText("hi", true);

            assertNotNull(listener.ended.get(WAIT_SECONDS, TimeUnit.SECONDS),
                    "the client learns the connection is gone without sending anything");
            WebSocketTunnelTest.awaitNoOpenTunnels(gateway);
        }
    }
}
