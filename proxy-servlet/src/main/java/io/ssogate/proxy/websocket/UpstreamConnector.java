package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.nio.channels.AsynchronousByteChannel;
import java.nio.channels.AsynchronousChannelGroup;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.net.CaCertificates;
import tlschannel.ClientTlsChannel;
import tlschannel.TlsChannel;
import tlschannel.async.AsynchronousTlsChannel;
import tlschannel.async.AsynchronousTlsChannelGroup;

/**
 * Opens the tunnel's connection to the upstream: plain TCP for {@code http://}, TLS for {@code https://},
 * either way an {@link AsynchronousByteChannel} served by a small shared thread group, so no thread is
 * held per tunnel.
 *
 * <p>TLS is the JDK's {@link SSLEngine} driven by tls-channel ({@code com.github.marianobarrios}), which
 * handles what a hand-written engine loop gets wrong: handshake and post-handshake messages (TLS 1.3
 * key updates, session tickets) arriving while the other direction is mid-write, buffer overflow and
 * underflow, delegated tasks. The certificate must chain to {@code proxy.upstreamCaFile} (else to the
 * JVM's trust store) and name the upstream host (endpoint identification "HTTPS"), as in the HTTP
 * proxy. The handshake runs with the first write, the upgrade request, within the response timeout.
 */
final class UpstreamConnector implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(UpstreamConnector.class);

    /** Threads completing upstream I/O for all tunnels; callbacks are short (copy a buffer, re-arm). */
    static final int CHANNEL_THREADS = 2;

    /**
     * The kernel send buffer of each upstream socket, fixed instead of autotuned (which grows it to
     * megabytes). What a client sends Mattermost over a WebSocket is small (actions, typing events), so
     * this costs no throughput; it bounds the kernel memory a stalled upstream ties up per tunnel, and
     * lets the write timeout see a stall after this much rather than after megabytes.
     */
    static final int SEND_BUFFER_BYTES = 64 * 1024;

    private final AsynchronousChannelGroup plainGroup;
    /** Made at the first TLS upgrade: a deployment with an http upstream never starts its threads. */
    private AsynchronousTlsChannelGroup tlsGroup;
    private boolean closed;
    private TrustFor trust;

    /** The TLS context of one CA file setting, kept while the setting stays. */
    private record TrustFor(Path caFile, SSLContext context) {
    }

    UpstreamConnector() {
        try {
            plainGroup = AsynchronousChannelGroup.withFixedThreadPool(CHANNEL_THREADS,
                    daemonThreads("ssogate-ws-upstream-"));
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the WebSocket channel group", e);
        }
    }

    /**
     * A connected channel to the target, within the connect timeout.
     *
     * @throws UpstreamConnectException when no connection could be made
     * @throws IOException when the TLS settings cannot be used (an unreadable CA file)
     */
    AsynchronousByteChannel connect(UpstreamTarget target, ProxyConfig settings) throws IOException {
        return target.tls() ? connectTls(target, settings) : connectPlain(target, settings);
    }

    private AsynchronousByteChannel connectPlain(UpstreamTarget target, ProxyConfig settings) throws IOException {
        AsynchronousSocketChannel channel = AsynchronousSocketChannel.open(plainGroup);
        try {
            channel.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            BlockingChannelIo.connect(channel, target.socketAddress(), settings.connectTimeout().toNanos());
            return channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private AsynchronousByteChannel connectTls(UpstreamTarget target, ProxyConfig settings) throws IOException {
        SSLEngine engine = newEngine(target, settings.upstreamCaFile());
        AsynchronousTlsChannelGroup group = tlsGroup();
        SocketChannel socket = SocketChannel.open();
        try {
            socket.setOption(StandardSocketOptions.SO_SNDBUF, SEND_BUFFER_BYTES);
            // Blocking connect on the request thread, bounded like the plain one; then non-blocking for
            // the channel group.
            socket.socket().connect(target.socketAddress(), timeoutMillis(settings.connectTimeout().toMillis()));
            socket.configureBlocking(false);
            TlsChannel tls = ClientTlsChannel.newBuilder(socket, engine).build();
            return new AsynchronousTlsChannel(group, tls, socket);
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new UpstreamConnectException("connect timed out", e);
        } catch (IOException e) {
            closeQuietly(socket);
            throw new UpstreamConnectException("connect failed: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            closeQuietly(socket);
            throw e;
        }
    }

    private SSLEngine newEngine(UpstreamTarget target, Path caFile) throws IOException {
        SSLEngine engine = sslContext(caFile).createSSLEngine(target.host(), target.port());
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (!isIpLiteral(target.host())) {
            parameters.setServerNames(List.of(new SNIHostName(target.host())));
        }
        engine.setSSLParameters(parameters);
        return engine;
    }

    private synchronized SSLContext sslContext(Path caFile) throws IOException {
        if (trust == null || !Objects.equals(trust.caFile(), caFile)) {
            trust = new TrustFor(caFile, CaCertificates.sslContext(caFile));
        }
        return trust.context();
    }

    private synchronized AsynchronousTlsChannelGroup tlsGroup() {
        if (closed) {
            throw new java.nio.channels.ShutdownChannelGroupException();
        }
        if (tlsGroup == null) {
            tlsGroup = new AsynchronousTlsChannelGroup(CHANNEL_THREADS);
        }
        return tlsGroup;
    }

    /** Stops the channel threads; call after the tunnels are closed. */
    @Override
    public void close() {
        AsynchronousTlsChannelGroup tls;
        synchronized (this) {
            closed = true;
            tls = tlsGroup;
        }
        plainGroup.shutdown();
        if (tls != null) {
            tls.shutdown();
        }
        try {
            if (!plainGroup.awaitTermination(5, TimeUnit.SECONDS)) {
                plainGroup.shutdownNow();
            }
            if (tls != null && !tls.awaitTermination(5, TimeUnit.SECONDS)) {
                tls.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.debug("closing the channel group: {}", e.toString());
        }
    }

    /** A literal address gets no SNI (RFC 6066 §3); its certificate is checked against IP SANs. */
    private static boolean isIpLiteral(String host) {
        return host.contains(":") || host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static int timeoutMillis(long millis) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, millis));
    }

    static void closeQuietly(java.nio.channels.Channel channel) {
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
