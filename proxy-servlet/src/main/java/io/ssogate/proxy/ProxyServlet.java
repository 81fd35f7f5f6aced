package io.ssogate.proxy;

import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.proxy.headers.ProxyRequestHeaders;
import io.ssogate.proxy.headers.ProxyResponseHeaders;
import io.ssogate.proxy.headers.PublicUrlRewriter;
import io.ssogate.proxy.headers.UpstreamPaths;
import io.ssogate.proxy.hooks.BufferedRequestBody;
import io.ssogate.proxy.hooks.HookFailedException;
import io.ssogate.proxy.hooks.ProxyHooks;
import io.ssogate.proxy.hooks.UpstreamResponse;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.apache.hc.client5.http.ClientProtocolException;
import org.apache.hc.client5.http.ConnectTimeoutException;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.io.entity.ByteArrayEntity;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's HTTP reverse proxy: every request mapped to it goes to Mattermost and the answer comes
 * back, bodies streamed both ways. It is a plain blocking servlet, so filters and valves in front of it
 * (SSO, SCIM routing) need not know about it.
 *
 * <p>{@link #service} is a short recipe; policy lives in the {@code headers} package, the
 * {@link ProxyErrorResponder} and the small {@code xxxError} methods a subclass may override. Features
 * change what goes upstream and what comes back through {@link ProxyHooks}, never by subclassing.
 */
public class ProxyServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(ProxyServlet.class);
    /**
     * What of a body a hook answering instead left unread is read off when it is this small, so the
     * connection goes back to the pool; a larger or unknown rest is cut off with its connection.
     */
    static final long DRAIN_LIMIT_BYTES = ResponseBodyRelay.BUFFER_SIZE;

    private final transient LiveConfig config;
    private final transient UpgradeRelay upgradeRelay;
    private final transient ProxyErrorResponder errors;
    private final transient ProxyHooks hooks;
    private final transient io.ssogate.core.config.ConfigListener configListener;
    private transient volatile UpstreamClient upstream;
    private transient boolean destroyed;

    /**
     * A proxy without hooks.
     *
     * @param config       the live configuration, read per request
     * @param upgradeRelay carries WebSocket upgrades; null answers them with 501
     * @throws IllegalArgumentException naming the proxy setting that is invalid
     */
    public ProxyServlet(LiveConfig config, UpgradeRelay upgradeRelay) {
        this(config, upgradeRelay, new ProxyHooks());
    }

    /**
     * @param hooks run on every upstream request and answer; the same instance the WebSocket tunnel gets
     * @throws IllegalArgumentException naming the proxy setting that is invalid
     */
    public ProxyServlet(LiveConfig config, UpgradeRelay upgradeRelay, ProxyHooks hooks) {
        this(config, upgradeRelay, hooks, new ProxyErrorResponder());
    }

    protected ProxyServlet(LiveConfig config, UpgradeRelay upgradeRelay, ProxyHooks hooks,
            ProxyErrorResponder errors) {
        this.config = Objects.requireNonNull(config, "config");
        this.upgradeRelay = upgradeRelay;
        this.hooks = Objects.requireNonNull(hooks, "hooks");
        this.errors = Objects.requireNonNull(errors, "errors");
        this.upstream = UpstreamClient.create(config.current().proxy());
        LOG.info("Proxying to [{}] with at most [{}] upstream connections",
                config.current().proxy().upstreamUrl(), config.current().proxy().maxConnections());
        this.configListener = new io.ssogate.core.config.ConfigListener() {
            @Override
            public void check(GatewayConfig candidate) {
                UpstreamClient.validate(candidate.proxy());
            }

            @Override
            public void apply(GatewayConfig changed) {
                onProxyConfigChange(changed.proxy());
            }
        };
        config.addListener(configListener);
    }

    @Override
    protected void service(HttpServletRequest clientRequest, HttpServletResponse proxyResponse) throws IOException {
        String requestId = RequestIds.newId();
        if (isUpgradeRequest(clientRequest)) {
            onUpgradeRequest(clientRequest, proxyResponse, requestId);
            return;
        }
        GatewayConfig gatewayConfig = config.current();
        if (isOverBodyLimit(clientRequest, gatewayConfig.proxy())) {
            // Decided from Content-Length alone: the body is never read, so an Expect: 100-continue
            // client gets this final answer instead of a 100 (RFC 9110 §10.1.1).
            long limit = gatewayConfig.proxy().maxRequestBodyBytes();
            errors.sendBodyTooLarge(clientRequest, proxyResponse, limit, requestId,
                    new RequestBodyTooLargeException(limit, clientRequest.getContentLengthLong()));
            return;
        }
        UpstreamClient client = acquireUpstream();
        try {
            ProxyConfig proxyConfig = client.config();
            HttpUriRequestBase proxyRequest;
            try {
                proxyRequest = newProxyRequest(clientRequest, proxyConfig);
            } catch (IllegalArgumentException badTarget) {
                errors.send(clientRequest, proxyResponse, ProxyError.BAD_REQUEST, requestId, badTarget);
                return;
            }
            List<Map.Entry<String, String>> upstreamHeaders =
                    ProxyRequestHeaders.forUpstream(clientRequest, proxyConfig);
            if (hooks.hasRequestHooks() && !ranRequestHooks(clientRequest, proxyResponse, upstreamHeaders, requestId)) {
                return;
            }
            for (Map.Entry<String, String> header : upstreamHeaders) {
                proxyRequest.addHeader(header.getKey(), header.getValue());
            }
            setRequestBody(clientRequest, proxyRequest, proxyConfig);
            PublicUrlRewriter rewriter = new PublicUrlRewriter(proxyConfig.upstreamUrl(),
                    publicOrigin(clientRequest, gatewayConfig));
            if (LOG.isDebugEnabled()) {
                // Paths only: a query may carry tokens (e.g. access_token), which never go to a log.
                LOG.debug("[{}] {} [{}] -> [{}]", requestId, clientRequest.getMethod(),
                        clientRequest.getRequestURI(), proxyConfig.upstreamUrl());
            }
            sendProxyRequest(client, clientRequest, proxyRequest, proxyResponse, rewriter, requestId);
        } finally {
            client.release();
        }
    }

    /** Runs the request hooks on {@code upstreamHeaders}; false when one failed and the client has its 502. */
    private boolean ranRequestHooks(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            List<Map.Entry<String, String>> upstreamHeaders, String requestId) throws IOException {
        try {
            hooks.beforeUpstream(clientRequest, requestId, false, upstreamHeaders);
            return true;
        } catch (HookFailedException hookFailed) {
            errors.send(clientRequest, proxyResponse, ProxyError.HOOK_FAILED, requestId, hookFailed);
            return false;
        }
    }

    private void sendProxyRequest(UpstreamClient client, HttpServletRequest clientRequest,
            HttpUriRequestBase proxyRequest, HttpServletResponse proxyResponse, PublicUrlRewriter rewriter,
            String requestId) throws IOException {
        try {
            client.execute(proxyRequest, requestId, serverResponse -> {
                onServerResponse(clientRequest, proxyRequest, serverResponse, proxyResponse, rewriter, requestId);
                return null;
            });
        } catch (RequestBodyTooLargeException tooLarge) {
            proxyRequest.cancel();
            if (!errors.sendBodyTooLarge(clientRequest, proxyResponse, tooLarge.limit(), requestId, tooLarge)) {
                abortClientConnection(requestId, tooLarge);
            }
        } catch (HookFailedException hookFailed) {
            onProxyFailure(clientRequest, proxyRequest, proxyResponse, ProxyError.HOOK_FAILED, requestId, hookFailed);
        } catch (ClientSideException clientGone) {
            onClientFailure(clientRequest, proxyRequest, proxyResponse, requestId, clientGone);
        } catch (IOException upstreamFailure) {
            onProxyFailure(clientRequest, proxyRequest, proxyResponse, upstreamFailureError(upstreamFailure),
                    requestId, upstreamFailure);
        }
    }

    /**
     * Relays status, headers and body of Mattermost's answer, unless a response hook answers instead;
     * runs while the connection is leased.
     */
    private void onServerResponse(HttpServletRequest clientRequest, HttpUriRequestBase proxyRequest,
            ClassicHttpResponse serverResponse, HttpServletResponse proxyResponse, PublicUrlRewriter rewriter,
            String requestId) throws IOException {
        ResponseHeaderSnapshot beforeUpstream = ResponseHeaderSnapshot.of(proxyResponse);
        List<Map.Entry<String, String>> clientHeaders =
                ProxyResponseHeaders.forClient(entries(serverResponse.getHeaders()), rewriter);
        HttpEntity serverBody = serverResponse.getEntity();
        boolean hasBody = serverBody != null && !"HEAD".equals(clientRequest.getMethod());
        if (hooks.hasResponseHooks() && answeredByHook(clientRequest, proxyRequest, serverResponse.getCode(),
                clientHeaders, hasBody ? serverBody : null, proxyResponse, beforeUpstream, requestId)) {
            return;
        }
        proxyResponse.setStatus(serverResponse.getCode());
        for (Map.Entry<String, String> header : clientHeaders) {
            proxyResponse.addHeader(header.getKey(), header.getValue());
        }
        if (!hasBody) {
            return;
        }
        // No try-with-resources: its close() would run before the catch blocks and drain the rest of
        // the body from Mattermost. UpstreamExchanges reads the rest or closes the connection after the handler.
        try {
            InputStream serverContent = serverBody.getContent();
            long copied = ResponseBodyRelay.copy(serverContent, proxyResponse.getOutputStream());
            if (LOG.isDebugEnabled()) {
                LOG.debug("[{}] {} relayed [{}] response bytes", requestId, serverResponse.getCode(), copied);
            }
        } catch (ClientSideException clientGone) {
            // Cancel before the stream is closed: closing would drain the rest of the body from
            // Mattermost; cancelling discards the connection at once and frees the pool slot.
            proxyRequest.cancel();
            throw clientGone;
        } catch (IOException upstreamFailure) {
            proxyRequest.cancel();
            if (!proxyResponse.isCommitted()) {
                // The upstream's status and headers (Content-Length, Content-Encoding) must not
                // describe the error page that replaces its body; a filter's headers stay.
                beforeUpstream.resetTo(proxyResponse);
            }
            throw upstreamFailure;
        }
    }

    /**
     * Runs the response hooks; true when one answered the client itself. Whatever of the body it left
     * unread is read off when small (the connection is reused) and cut off with the connection otherwise.
     */
    private boolean answeredByHook(HttpServletRequest clientRequest, HttpUriRequestBase proxyRequest, int status,
            List<Map.Entry<String, String>> clientHeaders, HttpEntity serverBody, HttpServletResponse proxyResponse,
            ResponseHeaderSnapshot beforeUpstream, String requestId) throws IOException {
        UpstreamResponse hooked = new UpstreamResponse(clientRequest, requestId, false, status, clientHeaders,
                serverBody == null ? InputStream::nullInputStream : serverBody::getContent, proxyResponse,
                () -> beforeUpstream.resetTo(proxyResponse));
        try {
            hooks.afterUpstream(hooked);
        } catch (HookFailedException hookFailed) {
            // Cancel before HttpClient closes the response, which would drain the rest of the body.
            proxyRequest.cancel();
            if (!proxyResponse.isCommitted()) {
                // An answering hook's half-written status and headers must not frame the error page.
                beforeUpstream.resetTo(proxyResponse);
            }
            throw hookFailed;
        }
        if (!hooked.answered()) {
            return false;
        }
        if (serverBody != null && !hooked.bodyReadToEnd()) {
            long length = serverBody.getContentLength();
            if (length < 0 || length - hooked.bodyBytesRead() > DRAIN_LIMIT_BYTES) {
                proxyRequest.cancel();
            }
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("[{}] {} from upstream answered by a proxy hook", requestId, status);
        }
        return true;
    }

    private void onProxyFailure(HttpServletRequest clientRequest, HttpUriRequestBase proxyRequest,
            HttpServletResponse proxyResponse, ProxyError error, String requestId, IOException failure)
            throws IOException {
        proxyRequest.cancel();
        if (!errors.send(clientRequest, proxyResponse, error, requestId, failure)) {
            abortClientConnection(requestId, failure);
        }
    }

    private void onClientFailure(HttpServletRequest clientRequest, HttpUriRequestBase proxyRequest,
            HttpServletResponse proxyResponse, String requestId, ClientSideException failure) throws IOException {
        proxyRequest.cancel();
        if (LOG.isDebugEnabled()) {
            LOG.debug("[{}] client side failed, upstream exchange aborted: [{}]", requestId,
                    String.valueOf(failure.getCause()));
        }
        if (proxyResponse.isCommitted()) {
            return; // the client is gone; nothing to tell it
        }
        try {
            errors.send(clientRequest, proxyResponse, clientFailureError(failure), requestId, failure);
        } catch (IOException stillGone) {
            LOG.debug("[{}] client unreachable for its error answer", requestId);
        }
    }

    /**
     * A response already under way cannot turn into an error; failing the request makes the container
     * drop the connection, so the client sees a truncated response rather than a complete-looking one.
     */
    protected void abortClientConnection(String requestId, IOException failure) throws IOException {
        throw new IOException("[" + requestId + "] upstream failed after the response was committed", failure);
    }

    /**
     * Upstream too slow answers 504; refused, unreachable, reset or connect timeout answer 502, as does an
     * answer that is not HTTP, with its own id (the WebSocket tunnel uses the same mapping).
     */
    protected ProxyError upstreamFailureError(IOException failure) {
        if (failure instanceof ConnectTimeoutException) {
            return ProxyError.BAD_GATEWAY;
        }
        if (failure instanceof SocketTimeoutException) {
            return ProxyError.GATEWAY_TIMEOUT;
        }
        if (failure instanceof ClientProtocolException) {
            // HttpClient wraps an unparseable status line or header (an HttpException) in this.
            return ProxyError.INVALID_UPSTREAM_RESPONSE;
        }
        return ProxyError.BAD_GATEWAY;
    }

    /** A client too slow sending its body answers 408; a body that breaks off answers 400. */
    protected ProxyError clientFailureError(ClientSideException failure) {
        return failure.getCause() instanceof SocketTimeoutException
                ? ProxyError.REQUEST_TIMEOUT : ProxyError.BAD_REQUEST;
    }

    /**
     * {@code Connection: upgrade} with an {@code Upgrade} field (RFC 9110 §7.8) asks for a protocol
     * switch, which a request/response proxy cannot carry.
     */
    protected boolean isUpgradeRequest(HttpServletRequest clientRequest) {
        String upgrade = clientRequest.getHeader("Upgrade");
        if (upgrade == null || upgrade.isBlank() || isOnlyH2c(upgrade)) {
            return false;
        }
        for (String connection : java.util.Collections.list(clientRequest.getHeaders("Connection"))) {
            for (String token : connection.split(",")) {
                if (token.trim().equalsIgnoreCase("upgrade")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * An offer to switch this hop to cleartext HTTP/2 (RFC 7540 §3.2, sent by e.g. java.net.http) is
     * not a tunnel: "a server that does not support HTTP/2 can respond to the request as though the
     * Upgrade header field were absent", which is what the proxy does (Upgrade is hop-by-hop).
     */
    private static boolean isOnlyH2c(String upgrade) {
        for (String protocol : upgrade.split(",")) {
            if (!protocol.trim().equalsIgnoreCase("h2c")) {
                return false;
            }
        }
        return true;
    }

    private void onUpgradeRequest(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            String requestId) throws IOException {
        if (upgradeRelay == null) {
            errors.send(clientRequest, proxyResponse, ProxyError.NOT_IMPLEMENTED, requestId, null);
            return;
        }
        if (LOG.isDebugEnabled()) {
            LOG.debug("[{}] upgrade to [{}] handed to the relay", requestId, clientRequest.getHeader("Upgrade"));
        }
        upgradeRelay.relay(clientRequest, proxyResponse, requestId);
    }

    private static boolean isOverBodyLimit(HttpServletRequest clientRequest, ProxyConfig proxyConfig) {
        long limit = proxyConfig.maxRequestBodyBytes();
        return limit > 0 && clientRequest.getContentLengthLong() > limit;
    }

    /**
     * The upstream URL: upstream origin, then {@link UpstreamPaths#requestTarget} (base path, the client's
     * raw request URI and raw query, never decoded), the same target the WebSocket tunnel sends.
     *
     * @throws IllegalArgumentException when the request target is not a valid URI
     */
    protected HttpUriRequestBase newProxyRequest(HttpServletRequest clientRequest, ProxyConfig proxyConfig) {
        URI upstreamUrl = proxyConfig.upstreamUrl();
        String target = UpstreamPaths.origin(upstreamUrl) + UpstreamPaths.requestTarget(upstreamUrl, clientRequest);
        return new HttpUriRequestBase(clientRequest.getMethod(), URI.create(target));
    }

    /**
     * Streams the client's body, if it has one, with its Content-Length or chunked when unknown
     * (RFC 9112 §6.3: a request has a body only if it states a length or a transfer coding); a body a step
     * already read ({@link BufferedRequestBody}) goes as those bytes.
     */
    private static void setRequestBody(HttpServletRequest clientRequest, HttpUriRequestBase proxyRequest,
            ProxyConfig proxyConfig) throws IOException {
        byte[] buffered = BufferedRequestBody.of(clientRequest);
        if (buffered != null) {
            // A step read the body to judge it (the password guard): send what it read, with its length.
            proxyRequest.setEntity(new ByteArrayEntity(buffered, null));
            return;
        }
        long length = clientRequest.getContentLengthLong();
        boolean chunked = clientRequest.getHeader("Transfer-Encoding") != null;
        if (length < 0 && !chunked) {
            return;
        }
        ClientBodyInputStream clientBody =
                new ClientBodyInputStream(clientRequest.getInputStream(), proxyConfig.maxRequestBodyBytes());
        proxyRequest.setEntity(new ClientBodyEntity(clientBody, chunked ? -1 : length, proxyRequest));
    }

    /** Where browsers reach us: the configured public URL's origin, else this request's scheme and Host. */
    private static String publicOrigin(HttpServletRequest clientRequest, GatewayConfig gatewayConfig) {
        URI publicUrl = gatewayConfig.server().publicUrl();
        if (publicUrl != null) {
            return UpstreamPaths.origin(publicUrl);
        }
        String host = clientRequest.getHeader("Host");
        if (host == null || host.isBlank()) {
            host = clientRequest.getServerName() + ":" + clientRequest.getServerPort();
        }
        return clientRequest.getScheme().toLowerCase(Locale.ROOT) + "://" + host.trim();
    }

    private static List<Map.Entry<String, String>> entries(Header[] headers) {
        List<Map.Entry<String, String>> entries = new ArrayList<>(headers.length);
        for (Header header : headers) {
            entries.add(Map.entry(header.getName(), header.getValue() == null ? "" : header.getValue()));
        }
        return entries;
    }

    /**
     * The client in use. A settings change replaces it through the configuration listener, which checked
     * the change before it was published, so the request path never compares or rebuilds anything.
     */
    private UpstreamClient acquireUpstream() {
        while (true) {
            UpstreamClient client = upstream;
            if (client.tryAcquire()) {
                return client;
            }
        }
    }

    /** Builds a client for changed proxy settings and retires the old one once its exchanges finish. */
    private synchronized void onProxyConfigChange(ProxyConfig changed) {
        UpstreamClient previous = upstream;
        // A change applied while the servlet is being destroyed must not start a pool nobody closes.
        if (destroyed || previous.config().equals(changed)) {
            return;
        }
        upstream = UpstreamClient.create(changed);
        LOG.info("Proxy settings changed; now proxying to [{}]", changed.upstreamUrl());
        previous.retire();
    }

    /** The upstream the pool in use talks to (after a change, the new one), for monitoring. */
    public URI upstreamUrlInUse() {
        return upstream.config().upstreamUrl();
    }

    /** Connections in use and idle in the upstream pool, for monitoring and for tests. */
    public PoolStats upstreamPoolStats() {
        return upstream.poolStats();
    }

    @Override
    public void destroy() {
        config.removeListener(configListener);
        synchronized (this) {
            destroyed = true;
        }
        upstream.retire();
        upstream.close(CloseMode.GRACEFUL);
        super.destroy();
    }
}
