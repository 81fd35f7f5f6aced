package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousByteChannel;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open tunnel: the client's upgraded connection, the upstream channel, and the two pumps between
 * them. Owns the close, which is idempotent and always takes both sides down.
 */
final class Tunnel {

    private static final Logger log = LoggerFactory.getLogger(Tunnel.class);

    private final String id;
    private final AsynchronousByteChannel upstream;
    private ByteBuffer firstUpstreamBytes; // handed to the pump at start, then dropped
    private final Consumer<Tunnel> onClosed;
    private final Duration upstreamWriteTimeout;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile WebConnection clientConnection;
    private volatile long lastActivityNanos = System.nanoTime();
    /** Since when the client has not taken the bytes we have for it; {@link #FLOWING} while it does. */
    private volatile long clientStalledSinceNanos = FLOWING;

    private static final long FLOWING = Long.MIN_VALUE;

    Tunnel(String id, AsynchronousByteChannel upstream, ByteBuffer firstUpstreamBytes,
           Duration upstreamWriteTimeout, Consumer<Tunnel> onClosed) {
        this.id = id;
        this.upstreamWriteTimeout = upstreamWriteTimeout;
        this.upstream = upstream;
        this.firstUpstreamBytes = firstUpstreamBytes;
        this.onClosed = onClosed;
    }

    String id() {
        return id;
    }

    /** Called by the container (via {@link TunnelUpgradeHandler#init}) once the 101 has been sent. */
    void start(WebConnection connection) throws IOException {
        this.clientConnection = connection;
        if (closed.get()) {
            // Closed (idle sweep, shutdown) between the 101 and init.
            ClientConnectionCloser.close(connection, id);
            return;
        }
        ServletOutputStream clientOutput = connection.getOutputStream();
        ServletInputStream clientInput = connection.getInputStream();
        // The container calls onWritePossible first; that delivers firstUpstreamBytes, then reads upstream.
        clientOutput.setWriteListener(new UpstreamToClientPump(this, upstream, clientOutput, firstUpstreamBytes));
        firstUpstreamBytes = null;
        clientInput.setReadListener(new ClientToUpstreamPump(this, clientInput, upstream, upstreamWriteTimeout.toNanos()));
        log.debug("[{}] tunnel open", id);
    }

    /** Records traffic, for the idle timeout. */
    void touch() {
        lastActivityNanos = System.nanoTime();
    }

    boolean idleLongerThan(Duration limit, long nowNanos) {
        return nowNanos - lastActivityNanos > limit.toNanos();
    }

    /** The client output is not ready for the bytes we have for it; the container calls back when it is. */
    void clientWriteStalled() {
        if (clientStalledSinceNanos == FLOWING) {
            clientStalledSinceNanos = System.nanoTime();
        }
    }

    /** The client output is ready again. Called on each pass, so a write only reads the field. */
    void clientWriteFlowing() {
        if (clientStalledSinceNanos != FLOWING) {
            clientStalledSinceNanos = FLOWING;
        }
    }

    /** For the write timeout: the client took none of our bytes for longer than {@code limit}. */
    boolean clientStalledLongerThan(Duration limit, long nowNanos) {
        long since = clientStalledSinceNanos;
        return since != FLOWING && nowNanos - since > limit.toNanos();
    }

    boolean isClosed() {
        return closed.get();
    }

    void close(String reason) {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        log.debug("[{}] closing tunnel: {}", id, reason);
        try {
            upstream.close(); // fails any pending upstream read or write, which then finds us closed
        } catch (IOException e) {
            log.debug("[{}] closing upstream channel: {}", id, e.toString());
        }
        WebConnection connection = clientConnection;
        if (connection != null) {
            ClientConnectionCloser.close(connection, id);
        }
        onClosed.accept(this);
    }

    @Override
    public String toString() {
        return "Tunnel[" + id + "]";
    }
}
