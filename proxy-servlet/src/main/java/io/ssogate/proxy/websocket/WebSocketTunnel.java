package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.hc.core5.http.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ssogate.core.config.ProxyConfig;

/**
 * Tunnels HTTP upgrade requests (Mattermost's {@code /api/v4/websocket}) to the upstream as raw bytes,
 * without reframing, so every WebSocket feature (extensions, ping/pong, close codes) passes through.
 *
 * <p>The handshake runs on the request thread, bounded by the connect and response timeouts. After the
 * 101 no thread is held per tunnel: the client side uses the Servlet non-blocking upgrade streams and the
 * upstream side an {@link AsynchronousSocketChannel} in a small shared channel group. (A container
 * thread waits only while an upstream stops accepting client bytes; see {@link ClientToUpstreamPump}.)
 */
public final class WebSocketTunnel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebSocketTunnel.class);

    /** Threads completing upstream I/O for all tunnels; callbacks are short (copy a buffer, re-arm). */
    static final int CHANNEL_THREADS = 2;

    private final Supplier<ProxyConfig> config;
    private final Function<HttpServletRequest, List<Map.Entry<String, String>>> upstreamHeaders;
    private final AsynchronousChannelGroup channelGroup;
    private final Set<Tunnel> openTunnels = ConcurrentHashMap.newKeySet();
    private final IdleTunnelSweeper idleSweeper;
    private final AtomicLong tunnelIds = new AtomicLong();

    /**
     * @param config          the proxy settings in force; read once per upgrade request (and per idle sweep)
     * @param upstreamHeaders the client's end-to-end headers for the upstream, X-Forwarded-* set,
     *                        hop-by-hop headers (incl. Upgrade and Connection) removed
     */
    public WebSocketTunnel(Supplier<ProxyConfig> config,
                           Function<HttpServletRequest, List<Map.Entry<String, String>>> upstreamHeaders) {
        this.config = config;
        this.upstreamHeaders = upstreamHeaders;
        try {
            this.channelGroup = AsynchronousChannelGroup.withFixedThreadPool(CHANNEL_THREADS,
                    daemonThreads("ssogate-ws-upstream-"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the WebSocket channel group", e);
        }
        this.idleSweeper = new IdleTunnelSweeper(openTunnels, () -> this.config.get().webSocketIdleTimeout());
    }

    /** Tunnels one upgrade request (any Upgrade, not only websocket) to the upstream. */
    public void relay(HttpServletRequest clientRequest, HttpServletResponse clientResponse) throws IOException {
        String tunnelId = "ws-" + tunnelIds.incrementAndGet();
        String upgrade = clientRequest.getHeader("Upgrade");
        if (upgrade == null || upgrade.isBlank()) {
            TunnelErrorResponse.send(clientResponse, HttpServletResponse.SC_BAD_REQUEST,
                    TunnelErrorResponse.NOT_AN_UPGRADE, "The request has no Upgrade header.");
            return;
        }
        ProxyConfig settings = config.get();
        UpstreamTarget target;
        try {
            target = UpstreamTarget.of(settings.upstreamUrl(), clientRequest);
        } catch (UpstreamTarget.UnsupportedUpstreamException e) {
            log.warn("[{}] cannot tunnel: {}", tunnelId, e.getMessage());
            sendBadGateway(clientResponse);
            return;
        }
        AsynchronousSocketChannel upstream;
        try {
            upstream = AsynchronousSocketChannel.open(channelGroup);
        } catch (IOException | RuntimeException e) { // ShutdownChannelGroupException after close()
            log.debug("[{}] cannot open upstream channel: {}", tunnelId, e.toString());
            sendBadGateway(clientResponse);
            return;
        }
        boolean handedOver = false;
        try {
            handedOver = handshake(tunnelId, settings, target, upgrade, clientRequest, clientResponse, upstream);
        } catch (UpstreamTimeoutException e) {
            log.debug("[{}] upstream timed out on {}: {}", tunnelId, target.pathForLog(), e.getMessage());
            TunnelErrorResponse.send(clientResponse, HttpServletResponse.SC_GATEWAY_TIMEOUT,
                    TunnelErrorResponse.UPSTREAM_TIMEOUT, "Mattermost did not answer in time.");
        } catch (UpstreamConnectException e) {
            log.debug("[{}] upstream {}:{} unreachable: {}", tunnelId, target.host(), target.port(), e.getMessage());
            sendBadGateway(clientResponse);
        } catch (UpstreamResponseHead.InvalidUpstreamResponseException e) {
            log.debug("[{}] invalid upstream answer: {}", tunnelId, e.getMessage());
            TunnelErrorResponse.send(clientResponse, HttpServletResponse.SC_BAD_GATEWAY,
                    TunnelErrorResponse.UPSTREAM_INVALID, "Mattermost sent an invalid response.");
        } catch (IOException e) {
            // Either side may have failed; if nothing was sent yet, the upstream is the likely culprit.
            log.debug("[{}] upgrade failed: {}", tunnelId, e.toString());
            sendBadGateway(clientResponse);
        } finally {
            if (!handedOver) {
                closeQuietly(upstream);
            }
        }
    }

    /** Returns true when the client was upgraded and the upstream channel now belongs to a tunnel. */
    private boolean handshake(String tunnelId, ProxyConfig settings, UpstreamTarget target, String upgrade,
                              HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                              AsynchronousSocketChannel upstream) throws IOException {
        BlockingChannelIo.connect(upstream, target.socketAddress(), settings.connectTimeout().toNanos());
        long deadline = System.nanoTime() + settings.responseTimeout().toNanos();
        String host = clientRequest.getHeader("Host");
        ByteBuffer proxyRequest = UpgradeRequestHead.encode(clientRequest.getMethod(), target.requestTarget(),
                host != null ? host : target.authority(), upgrade, upstreamHeaders.apply(clientRequest));
        BlockingChannelIo.writeFully(upstream, proxyRequest, deadline);
        UpstreamResponseHead serverResponse = UpstreamResponseHead.read(upstream, deadline);
        if (serverResponse.status() != HttpServletResponse.SC_SWITCHING_PROTOCOLS) {
            log.debug("[{}] upstream refused the upgrade of {} with [{}]", tunnelId, target.pathForLog(),
                    serverResponse.status());
            UpgradeRefusalRelay.relay(serverResponse, upstream, clientResponse, settings.responseTimeout().toNanos());
            return false;
        }
        copySwitchingProtocolsHeaders(serverResponse, clientResponse);
        Tunnel tunnel = new Tunnel(tunnelId, upstream, serverResponse.leftover(),
                settings.webSocketIdleTimeout(), openTunnels::remove);
        openTunnels.add(tunnel);
        try {
            clientRequest.upgrade(TunnelUpgradeHandler.class).attach(tunnel);
        } catch (IOException | RuntimeException | jakarta.servlet.ServletException e) {
            openTunnels.remove(tunnel);
            throw new IOException("container refused the upgrade", e);
        }
        log.debug("[{}] upgraded {} to [{}]", tunnelId, target.pathForLog(), serverResponse.firstHeader("Upgrade"));
        return true;
    }

    /**
     * Upgrade, Sec-WebSocket-Accept/-Protocol/-Extensions and any other header the upstream chose go
     * to the client; the container sends the 101 itself when the servlet returns.
     */
    private static void copySwitchingProtocolsHeaders(UpstreamResponseHead serverResponse,
                                                      HttpServletResponse clientResponse) {
        HopByHopHeaders hopByHop = HopByHopHeaders.of(serverResponse.headers());
        for (Header header : serverResponse.headers()) {
            if (!hopByHop.isHopByHop(header.getName())) {
                clientResponse.addHeader(header.getName(), header.getValue());
            }
        }
        // RFC 9110 §7.8: a 101 names the protocol switched to in Upgrade, listed in Connection.
        clientResponse.setHeader("Upgrade", serverResponse.firstHeader("Upgrade"));
        clientResponse.setHeader("Connection", "Upgrade");
    }

    private static void sendBadGateway(HttpServletResponse clientResponse) throws IOException {
        TunnelErrorResponse.send(clientResponse, HttpServletResponse.SC_BAD_GATEWAY,
                TunnelErrorResponse.UPSTREAM_UNREACHABLE, "Cannot reach Mattermost.");
    }

    /** Tunnels currently open, for tests and monitoring. */
    public int openTunnels() {
        return openTunnels.size();
    }

    /** Closes all tunnels and the channel group. */
    @Override
    public void close() {
        idleSweeper.close();
        for (Tunnel tunnel : List.copyOf(openTunnels)) {
            tunnel.close("gateway shutting down");
        }
        channelGroup.shutdown();
        try {
            if (!channelGroup.awaitTermination(5, TimeUnit.SECONDS)) {
                channelGroup.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("closing the channel group: {}", e.toString());
        }
    }

    private static void closeQuietly(AsynchronousSocketChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to do with it
        }
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
