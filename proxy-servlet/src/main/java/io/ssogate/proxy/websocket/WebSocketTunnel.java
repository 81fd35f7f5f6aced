package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousByteChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ssogate.core.config.ProxyConfig;
import io.ssogate.proxy.ProxyError;
import io.ssogate.proxy.ProxyErrorResponder;
import io.ssogate.proxy.RequestIds;
import io.ssogate.proxy.ResponseHeaderSnapshot;
import io.ssogate.proxy.hooks.HookFailedException;
import io.ssogate.proxy.hooks.ProxyHooks;
import io.ssogate.proxy.hooks.UpstreamResponse;

/**
 * Tunnels HTTP upgrade requests (Mattermost's {@code /api/v4/websocket}) to the upstream as raw bytes,
 * without reframing, so every WebSocket feature (extensions, ping/pong, close codes) passes through.
 *
 * <p>The handshake runs on the request thread, bounded by the connect and response timeouts. After the
 * 101 no thread is held per tunnel: the client side uses the Servlet non-blocking upgrade streams and the
 * upstream side an asynchronous channel, plain or TLS ({@link UpstreamConnector}), in a small shared
 * thread group. (A container thread waits only while an upstream stops accepting client bytes, for at
 * most {@code webSocketWriteTimeout}; see {@link ClientToUpstreamPump}.)
 */
public final class WebSocketTunnel implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(WebSocketTunnel.class);

    private final Supplier<ProxyConfig> config;
    private final Function<HttpServletRequest, List<Map.Entry<String, String>>> upstreamHeaders;
    private final UpstreamConnector connector = new UpstreamConnector();
    private final Set<Tunnel> openTunnels = ConcurrentHashMap.newKeySet();
    private final TunnelSweeper sweeper;
    private final ProxyErrorResponder errors;
    private final ProxyHooks hooks;

    /**
     * @param config          the proxy settings in force; read once per upgrade request (and per idle sweep)
     * @param upstreamHeaders the client's end-to-end headers for the upstream, X-Forwarded-* set,
     *                        hop-by-hop headers (incl. Upgrade and Connection) removed
     */
    public WebSocketTunnel(Supplier<ProxyConfig> config,
                           Function<HttpServletRequest, List<Map.Entry<String, String>>> upstreamHeaders) {
        this(config, upstreamHeaders, new ProxyErrorResponder());
    }

    /** @param errors writes the gateway's own answers; the proxy servlet's, so both look and log alike */
    public WebSocketTunnel(Supplier<ProxyConfig> config,
                           Function<HttpServletRequest, List<Map.Entry<String, String>>> upstreamHeaders,
                           ProxyErrorResponder errors) {
        this(config, upstreamHeaders, errors, new ProxyHooks());
    }

    /** @param hooks run on the handshake's upstream request and on the upstream's answer; the proxy servlet's */
    public WebSocketTunnel(Supplier<ProxyConfig> config,
                           Function<HttpServletRequest, List<Map.Entry<String, String>>> upstreamHeaders,
                           ProxyErrorResponder errors, ProxyHooks hooks) {
        this.errors = errors;
        this.hooks = hooks;
        this.config = config;
        this.upstreamHeaders = upstreamHeaders;
        this.sweeper = new TunnelSweeper(openTunnels, this.config);
    }

    /** Tunnels one upgrade request under a fresh request id; for callers other than the proxy servlet. */
    public void relay(HttpServletRequest clientRequest, HttpServletResponse clientResponse) throws IOException {
        relay(clientRequest, clientResponse, RequestIds.newId());
    }

    /**
     * Tunnels one upgrade request (any Upgrade, not only websocket) to the upstream. Failures before the
     * switch are answered by the proxy's {@link ProxyErrorResponder}, with {@code requestId}, which also
     * names the tunnel in the log.
     */
    public void relay(HttpServletRequest clientRequest, HttpServletResponse clientResponse, String requestId)
            throws IOException {
        String upgrade = clientRequest.getHeader("Upgrade");
        if (upgrade == null || upgrade.isBlank()) {
            errors.send(clientRequest, clientResponse, ProxyError.NOT_AN_UPGRADE, requestId, null);
            return;
        }
        // Headers set in front of the tunnel (an SSO cookie, say) survive an error answer; the upstream's
        // headers, copied during the handshake, do not.
        ResponseHeaderSnapshot beforeUpstream = ResponseHeaderSnapshot.of(clientResponse);
        ProxyConfig settings = config.get();
        UpstreamTarget target;
        try {
            target = UpstreamTarget.of(settings.upstreamUrl(), clientRequest);
        } catch (UpstreamTarget.UnsupportedUpstreamException e) {
            sendError(clientRequest, clientResponse, beforeUpstream, ProxyError.BAD_GATEWAY, requestId, e);
            return;
        }
        AsynchronousByteChannel upstream;
        try {
            upstream = connector.connect(target, settings);
        } catch (IOException | RuntimeException e) { // ShutdownChannelGroupException after close()
            sendError(clientRequest, clientResponse, beforeUpstream, upstreamFailureError(e), requestId, e);
            return;
        }
        boolean handedOver = false;
        try {
            handedOver = handshake(requestId, settings, target, upgrade, clientRequest, clientResponse,
                    beforeUpstream, upstream);
        } catch (IOException e) {
            sendError(clientRequest, clientResponse, beforeUpstream, upstreamFailureError(e), requestId, e);
        } finally {
            if (!handedOver) {
                UpstreamConnector.closeQuietly(upstream);
            }
        }
    }

    /**
     * The HTTP proxy's mapping ({@code ProxyServlet.upstreamFailureError}) for the tunnel's own failures:
     * too slow 504, an answer that is not HTTP 502 with its own id, anything else (unreachable, refused,
     * reset, a TLS certificate not trusted or not for this host; if nothing was sent yet the upstream is
     * the likely culprit) 502. A proxy hook that threw is the gateway's fault, 502 with its own id.
     */
    static ProxyError upstreamFailureError(Exception failure) {
        if (failure instanceof HookFailedException) {
            return ProxyError.HOOK_FAILED;
        }
        if (failure instanceof UpstreamTimeoutException) {
            return ProxyError.GATEWAY_TIMEOUT;
        }
        if (failure instanceof UpstreamResponseHead.InvalidUpstreamResponseException) {
            return ProxyError.INVALID_UPSTREAM_RESPONSE;
        }
        return ProxyError.BAD_GATEWAY;
    }

    private void sendError(HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                           ResponseHeaderSnapshot beforeUpstream, ProxyError error, String requestId,
                           Exception cause) throws IOException {
        if (!clientResponse.isCommitted()) {
            beforeUpstream.resetTo(clientResponse);
        }
        errors.send(clientRequest, clientResponse, error, requestId, cause);
    }

    /** Returns true when the client was upgraded and the upstream channel now belongs to a tunnel. */
    private boolean handshake(String tunnelId, ProxyConfig settings, UpstreamTarget target, String upgrade,
                              HttpServletRequest clientRequest, HttpServletResponse clientResponse,
                              ResponseHeaderSnapshot beforeUpstream, AsynchronousByteChannel upstream)
            throws IOException {
        long deadline = System.nanoTime() + settings.responseTimeout().toNanos();
        String host = clientRequest.getHeader("Host");
        List<Map.Entry<String, String>> proxyHeaders = upstreamHeaders.apply(clientRequest);
        if (hooks.hasRequestHooks()) {
            proxyHeaders = new ArrayList<>(proxyHeaders);
            hooks.beforeUpstream(clientRequest, tunnelId, true, proxyHeaders);
        }
        ByteBuffer proxyRequest = UpgradeRequestHead.encode(clientRequest.getMethod(), target.requestTarget(),
                host != null ? host : target.authority(), upgrade, proxyHeaders);
        BlockingChannelIo.writeFully(upstream, proxyRequest, deadline);
        UpstreamResponseHead serverResponse = UpstreamResponseHead.read(upstream, deadline);
        boolean switching = serverResponse.status() == HttpServletResponse.SC_SWITCHING_PROTOCOLS;
        long readTimeoutNanos = settings.responseTimeout().toNanos();
        List<Map.Entry<String, String>> clientHeaders = serverResponse.endToEndHeaders();
        if (hooks.hasResponseHooks()) {
            // After a 101 the bytes that follow are WebSocket frames, not a body a hook could read.
            UpstreamResponse hooked = new UpstreamResponse(clientRequest, tunnelId, true, serverResponse.status(),
                    clientHeaders, switching ? InputStream::nullInputStream
                            : () -> UpgradeRefusalRelay.body(serverResponse, upstream, readTimeoutNanos),
                    clientResponse, () -> beforeUpstream.resetTo(clientResponse));
            if (answeredByHook(hooked, tunnelId, target)) {
                return false;
            }
        }
        if (!switching) {
            log.debug("[{}] upstream refused the upgrade of {} with [{}]", tunnelId, target.pathForLog(),
                    serverResponse.status());
            UpgradeRefusalRelay.relay(serverResponse, clientHeaders, upstream, clientResponse, readTimeoutNanos);
            return false;
        }
        copySwitchingProtocolsHeaders(serverResponse, clientHeaders, clientResponse);
        Tunnel tunnel = new Tunnel(tunnelId, upstream, serverResponse.leftover(),
                settings.webSocketWriteTimeout(), openTunnels::remove);
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

    /** Runs the response hooks; true when one answered the client itself (the upstream's connection then closes). */
    private boolean answeredByHook(UpstreamResponse hooked, String tunnelId, UpstreamTarget target)
            throws HookFailedException {
        hooks.afterUpstream(hooked);
        if (hooked.answered()) {
            log.debug("[{}] a proxy hook answered the upgrade of {} instead of the upstream's [{}]", tunnelId,
                    target.pathForLog(), hooked.status());
        }
        return hooked.answered();
    }

    /**
     * Upgrade, Sec-WebSocket-Accept/-Protocol/-Extensions and any other header the upstream chose go
     * to the client; the container sends the 101 itself when the servlet returns.
     */
    private static void copySwitchingProtocolsHeaders(UpstreamResponseHead serverResponse,
                                                      List<Map.Entry<String, String>> clientHeaders,
                                                      HttpServletResponse clientResponse) {
        for (Map.Entry<String, String> header : clientHeaders) {
            clientResponse.addHeader(header.getKey(), header.getValue());
        }
        // RFC 9110 §7.8: a 101 names the protocol switched to in Upgrade, listed in Connection.
        clientResponse.setHeader("Upgrade", serverResponse.firstHeader("Upgrade"));
        clientResponse.setHeader("Connection", "Upgrade");
    }

    /** Tunnels currently open, for tests and monitoring. */
    public int openTunnels() {
        return openTunnels.size();
    }

    /** Closes all tunnels and the channel threads. */
    @Override
    public void close() {
        sweeper.close();
        for (Tunnel tunnel : List.copyOf(openTunnels)) {
            tunnel.close("gateway shutting down");
        }
        connector.close();
    }
}
