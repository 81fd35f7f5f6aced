package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.AsynchronousByteChannel;

/**
 * The rest of a refused upgrade's response as a blocking stream: first the bytes already read with
 * the head, then the channel, each read bounded by the response timeout.
 */
final class TimedChannelInputStream extends InputStream {

    private final ByteBuffer alreadyRead;
    private final AsynchronousByteChannel upstream;
    private final long readTimeoutNanos;

    TimedChannelInputStream(ByteBuffer alreadyRead, AsynchronousByteChannel upstream, long readTimeoutNanos) {
        this.alreadyRead = alreadyRead;
        this.upstream = upstream;
        this.readTimeoutNanos = readTimeoutNanos;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (alreadyRead.hasRemaining()) {
            int n = Math.min(len, alreadyRead.remaining());
            alreadyRead.get(b, off, n);
            return n;
        }
        return BlockingChannelIo.read(upstream, ByteBuffer.wrap(b, off, len), System.nanoTime() + readTimeoutNanos);
    }
}
