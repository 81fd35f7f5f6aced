package io.ssogate.proxy.websocket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Where one upgrade request goes: the upstream's socket address and the request-target to send it.
 *
 * @param host          upstream host name or address, as configured
 * @param port          upstream port (80 when the URL names none)
 * @param requestTarget origin-form target (RFC 9112 §3.2.1): upstream base path, the client's raw
 *                      request URI, and its raw query
 */
record UpstreamTarget(String host, int port, String requestTarget) {

    static final int DEFAULT_HTTP_PORT = 80;

    /**
     * @throws UnsupportedUpstreamException when the upstream URL is not plain {@code http}; the tunnel
     *         relays raw bytes over a plain socket and has no TLS engine of its own
     */
    static UpstreamTarget of(URI upstreamUrl, HttpServletRequest clientRequest) {
        String scheme = upstreamUrl.getScheme() == null ? "" : upstreamUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("ws")) {
            throw new UnsupportedUpstreamException(
                    "WebSocket tunnel supports only http:// upstream URLs, got scheme [" + scheme + "]");
        }
        if (upstreamUrl.getHost() == null) {
            throw new UnsupportedUpstreamException("upstream URL has no host");
        }
        String basePath = upstreamUrl.getRawPath() == null ? "" : upstreamUrl.getRawPath();
        while (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        // Raw (still percent-encoded) URI and query, so the upstream sees exactly what the client sent,
        // e.g. Mattermost's connection_id and sequence_number for a resumed socket.
        StringBuilder target = new StringBuilder(basePath).append(clientRequest.getRequestURI());
        String query = clientRequest.getQueryString();
        if (query != null) {
            target.append('?').append(query);
        }
        int port = upstreamUrl.getPort() > 0 ? upstreamUrl.getPort() : DEFAULT_HTTP_PORT;
        return new UpstreamTarget(upstreamUrl.getHost(), port, target.toString());
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** Value for the Host header when the client sent none (HTTP/1.0 clients). */
    String authority() {
        return port == DEFAULT_HTTP_PORT ? host : host + ":" + port;
    }

    /** The target's path without the query, which may carry session data and stays out of logs. */
    String pathForLog() {
        int q = requestTarget.indexOf('?');
        return q < 0 ? requestTarget : requestTarget.substring(0, q);
    }

    static final class UnsupportedUpstreamException extends RuntimeException {
        UnsupportedUpstreamException(String message) {
            super(message);
        }
    }
}
