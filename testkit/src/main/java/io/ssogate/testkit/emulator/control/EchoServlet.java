package io.ssogate.testkit.emulator.control;

import io.ssogate.testkit.emulator.http.ApiResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code /__emulator/echo/**}: tells a proxy test exactly what reached the upstream. The body is hashed as it
 * streams in (8 KiB at a time), so any size can be checked without holding it in memory.
 */
public final class EchoServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        MessageDigest sha256;
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
        long count = 0;
        byte[] buffer = new byte[8192];
        try (InputStream in = request.getInputStream()) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                sha256.update(buffer, 0, n);
                count += n;
            }
        }
        List<List<String>> headers = new ArrayList<>();
        for (String name : Collections.list(request.getHeaderNames())) {
            for (String value : Collections.list(request.getHeaders(name))) {
                headers.add(List.of(name, value));
            }
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("method", request.getMethod());
        out.put("path", request.getRequestURI());
        out.put("query", request.getQueryString());
        out.put("headers", headers);
        out.put("body_bytes", count);
        out.put("body_sha256", HexFormat.of().formatHex(sha256.digest()));
        ApiResponses.writeJson(response, 200, out);
    }
}
