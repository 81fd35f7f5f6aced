package io.ssogate.proxy.hooks;

import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;

/**
 * A request on its way to Mattermost, as an {@link UpstreamRequestHook} sees it: the client's request
 * (read-only, for its path and the attributes steps in front of the proxy left on it) and the header
 * fields the proxy will send upstream, which the hook may change.
 */
public final class UpstreamRequest {

    private final HttpServletRequest clientRequest;
    private final String requestId;
    private final boolean upgrade;
    private final HeaderFields headers;
    private final RequestCookies cookies;

    /**
     * @param upstreamHeaders the proxy's mutable list of the fields it will send; hooks change it in place
     * @param upgrade         whether this is the handshake of a protocol upgrade (a WebSocket)
     */
    public UpstreamRequest(HttpServletRequest clientRequest, String requestId, boolean upgrade,
            List<Map.Entry<String, String>> upstreamHeaders) {
        this.clientRequest = clientRequest;
        this.requestId = requestId;
        this.upgrade = upgrade;
        this.headers = new HeaderFields(upstreamHeaders);
        this.cookies = new RequestCookies(headers);
    }

    /** The client's request; its headers are what the client sent, {@link #headers()} what goes upstream. */
    public HttpServletRequest clientRequest() {
        return clientRequest;
    }

    /** The id the gateway's log lines and error answers carry for this request. */
    public String requestId() {
        return requestId;
    }

    /** True for a WebSocket (or other upgrade) handshake, false for a plain HTTP request. */
    public boolean isUpgrade() {
        return upgrade;
    }

    /** The fields going upstream: the client's end-to-end fields and the gateway's X-Forwarded-*. */
    public HeaderFields headers() {
        return headers;
    }

    /** The cookies going upstream, in the Cookie fields of {@link #headers()}. */
    public RequestCookies cookies() {
        return cookies;
    }
}
