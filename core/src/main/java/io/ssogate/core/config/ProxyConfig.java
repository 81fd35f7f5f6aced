package io.ssogate.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * How the gateway reaches Mattermost and relays traffic to it. Immutable; a new instance replaces the
 * old one when an admin changes a setting, and the proxy reads the current one for every request.
 *
 * @param upstreamUrl        Mattermost's own base URL, e.g. {@code http://127.0.0.1:8065}; may have a path
 * @param connectTimeout     how long to wait for a TCP connection to the upstream (502 after)
 * @param responseTimeout    how long to wait for the upstream's response head, and between body reads (504)
 * @param idleTimeout        how long a pooled keep-alive connection may sit unused before it is closed;
 *                           keep it under Mattermost's own IdleTimeout (60 s) so we never reuse a
 *                           connection the server is about to close
 * @param webSocketIdleTimeout how long a WebSocket tunnel may carry no frame in either direction; above
 *                           Mattermost's 60 s ping interval so healthy sockets never time out
 * @param maxRequestBodyBytes largest request body accepted, 0 for no limit of the gateway's own
 *                           (Mattermost enforces its MaxFileSize)
 * @param maxConnections     size of the upstream connection pool; see {@link #DEFAULT_MAX_CONNECTIONS}
 * @param trustedProxies     addresses or CIDR ranges of reverse proxies in front of the gateway whose
 *                           X-Forwarded-* headers are believed; empty means none is, which is the safe default
 * @param upstreamCaFile     PEM file of the CA certificates that an https upstream's certificate must chain
 *                           to, for the HTTP proxy and the WebSocket tunnel alike; null trusts the JVM's
 *                           trust store. Host names are verified either way.
 * @param webSocketWriteTimeout how long either side of a WebSocket tunnel may leave bytes untaken before the
 *                           tunnel is closed; short, since a stalled upstream holds a container thread meanwhile
 */
public record ProxyConfig(
        URI upstreamUrl,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration idleTimeout,
        Duration webSocketIdleTimeout,
        long maxRequestBodyBytes,
        int maxConnections,
        List<String> trustedProxies,
        Path upstreamCaFile,
        Duration webSocketWriteTimeout) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Mattermost's own WriteTimeout; a slower upstream answer is a fault. */
    public static final Duration DEFAULT_RESPONSE_TIMEOUT = Duration.ofSeconds(300);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(50);
    /** Mattermost pings every 60 s and gives up after 100 s; stay above both. */
    public static final Duration DEFAULT_WEBSOCKET_IDLE_TIMEOUT = Duration.ofSeconds(120);
    /**
     * Tomcat's default {@code maxThreads}. A proxied HTTP exchange holds one container thread for as long as
     * it holds its upstream connection, so a pool larger than the container's threads can never fill;
     * WebSocket tunnels use no pooled connection. The embedded launcher gives its connector at least this
     * many threads, and more when {@code maxConnections} is set higher.
     */
    public static final int DEFAULT_MAX_CONNECTIONS = 200;
    /** Long enough for a busy peer's TCP window to reopen, short enough that a stalled one frees its thread. */
    public static final Duration DEFAULT_WEBSOCKET_WRITE_TIMEOUT = Duration.ofSeconds(5);

    public ProxyConfig {
        Objects.requireNonNull(upstreamUrl, "upstreamUrl");
        connectTimeout = connectTimeout == null ? DEFAULT_CONNECT_TIMEOUT : connectTimeout;
        responseTimeout = responseTimeout == null ? DEFAULT_RESPONSE_TIMEOUT : responseTimeout;
        idleTimeout = idleTimeout == null ? DEFAULT_IDLE_TIMEOUT : idleTimeout;
        webSocketIdleTimeout = webSocketIdleTimeout == null ? DEFAULT_WEBSOCKET_IDLE_TIMEOUT : webSocketIdleTimeout;
        maxConnections = maxConnections <= 0 ? DEFAULT_MAX_CONNECTIONS : maxConnections;
        trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        webSocketWriteTimeout = webSocketWriteTimeout == null ? DEFAULT_WEBSOCKET_WRITE_TIMEOUT : webSocketWriteTimeout;
        if (maxRequestBodyBytes < 0) {
            throw new IllegalArgumentException("maxRequestBodyBytes must be 0 (no limit) or positive");
        }
    }

    /** The settings that existed before {@code upstreamCaFile} and {@code webSocketWriteTimeout}; those default. */
    public ProxyConfig(URI upstreamUrl, Duration connectTimeout, Duration responseTimeout, Duration idleTimeout,
                       Duration webSocketIdleTimeout, long maxRequestBodyBytes, int maxConnections,
                       List<String> trustedProxies) {
        this(upstreamUrl, connectTimeout, responseTimeout, idleTimeout, webSocketIdleTimeout, maxRequestBodyBytes,
                maxConnections, trustedProxies, null, null);
    }

    /** Defaults for everything but the upstream. */
    public static ProxyConfig of(URI upstreamUrl) {
        return new ProxyConfig(upstreamUrl, null, null, null, null, 0, 0, null, null, null);
    }

    public ProxyConfig withUpstreamUrl(URI url) {
        return new ProxyConfig(url, connectTimeout, responseTimeout, idleTimeout, webSocketIdleTimeout,
                maxRequestBodyBytes, maxConnections, trustedProxies, upstreamCaFile, webSocketWriteTimeout);
    }

    public ProxyConfig withTimeouts(Duration connect, Duration response, Duration idle, Duration webSocketIdle) {
        return new ProxyConfig(upstreamUrl, connect, response, idle, webSocketIdle,
                maxRequestBodyBytes, maxConnections, trustedProxies, upstreamCaFile, webSocketWriteTimeout);
    }

    public ProxyConfig withMaxRequestBodyBytes(long bytes) {
        return new ProxyConfig(upstreamUrl, connectTimeout, responseTimeout, idleTimeout, webSocketIdleTimeout,
                bytes, maxConnections, trustedProxies, upstreamCaFile, webSocketWriteTimeout);
    }

    public ProxyConfig withTrustedProxies(List<String> proxies) {
        return new ProxyConfig(upstreamUrl, connectTimeout, responseTimeout, idleTimeout, webSocketIdleTimeout,
                maxRequestBodyBytes, maxConnections, proxies, upstreamCaFile, webSocketWriteTimeout);
    }

    public ProxyConfig withMaxConnections(int connections) {
        return new ProxyConfig(upstreamUrl, connectTimeout, responseTimeout, idleTimeout, webSocketIdleTimeout,
                maxRequestBodyBytes, connections, trustedProxies, upstreamCaFile, webSocketWriteTimeout);
    }

    /** @param caFile PEM CA certificates to trust for an https upstream; null for the JVM's trust store */
    public ProxyConfig withUpstreamCaFile(Path caFile) {
        return new ProxyConfig(upstreamUrl, connectTimeout, responseTimeout, idleTimeout, webSocketIdleTimeout,
                maxRequestBodyBytes, maxConnections, trustedProxies, caFile, webSocketWriteTimeout);
    }

    public ProxyConfig withWebSocketWriteTimeout(Duration timeout) {
        return new ProxyConfig(upstreamUrl, connectTimeout, responseTimeout, idleTimeout, webSocketIdleTimeout,
                maxRequestBodyBytes, maxConnections, trustedProxies, upstreamCaFile, timeout);
    }
}
