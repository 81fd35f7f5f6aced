package io.ssogate.proxy;

import io.ssogate.core.config.HttpUrlFormat;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.net.CaCertificates;
import io.ssogate.proxy.headers.TrustedProxies;
import java.io.IOException;
import javax.net.ssl.SSLContext;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
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
    private final CloseableHttpClient client;
    private final AtomicInteger users = new AtomicInteger();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean retired;

    private UpstreamClient(ProxyConfig config, PoolingHttpClientConnectionManager pool, CloseableHttpClient client) {
        this.config = config;
        this.pool = pool;
        this.client = client;
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
                        // Between reads of a response already under way; the head is covered below.
                        .setSocketTimeout(Timeout.of(config.responseTimeout()))
                        .setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY)
                        .build())
                .build();
        CloseableHttpClient client = HttpClients.custom()
                .setConnectionManager(pool)
                .setDefaultRequestConfig(RequestConfig.custom()
                        // Waiting for the response head after the request is sent (504 after).
                        .setResponseTimeout(Timeout.of(config.responseTimeout()))
                        // Waiting for a free pooled connection is bounded like connecting.
                        .setConnectionRequestTimeout(Timeout.of(config.connectTimeout()))
                        // Keep-alive connections without a Keep-Alive hint live no longer than idleTimeout.
                        .setConnectionKeepAlive(TimeValue.of(config.idleTimeout()))
                        // The client's Expect is answered by our container; never make the upstream wait.
                        .setExpectContinueEnabled(false)
                        .build())
                // A redirect is for the browser to follow, at the public address (rewritten on the way).
                .disableRedirectHandling()
                // Cookies belong to each browser; a shared jar would hand one user's session to another.
                .disableCookieManagement()
                // Bytes pass through as Mattermost sent them: no Accept-Encoding added, no gzip decoded.
                .disableContentCompression()
                // A proxy must not replay a request the client sent once (POST is not idempotent).
                .disableAutomaticRetries()
                // The client's own User-Agent is forwarded; ours would mislabel every request.
                .disableDefaultUserAgent()
                // No auth scheme state is shared between the users whose requests share this client.
                .disableAuthCaching()
                // Close connections idle longer than idleTimeout, under Mattermost's own idle cut-off.
                .evictIdleConnections(TimeValue.of(config.idleTimeout()))
                .evictExpiredConnections()
                .build();
        return new UpstreamClient(config, pool, client);
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
            client.close(mode);
            LOG.debug("Closed upstream pool for [{}]", config.upstreamUrl());
        }
    }

    <T> T execute(HttpUriRequestBase proxyRequest, HttpClientResponseHandler<T> handler) throws IOException {
        return client.execute(proxyRequest, handler);
    }

    PoolStats poolStats() {
        return pool.getTotalStats();
    }
}
