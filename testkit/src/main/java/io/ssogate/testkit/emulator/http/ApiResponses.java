package io.ssogate.testkit.emulator.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes JSON bodies and Mattermost error bodies; the one place an {@link ApiError} becomes bytes. */
public final class ApiResponses {
    public static final ObjectMapper JSON = new ObjectMapper();
    public static final String REQUEST_ID_ATTRIBUTE = "io.ssogate.testkit.emulator.requestId";
    public static final Map<String, String> STATUS_OK = Map.of("status", "OK");

    private ApiResponses() {
    }

    public static void writeJson(HttpServletResponse response, int status, Object body) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        JSON.writeValue(response.getOutputStream(), body);
    }

    /** All five fields, always, with {@code detailed_error} empty as on a non-developer server (doc section 1). */
    public static void writeError(HttpServletResponse response, String requestId, ApiError error) throws IOException {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", error.id());
        body.put("message", error.getMessage());
        body.put("detailed_error", "");
        body.put("request_id", requestId);
        body.put("status_code", error.status());
        writeJson(response, error.status(), body);
    }
}
