package io.ssogate.proxy.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.ssogate.core.config.ProxyConfig;

/**
 * proxy.webSocketWriteTimeout: a peer that takes no bytes gets its tunnel closed in seconds, not at the
 * idle timeout, so stalled tunnels cannot hold the container threads that ordinary requests need.
 */
class WebSocketWriteTimeoutTest {

    private static final Duration WRITE_TIMEOUT = Duration.ofMillis(100);
    /** Far beyond the test: only the write timeout can close a stalled tunnel in time. */
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(10);
    private static final int STALLED_TUNNELS = 200;
    /** Few, so that without the write timeout a handful of stalled tunnels holds them all. */
    private static final int CONTAINER_THREADS = 8;
    /**
     * Far more than the gateway's send buffer and a non-reading upstream's receive buffer take together,
     * so every tunnel's upstream write stalls.
     */
    private static final int BYTES_PER_CLIENT = 8 * UpstreamConnector.SEND_BUFFER_BYTES;

    /** HTTP/1.1: the default offers an h2c upgrade, which the tunnel under test would take for a WebSocket. */
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void twoHundredStalledTunnelsDoNotStarveOrdinaryRequests() throws Exception {
        List<SocketChannel> clients = new ArrayList<>();
        try (RawUpstream upstream = new RawUpstream(RawUpstream.Behaviour.SWITCH_THEN_STOP_READING);
             TunnelGateway gateway = new TunnelGateway(settings(upstream.url()), CONTAINER_THREADS)) {
            for (int i = 0; i < STALLED_TUNNELS; i++) {
                clients.add(RawUpgradeRequest.openTunnel(gateway.port(), EchoUpstream.PATH));
            }
            assertEquals(STALLED_TUNNELS, gateway.tunnel.openTunnels());

            // Every client sends while its upstream reads nothing: each tunnel's upstream write stalls on a
            // container thread. Once all bytes are handed to the network, every thread has met a stall.
            push(clients, BYTES_PER_CLIENT, Duration.ofSeconds(60));

            for (int i = 0; i < 3; i++) {
                HttpResponse<String> ordinary = client.send(HttpRequest.newBuilder(URI.create(
                                "http://127.0.0.1:" + gateway.port() + "/api/v4/system/ping"))
                        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
                assertEquals(400, ordinary.statusCode(), "an ordinary request is answered (here: not an upgrade)");
            }
            WebSocketTunnelTest.awaitNoOpenTunnels(gateway);
        } finally {
            for (SocketChannel channel : clients) {
                channel.close();
            }
        }
    }

    @Test
    void clientThatTakesNoBytesIsClosedAfterTheWriteTimeout() throws Exception {
        try (RawUpstream flooding = new RawUpstream(RawUpstream.Behaviour.SWITCH_THEN_FLOOD);
             TunnelGateway gateway = new TunnelGateway(settings(flooding.url()), 0);
             Socket neverReads = new Socket()) {
            neverReads.setReceiveBufferSize(RawUpstream.SMALL_RECEIVE_BUFFER);
            neverReads.connect(new java.net.InetSocketAddress("127.0.0.1", gateway.port()));
            RawUpgradeRequest.sendRequest(neverReads.getOutputStream(), gateway.port(), EchoUpstream.PATH);

            IOException upstreamSide = flooding.floodEnded.get(10, TimeUnit.SECONDS);

            assertNotNull(upstreamSide, "the gateway closed the upstream connection of the stalled tunnel");
            WebSocketTunnelTest.awaitNoOpenTunnels(gateway);
        }
    }

    private static ProxyConfig settings(URI upstream) {
        return ProxyConfig.of(upstream).withTimeouts(null, null, null, IDLE_TIMEOUT)
                .withWebSocketWriteTimeout(WRITE_TIMEOUT);
    }

    /**
     * Sends {@code bytesEach} from every client without a thread per client; a client is done when it
     * sent them all or its connection failed (the gateway closed the tunnel).
     */
    private static void push(List<SocketChannel> clients, int bytesEach, Duration limit) throws IOException {
        long deadline = System.nanoTime() + limit.toNanos();
        try (Selector selector = Selector.open()) {
            Map<SocketChannel, ByteBuffer> left = new HashMap<>();
            for (SocketChannel channel : clients) {
                channel.configureBlocking(false);
                channel.register(selector, SelectionKey.OP_WRITE);
                left.put(channel, ByteBuffer.allocate(bytesEach));
            }
            while (!left.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(left.size() + " clients could not send their bytes within " + limit);
                }
                selector.select(1000);
                for (SelectionKey key : selector.selectedKeys()) {
                    SocketChannel channel = (SocketChannel) key.channel();
                    ByteBuffer bytes = left.get(channel);
                    try {
                        channel.write(bytes);
                    } catch (IOException closedByTheGateway) {
                        bytes.position(bytes.limit());
                    }
                    if (!bytes.hasRemaining()) {
                        key.cancel();
                        left.remove(channel);
                    }
                }
                selector.selectedKeys().clear();
            }
        }
    }
}
