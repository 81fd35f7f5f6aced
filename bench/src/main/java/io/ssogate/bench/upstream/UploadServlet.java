package io.ssogate.bench.upstream;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code POST} or {@code PUT /bench/upload}: reads the body chunk by chunk, discarding it, and
 * answers {@code {"bytes":N}} so a client can check that the whole body arrived.
 */
public final class UploadServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    private static final int CHUNK = 64 * 1024;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        countAndAnswer(request, response);
    }

    @Override
    protected void doPut(HttpServletRequest request, HttpServletResponse response) throws IOException {
        countAndAnswer(request, response);
    }

    private static void countAndAnswer(HttpServletRequest request, HttpServletResponse response) throws IOException {
        byte[] buffer = new byte[CHUNK];
        long count = 0;
        ServletInputStream in = request.getInputStream();
        for (int n; (n = in.read(buffer)) != -1; ) {
            count += n;
        }
        byte[] body = ("{\"bytes\":" + count + "}").getBytes(StandardCharsets.US_ASCII);
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
