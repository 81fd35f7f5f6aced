package io.ssogate.proxy.websocket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import io.ssogate.core.config.HttpUrlFormat;
import io.ssogate.proxy.headers.UpstreamPaths;

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
     * @throws UnsupportedUpstreamException when the upstream URL breaks the base URL rules
     *         ({@link HttpUrlFormat}), or is not plain {@code http}: the tunnel relays raw bytes over a plain
     *         socket and has no TLS engine of its own
     */
    static UpstreamTarget of(URI upstreamUrl, HttpServletRequest clientRequest) {
        try {
            HttpUrlFormat.validate(upstreamUrl);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedUpstreamException("upstream URL " + e.getMessage());
        }
        String scheme = upstreamUrl.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http")) {
            throw new UnsupportedUpstreamException(
                    "WebSocket tunnel supports only http:// upstream URLs, got scheme [" + scheme + "]");
        }
        int port = upstreamUrl.getPort() > 0 ? upstreamUrl.getPort() : DEFAULT_HTTP_PORT;
        return new UpstreamTarget(upstreamUrl.getHost(), port,
                UpstreamPaths.requestTarget(upstreamUrl, clientRequest));
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
