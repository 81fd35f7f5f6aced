package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousByteChannel;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * Moves bytes from the client to the upstream: on each onDataAvailable, reads while the client input
 * is ready and writes each buffer upstream before reading the next, so a slow upstream slows the
 * client down (TCP backpressure) instead of filling memory.
 *
 * <p>Reading happens only here, on the container's thread. Tomcat re-arms read interest after every
 * dispatch and fills its socket buffer before calling onDataAvailable, without a lock; reading the
 * same stream from one of our channel threads at that moment corrupts the byte stream (seen in
 * {@code oneMebibyteTextAndBinaryMessagesArriveIntact}). The upstream write is awaited here instead:
 * it completes at once while the upstream's TCP window is open, and holds the container thread only
 * while the upstream is not taking bytes, for at most the write timeout ({@code webSocketWriteTimeout},
 * a few seconds), after which the tunnel is closed. The idle timeout (minutes) would let a few hundred
 * stalled tunnels hold every container thread and starve ordinary requests.
 */
final class ClientToUpstreamPump implements ReadListener {

    static final int BUFFER_BYTES = 8 * 1024;

    private final Tunnel tunnel;
    private final ServletInputStream clientInput;
    private final AsynchronousByteChannel upstream;
    private final long writeTimeoutNanos;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);

    ClientToUpstreamPump(Tunnel tunnel, ServletInputStream clientInput, AsynchronousByteChannel upstream,
                         long writeTimeoutNanos) {
        this.tunnel = tunnel;
        this.clientInput = clientInput;
        this.upstream = upstream;
        this.writeTimeoutNanos = writeTimeoutNanos;
    }

    @Override
    public void onDataAvailable() throws IOException {
        while (!tunnel.isClosed() && clientInput.isReady()) {
            int n = clientInput.read(buffer.array(), 0, buffer.capacity());
            if (n < 0) {
                tunnel.close("client closed the connection");
                return;
            }
            if (n > 0) {
                tunnel.touch();
                buffer.clear().limit(n);
                try {
                    BlockingChannelIo.writeFully(upstream, buffer, System.nanoTime() + writeTimeoutNanos);
                } catch (UpstreamTimeoutException e) {
                    tunnel.close("upstream took no bytes within the write timeout");
                    return;
                } catch (IOException e) {
                    tunnel.close("upstream write failed: " + e);
                    return;
                }
            }
        }
    }

    @Override
    public void onAllDataRead() {
        tunnel.close("client closed the connection");
    }

    @Override
    public void onError(Throwable failure) {
        tunnel.close("client read error: " + failure);
    }
}
