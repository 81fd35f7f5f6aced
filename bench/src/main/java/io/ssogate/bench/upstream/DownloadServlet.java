package io.ssogate.bench.upstream;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /bench/download?bytes=N}: N bytes of a fixed pattern, written chunk by chunk from one
 * reused buffer so the upstream never holds more than {@link #CHUNK} bytes, whatever N is.
 */
public final class DownloadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final int CHUNK = 64 * 1024;
    /** Large enough for any benchmark, small enough that a typo can't keep a server busy for hours. */
    static final long MAX_BYTES = 16L * 1024 * 1024 * 1024;

    private static final byte[] PATTERN = new byte[CHUNK];

    static {
        for (int i = 0; i < CHUNK; i++) {
            PATTERN[i] = (byte) ('a' + i % 26);
        }
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        long bytes;
        try {
            bytes = parseBytes(request.getParameter("bytes"));
        } catch (IllegalArgumentException e) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream().write((e.getMessage() + "\n").getBytes(StandardCharsets.UTF_8));
            return;
        }
        response.setContentType("application/octet-stream");
        response.setContentLengthLong(bytes);
        ServletOutputStream out = response.getOutputStream();
        for (long left = bytes; left > 0; ) {
            int n = (int) Math.min(CHUNK, left);
            out.write(PATTERN, 0, n);
            left -= n;
        }
    }

    static long parseBytes(String text) {
        if (text == null) {
            throw new IllegalArgumentException("query parameter [bytes] is required, e.g. ?bytes=52428800");
        }
        long bytes;
        try {
            bytes = Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("query parameter [bytes] must be a whole number, got [" + text + "]");
        }
        if (bytes < 0 || bytes > MAX_BYTES) {
            throw new IllegalArgumentException("query parameter [bytes] must be 0.." + MAX_BYTES + ", got [" + text + "]");
        }
        return bytes;
    }
}
