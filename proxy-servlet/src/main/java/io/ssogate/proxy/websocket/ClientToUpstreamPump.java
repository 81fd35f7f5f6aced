package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousSocketChannel;
import java.nio.channels.CompletionHandler;

import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletInputStream;

/**
 * Moves bytes from the client to the upstream. Reads one buffer from the client while it is ready,
 * writes it upstream, and reads again only when that write has completed, so a slow upstream slows
 * the client down (TCP backpressure) instead of filling memory.
 */
final class ClientToUpstreamPump implements ReadListener, CompletionHandler<Integer, Void> {

    static final int BUFFER_BYTES = 8 * 1024;

    private final Tunnel tunnel;
    private final ServletInputStream clientInput;
    private final AsynchronousSocketChannel upstream;
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);

    ClientToUpstreamPump(Tunnel tunnel, ServletInputStream clientInput, AsynchronousSocketChannel upstream) {
        this.tunnel = tunnel;
        this.clientInput = clientInput;
        this.upstream = upstream;
    }

    @Override
    public void onDataAvailable() throws IOException {
        pump();
    }

    /**
     * Runs on a container thread (onDataAvailable) or a channel thread (write completed), never both:
     * the container calls onDataAvailable only after isReady() returned false, and then we have
     * stopped touching the stream until it does.
     */
    private void pump() throws IOException {
        while (!tunnel.isClosed() && clientInput.isReady()) {
            int n = clientInput.read(buffer.array(), 0, buffer.capacity());
            if (n < 0) {
                tunnel.close("client closed the connection");
                return;
            }
            if (n > 0) {
                tunnel.touch();
                buffer.clear().limit(n);
                upstream.write(buffer, null, this);
                return; // resumed in completed()
            }
        }
    }

    @Override
    public void completed(Integer written, Void attachment) {
        if (buffer.hasRemaining()) {
            upstream.write(buffer, null, this);
            return;
        }
        try {
            pump();
        } catch (IOException | RuntimeException e) {
            tunnel.close("client read failed: " + e);
        }
    }

    @Override
    public void failed(Throwable failure, Void attachment) {
        tunnel.close("upstream write failed: " + failure);
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
