package io.ssogate.sso.login.guard;

import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Answers in Mattermost's error shape ({@code id}, {@code message}, {@code detailed_error},
 * {@code request_id}, {@code status_code}), so the web app and the mobile app show the message where they
 * show Mattermost's own.
 */
final class MattermostErrors {

    private static final ObjectMapper JSON = new ObjectMapper();

    private MattermostErrors() {
    }

    static void send(HttpServletResponse response, int status, String id, String message) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("id", id);
        error.put("message", message);
        error.put("detailed_error", "");
        error.put("request_id", "");
        error.put("status_code", status);
        byte[] body = JSON.writeValueAsBytes(error);
        response.setStatus(status);
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("application/json");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
