package io.ssogate.proxy.websocket;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.Locale;

import jakarta.servlet.http.HttpServletRequest;

import io.ssogate.core.config.HttpUrlFormat;
import io.ssogate.proxy.headers.UpstreamPaths;

/**
 * Where one upgrade request goes: the upstream's socket address, whether it speaks TLS, and the
 * request-target to send it.
 *
 * @param host          upstream host name or address, as configured (an IPv6 literal without brackets)
 * @param port          upstream port (80, or 443 for TLS, when the URL names none)
 * @param tls           true for an {@code https} (or {@code wss}) upstream
 * @param requestTarget origin-form target (RFC 9112 §3.2.1): upstream base path, the client's raw
 *                      request URI, and its raw query
 */
record UpstreamTarget(String host, int port, boolean tls, String requestTarget) {

    static final int DEFAULT_HTTP_PORT = 80;
    static final int DEFAULT_HTTPS_PORT = 443;

    /**
     * @throws UnsupportedUpstreamException when the upstream URL breaks the base URL rules
     *         ({@link HttpUrlFormat}), or its scheme is neither http nor https
     */
    static UpstreamTarget of(URI upstreamUrl, HttpServletRequest clientRequest) {
        try {
            HttpUrlFormat.validate(upstreamUrl);
        } catch (IllegalArgumentException e) {
            throw new UnsupportedUpstreamException("upstream URL " + e.getMessage());
        }
        String scheme = upstreamUrl.getScheme().toLowerCase(Locale.ROOT);
        boolean tls = scheme.equals("https");
        if (!tls && !scheme.equals("http")) {
            throw new UnsupportedUpstreamException(
                    "WebSocket tunnel supports http:// and https:// upstream URLs, got scheme [" + scheme + "]");
        }
        String host = upstreamUrl.getHost();
        if (host == null) {
            throw new UnsupportedUpstreamException("upstream URL has no host");
        }
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // the address, as TLS host name checks expect it
        }
        int port = upstreamUrl.getPort() > 0 ? upstreamUrl.getPort() : tls ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT;
        return new UpstreamTarget(host, port, tls, UpstreamPaths.requestTarget(upstreamUrl, clientRequest));
    }

    InetSocketAddress socketAddress() {
        return new InetSocketAddress(host, port);
    }

    /** Value for the Host header when the client sent none (HTTP/1.0 clients). */
    String authority() {
        String name = host.contains(":") ? "[" + host + "]" : host;
        return port == (tls ? DEFAULT_HTTPS_PORT : DEFAULT_HTTP_PORT) ? name : name + ":" + port;
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
