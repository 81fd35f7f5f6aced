package io.ssogate.proxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An upstream answer of 16 GiB, more than any test reads: only a connection the gateway cuts ends it.
 * It says when it was cut and how far it had got, so a test can tell cutting from draining.
 */
final class EndlessDownload implements TestServers.Handler {

    static final long LENGTH = 1L << 34;

    final CountDownLatch cut = new CountDownLatch(1);
    final AtomicLong bytesWritten = new AtomicLong();

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response) {
        response.setContentLengthLong(LENGTH);
        byte[] chunk = new byte[64 * 1024];
        try {
            for (long sent = 0; sent < LENGTH; sent += chunk.length) {
                response.getOutputStream().write(chunk);
                bytesWritten.set(sent);
            }
        } catch (IOException expected) {
            cut.countDown();
        }
    }

    /** Far less than the whole: the gateway cut the connection rather than read the body to its end. */
    boolean wasCutEarly() {
        return cut.getCount() == 0 && bytesWritten.get() < LENGTH / 4;
    }
}
