package io.ssogate.proxy.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.ref.Reference;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.ssogate.core.config.ProxyConfig;
import io.ssogate.testkit.tls.TestPki;

/** Many concurrent tunnels cost buffers, not threads, to a plain and to a TLS upstream alike. */
class WebSocketTunnelLoadTest {

    private static final int CONNECTIONS = 1000;
    /** Handshakes in flight at once, so the connectors' accept backlogs (100) never overflow. */
    private static final int HANDSHAKES_IN_FLIGHT = 50;
    /**
     * Two Tomcats' default pools (at most 200 threads each) plus the client's few threads; a thread per
     * tunnel would put the count above 1,000.
     */
    private static final int THREAD_CEILING = 500;

    @ParameterizedTest(name = "TLS to the upstream: {0}")
    @ValueSource(booleans = {false, true})
    void thousandConcurrentTunnelsEchoWithoutAThreadEachAndAllUnregisterOnClose(boolean tls, @TempDir Path dir)
            throws Exception {
        TestPki ca = tls ? TestPki.create("load test CA") : null;
        ExecutorService clientExecutor = Executors.newFixedThreadPool(4);
        HttpClient client = HttpClient.newBuilder().executor(clientExecutor).build();
        try (EchoUpstream upstream = new EchoUpstream(tls ? ca.issueServer("127.0.0.1") : null);
             TunnelGateway gateway = new TunnelGateway(ProxyConfig.of(upstream.url())
                     .withUpstreamCaFile(tls ? ca.writeCaPem(dir.resolve("ca.pem")) : null))) {
            Semaphore handshakes = new Semaphore(HANDSHAKES_IN_FLIGHT);
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>(CONNECTIONS);
            List<RecordingListener> listeners = new ArrayList<>(CONNECTIONS);
            for (int i = 0; i < CONNECTIONS; i++) {
                RecordingListener listener = new RecordingListener();
                listeners.add(listener);
                handshakes.acquire();
                opening.add(client.newWebSocketBuilder()
                        .buildAsync(gateway.webSocketUri(EchoUpstream.PATH), listener)
                        .whenComplete((webSocket, failure) -> handshakes.release()));
            }
            List<WebSocket> webSockets = new ArrayList<>(CONNECTIONS);
            for (CompletableFuture<WebSocket> future : opening) {
                webSockets.add(future.get(60, TimeUnit.SECONDS));
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                webSockets.get(i).sendText("echo-" + i, true);
            }
            for (int i = 0; i < CONNECTIONS; i++) {
                assertEquals("echo-" + i, listeners.get(i).texts.poll(30, TimeUnit.SECONDS),
                        "connection " + i + " got its own echo back; it ended: " + listeners.get(i).ended.getNow("no"));
            }

            assertEquals(CONNECTIONS, gateway.tunnel.openTunnels(), "every connection is an open tunnel");
            int liveThreads = ManagementFactory.getThreadMXBean().getThreadCount();
            assertTrue(liveThreads < THREAD_CEILING,
                    "with " + CONNECTIONS + " tunnels open the JVM runs " + liveThreads + " threads");

            for (WebSocket webSocket : webSockets) {
                webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done");
            }
            WebSocketTunnelTest.awaitNoOpenTunnels(gateway);
        } finally {
            // An HttpClient that becomes unreachable is collected and drops all its WebSockets (1006),
            // which looked like lost echoes until this line.
            Reference.reachabilityFence(client);
            clientExecutor.shutdownNow();
        }
    }
}
