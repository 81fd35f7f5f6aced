package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousByteChannel;
import java.nio.channels.AsynchronousSocketChannel;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Deadline-bound blocking operations on an asynchronous channel: the short handshake on the servlet's
 * request thread, and client-to-upstream writes on the container thread (see {@link ClientToUpstreamPump}),
 * which complete at once unless the upstream stops taking bytes.
 *
 * <p>A timed-out read or write leaves the channel unusable (the operation is still pending), so
 * callers close the channel on any exception from here.
 */
final class BlockingChannelIo {

    private BlockingChannelIo() {
    }

    static void connect(AsynchronousSocketChannel channel, SocketAddress address, long timeoutNanos)
            throws UpstreamConnectException {
        try {
            await(channel.connect(address), timeoutNanos);
        } catch (TimeoutException e) {
            throw new UpstreamConnectException("connect timed out", e);
        } catch (IOException e) {
            throw new UpstreamConnectException("connect failed: " + e.getMessage(), e);
        }
    }

    static void writeFully(AsynchronousByteChannel channel, ByteBuffer buffer, long deadlineNanos)
            throws IOException {
        while (buffer.hasRemaining()) {
            try {
                await(channel.write(buffer), remaining(deadlineNanos));
            } catch (TimeoutException e) {
                throw new UpstreamTimeoutException("upstream did not take the bytes in time");
            }
        }
    }

    /** Reads at least one byte into {@code buffer}; returns -1 at end of stream. */
    static int read(AsynchronousByteChannel channel, ByteBuffer buffer, long deadlineNanos) throws IOException {
        try {
            return await(channel.read(buffer), remaining(deadlineNanos));
        } catch (TimeoutException e) {
            throw new UpstreamTimeoutException("upstream did not answer in time");
        }
    }

    private static long remaining(long deadlineNanos) {
        return Math.max(0, deadlineNanos - System.nanoTime());
    }

    private static <T> T await(Future<T> operation, long timeoutNanos) throws IOException, TimeoutException {
        try {
            return operation.get(timeoutNanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while talking to the upstream");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException io) {
                throw io;
            }
            throw new IOException(e.getCause());
        }
    }
}
