package io.ssogate.proxy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The client's request body as the upstream request reads it: stops at {@code maxRequestBodyBytes}
 * (a body without Content-Length is only known to be too large while it streams), and marks read
 * failures as the client's, so a client that vanishes mid-upload is not reported as a bad gateway.
 */
final class ClientBodyInputStream extends FilterInputStream {

    private final long limit;
    private long count;

    /** @param limit largest body accepted, 0 for none */
    ClientBodyInputStream(InputStream clientBody, long limit) {
        super(clientBody);
        this.limit = limit;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xFF;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        int n;
        try {
            n = super.read(buffer, offset, length);
        } catch (IOException e) {
            throw new ClientSideException("reading the client's request body failed", e);
        }
        if (n > 0) {
            count += n;
            if (limit > 0 && count > limit) {
                throw new RequestBodyTooLargeException(limit);
            }
        }
        return n;
    }

    /** Closing must not close the servlet stream under the container; the request ends it. */
    @Override
    public void close() {
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
