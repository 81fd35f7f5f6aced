package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousByteChannel;
import java.nio.channels.CompletionHandler;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;

/**
 * Moves bytes from the upstream to the client. After each upstream read the bytes go to the client
 * while it is ready; if it is not, the next upstream read waits for onWritePossible, so a slow client
 * slows the upstream down instead of filling memory. At upstream end of stream, everything read is
 * flushed before the client connection is closed (a WebSocket close frame is just such bytes). No
 * thread waits for a slow client; a client that takes none of the waiting bytes for longer than the
 * write timeout has its tunnel closed by the {@link TunnelSweeper}.
 */
final class UpstreamToClientPump implements WriteListener, CompletionHandler<Integer, Void> {

    static final int BUFFER_BYTES = UpstreamResponseHead.MAX_HEAD_BYTES;

    private final Tunnel tunnel;
    private final AsynchronousByteChannel upstream;
    private final ServletOutputStream clientOutput;
    /** Holds bytes for the client between flip() and being written; starts with the head's leftover. */
    private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER_BYTES);
    private volatile boolean upstreamEnded;
    private final SerialRunner runner = new SerialRunner();
    /** While true the buffer belongs to the pending upstream read. */
    private volatile boolean readPending;

    UpstreamToClientPump(Tunnel tunnel, AsynchronousByteChannel upstream, ServletOutputStream clientOutput,
                         ByteBuffer firstUpstreamBytes) {
        this.tunnel = tunnel;
        this.upstream = upstream;
        this.clientOutput = clientOutput;
        buffer.put(firstUpstreamBytes).flip();
    }

    @Override
    public void onWritePossible() throws IOException {
        runner.run(this::drain);
    }

    /**
     * Runs on a container thread (onWritePossible) or a channel thread (upstream read completed), one
     * at a time. A pending upstream read owns the buffer, whatever callback the container sends.
     */
    private void drain() throws IOException {
        while (!readPending && !tunnel.isClosed()) {
            if (!clientOutput.isReady()) {
                tunnel.clientWriteStalled(); // onWritePossible resumes here; the write timeout bounds the wait
                return;
            }
            tunnel.clientWriteFlowing();
            if (buffer.hasRemaining()) {
                clientOutput.write(buffer.array(), buffer.position(), buffer.remaining());
                buffer.position(buffer.limit());
                continue; // ServletOutputStream#isReady contract: ask again before the next write or flush
            }
            // Frames must reach the client now, not when the container's buffer fills.
            clientOutput.flush();
            if (!clientOutput.isReady()) {
                tunnel.clientWriteStalled(); // the flush is pending; onWritePossible resumes here
                return;
            }
            if (upstreamEnded) {
                tunnel.close("upstream closed the connection");
                return;
            }
            buffer.clear();
            readPending = true;
            upstream.read(buffer, null, this);
            return; // resumed in completed()
        }
    }

    @Override
    public void completed(Integer read, Void attachment) {
        if (read < 0) {
            upstreamEnded = true;
        } else {
            tunnel.touch();
        }
        buffer.flip();
        readPending = false;
        try {
            runner.run(this::drain);
        } catch (IOException | RuntimeException e) {
            tunnel.close("client write failed: " + e);
        }
    }

    @Override
    public void failed(Throwable failure, Void attachment) {
        tunnel.close("upstream read failed: " + failure);
    }

    @Override
    public void onError(Throwable failure) {
        tunnel.close("client write error: " + failure);
    }
}
