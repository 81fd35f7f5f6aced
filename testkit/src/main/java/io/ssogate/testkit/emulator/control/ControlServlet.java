package io.ssogate.testkit.emulator.control;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.emulator.http.ApiError;
import io.ssogate.testkit.emulator.http.ApiResponses;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test controls under {@code /__emulator/}; not part of Mattermost's API. Each one calls the same Java
 * method a test in the JVM would (see {@link MattermostEmulator}). Bodies are small JSON objects.
 */
public final class ControlServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient MattermostEmulator emulator;

    public ControlServlet(MattermostEmulator emulator) {
        this.emulator = emulator;
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String requestId = (String) request.getAttribute(ApiResponses.REQUEST_ID_ATTRIBUTE);
        try {
            String path = request.getPathInfo() == null ? "" : request.getPathInfo();
            if (!"POST".equals(request.getMethod())) {
                throw new ApiError(405, "emulator.control.method", "Test controls take POST.");
            }
            switch (path) {
                case "/events" -> pushEvent(request, response);
                case "/sessions/expire" -> expire(request, response);
                case "/unresponsive" -> unresponsive(request, response);
                case "/site-url" -> siteUrl(request, response);
                default -> throw new ApiError(404, "emulator.control.unknown", "Unknown test control [" + path + "].");
            }
        } catch (ApiError e) {
            ApiResponses.writeError(response, requestId, e);
        }
    }

    private void pushEvent(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode b = body(request);
        String userId = userIdOf(b);
        String event = b.path("event").asText("");
        if (event.isEmpty()) {
            throw new ApiError(400, "emulator.control.event", "Give \"event\".");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> data = b.hasNonNull("data") ? ApiResponses.JSON.convertValue(b.get("data"), Map.class) : Map.of();
        int delivered = emulator.pushEvent(userId, event, data);
        ApiResponses.writeJson(response, 200, Map.of("status", "OK", "delivered", delivered));
    }

    private void expire(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode b = body(request);
        int expired;
        if (b.hasNonNull("token")) {
            expired = emulator.expireSession(b.get("token").asText()) ? 1 : 0;
        } else {
            expired = emulator.expireSessions(userIdOf(b));
        }
        ApiResponses.writeJson(response, 200, Map.of("status", "OK", "expired", expired));
    }

    private void unresponsive(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String mode = body(request).path("mode").asText("");
        switch (mode) {
            case "hang" -> emulator.setUnresponsive(true);
            case "off" -> emulator.setUnresponsive(false);
            default -> throw new ApiError(400, "emulator.control.mode", "mode must be \"hang\" or \"off\".");
        }
        ApiResponses.writeJson(response, 200, Map.of("status", "OK", "mode", mode));
    }

    private void siteUrl(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonNode v = body(request).get("site_url");
        URI uri = null;
        if (v != null && !v.isNull() && !v.asText().isEmpty()) {
            try {
                uri = URI.create(v.asText());
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "emulator.control.site_url", "site_url is not a URL.");
            }
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new ApiError(400, "emulator.control.site_url", "site_url needs a scheme and a host.");
            }
        }
        emulator.setSiteUrl(uri);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", "OK");
        out.put("site_url", uri == null ? "" : uri.toString());
        ApiResponses.writeJson(response, 200, out);
    }

    private String userIdOf(JsonNode b) {
        if (b.hasNonNull("user_id")) {
            return b.get("user_id").asText();
        }
        if (b.hasNonNull("username")) {
            return emulator.state().users.byUsername(b.get("username").asText()).map(u -> u.id)
                    .orElseThrow(ApiError::userNotFound);
        }
        throw new ApiError(400, "emulator.control.user", "Give \"user_id\" or \"username\".");
    }

    private static JsonNode body(HttpServletRequest request) throws IOException {
        try (InputStream in = request.getInputStream()) {
            JsonNode node = ApiResponses.JSON.readTree(in.readNBytes(1_000_000));
            if (node == null || !node.isObject()) {
                throw new ApiError(400, "emulator.control.body", "The body must be a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "emulator.control.body", "The body must be a JSON object.");
        }
    }
}
