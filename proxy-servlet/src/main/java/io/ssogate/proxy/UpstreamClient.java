package io.ssogate.proxy;

import io.ssogate.core.config.HttpUrlFormat;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.net.CaCertificates;
import io.ssogate.proxy.headers.TrustedProxies;
import java.io.IOException;
import java.net.URI;
import javax.net.ssl.SSLContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.HttpRoute;
import org.apache.hc.client5.http.impl.IdleConnectionEvictor;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManager;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.client5.http.ssl.ClientTlsStrategyBuilder;
import org.apache.hc.client5.http.ssl.HostnameVerificationPolicy;
import org.apache.hc.core5.http.io.HttpClientResponseHandler;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolStats;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pooled HttpClient for one {@link ProxyConfig}. When an admin changes the proxy settings a new
 * one replaces it; the old one is retired and closes once its last in-flight exchange is done, so a
 * settings change never cuts a running download.
 */
final class UpstreamClient {

    private static final Logger LOG = LoggerFactory.getLogger(UpstreamClient.class);

    /**
     * A pooled connection idle this long is checked before reuse. With automatic retries off, a stale
     * connection the upstream has just closed would otherwise turn a POST into a 502.
     */
    static final TimeValue VALIDATE_AFTER_INACTIVITY = TimeValue.ofSeconds(1);

    private final ProxyConfig config;
    private final PoolingHttpClientConnectionManager pool;
    private final UpstreamExchanges exchanges;
    private final IdleConnectionEvictor evictor;
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean retired;

    private UpstreamClient(ProxyConfig config, PoolingHttpClientConnectionManager pool, UpstreamExchanges exchanges,
                           IdleConnectionEvictor evictor) {
        this.config = config;
        this.pool = pool;
        this.exchanges = exchanges;
        this.evictor = evictor;
    }

    /** The one route every exchange takes: the upstream's scheme, host and port (defaulted by scheme). */
    private static HttpRoute routeTo(URI upstreamUrl) {
        boolean secure = "https".equalsIgnoreCase(upstreamUrl.getScheme());
        int port = upstreamUrl.getPort() > 0 ? upstreamUrl.getPort() : secure ? 443 : 80;
        String host = upstreamUrl.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1); // an IPv6 literal, as the socket and TLS checks want it
        }
        return new HttpRoute(new HttpHost(secure ? "https" : "http", host, port), null, secure);
    }

    /**
     * Builds the client for {@code config}.
     *
     * @throws IllegalArgumentException naming the setting that is invalid
     */
    static UpstreamClient create(ProxyConfig config) {
        validate(config);
        PoolingHttpClientConnectionManager pool = PoolingHttpClientConnectionManagerBuilder.create()
                .setTlsSocketStrategy(ClientTlsStrategyBuilder.create()
                        .setSslContext(upstreamTrust(config))
                        // The JDK's own check (endpoint identification "HTTPS", RFC 2818 / 6125), the one
                        // the WebSocket tunnel's SSLEngine makes, so both paths accept the same certificates.
                        .setHostVerificationPolicy(HostnameVerificationPolicy.BUILTIN)
                        .buildClassic())
                .setMaxConnTotal(config.maxConnections())
                // Every request goes to the one upstream, so one route may use the whole pool.
                .setMaxConnPerRoute(config.maxConnections())
                .setDefaultConnectionConfig(ConnectionConfig.custom()
                        .setConnectTimeout(Timeout.of(config.connectTimeout()))
                        // Waiting for the response head after the request is sent (504 after), and between
                        // reads of its body: the socket timeout of every pooled connection.
                        .setSocketTimeout(Timeout.of(config.responseTimeout()))
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                        .build())
                .build();
        Timeout connectTimeout = Timeout.of(config.connectTimeout());
        UpstreamExchanges exchanges = new UpstreamExchanges(pool, routeTo(config.upstreamUrl()),
                // Waiting for a free pooled connection is bounded like connecting.
                connectTimeout, connectTimeout,
                // Keep-alive connections without a Keep-Alive hint live no longer than idleTimeout.
                TimeValue.of(config.idleTimeout()));
        // Close connections idle longer than idleTimeout, under Mattermost's own idle cut-off.
        IdleConnectionEvictor evictor = new IdleConnectionEvictor(pool, TimeValue.of(config.idleTimeout()));
        evictor.start();
        return new UpstreamClient(config, pool, exchanges, evictor);
    }

    static void validate(ProxyConfig config) {
        try {
            HttpUrlFormat.validate(config.upstreamUrl());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("proxy.upstreamUrl: " + e.getMessage() + ": ["
                    + HttpUrlFormat.shown(config.upstreamUrl()) + "]", e);
        }
        TrustedProxies.of(config.trustedProxies());
        upstreamTrust(config);
    }

    /** The CA certificates an https upstream must chain to: proxy.upstreamCaFile's, else the JVM's. */
    private static SSLContext upstreamTrust(ProxyConfig config) {
        try {
            return CaCertificates.sslContext(config.upstreamCaFile());
        } catch (IOException e) {
            throw new IllegalArgumentException("proxy.upstreamCaFile: " + e.getMessage(), e);
        }
    }

    ProxyConfig config() {
        return config;
    }

    /** Claims this client for one exchange; false once it is retired (then read the current one again). */
    boolean tryAcquire() {
        users.incrementAndGet();
        if (retired) {
            release();
            return false;
        }
        return true;
    }

    void release() {
        if (users.decrementAndGet() == 0 && retired) {
            close(CloseMode.GRACEFUL);
        }
    }

    /** No new exchanges; closes the pool as soon as the running ones are done. */
    void retire() {
        retired = true;
        if (users.get() == 0) {
            close(CloseMode.GRACEFUL);
        }
    }

    void close(CloseMode mode) {
        if (closed.compareAndSet(false, true)) {
            evictor.shutdown();
            pool.close(mode);
            LOG.debug("Closed upstream pool for [{}]", config.upstreamUrl());
        }
    }

    <T> T execute(HttpUriRequestBase proxyRequest, String requestId, HttpClientResponseHandler<T> handler)
            throws IOException {
        return exchanges.execute(proxyRequest, requestId, handler);
    }

    PoolStats poolStats() {
        return pool.getTotalStats();
    }
}
