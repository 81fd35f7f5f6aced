package io.ssogate.bench.upstream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * {@code GET /api/v4/system/ping}: the small JSON answer of Mattermost's health check
 * (mattermost-api.md section 11), about 200 bytes, the typical size of an API call's reply.
 */
public final class PingServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    static final byte[] BODY = ("{\"ActiveSearchBackend\":\"database\",\"AndroidLatestVersion\":\"\","
            + "\"AndroidMinVersion\":\"\",\"DesktopLatestVersion\":\"\",\"DesktopMinVersion\":\"\","
            + "\"IosLatestVersion\":\"\",\"IosMinVersion\":\"\",\"status\":\"OK\"}")
            .getBytes(StandardCharsets.UTF_8);

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setContentType("application/json");
        response.setContentLength(BODY.length);
        response.getOutputStream().write(BODY);
    }
}
