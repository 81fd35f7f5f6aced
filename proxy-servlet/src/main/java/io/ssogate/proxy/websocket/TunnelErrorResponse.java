package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Writes the gateway's own error for a failed upgrade, in Mattermost's API error shape
 * (mattermost-api.md §1 "Error body": id, message, detailed_error, request_id, status_code), since the
 * WebSocket path is under /api and clients parse that shape. Never includes exception text.
 */
final class TunnelErrorResponse {

    static final String UPSTREAM_UNREACHABLE = "api.proxy.websocket.upstream_unreachable.app_error";
    static final String UPSTREAM_TIMEOUT = "api.proxy.websocket.upstream_timeout.app_error";
    static final String UPSTREAM_INVALID = "api.proxy.websocket.upstream_invalid_response.app_error";
    static final String NOT_AN_UPGRADE = "api.proxy.websocket.not_an_upgrade.app_error";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final char[] ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private TunnelErrorResponse() {
    }

    /** Writes the error unless the response is already committed; returns the request id used. */
    static String send(HttpServletResponse proxyResponse, int status, String id, String message) throws IOException {
        String requestId = newRequestId();
        if (proxyResponse.isCommitted()) {
            return requestId;
        }
        proxyResponse.reset();
        proxyResponse.setStatus(status);
        proxyResponse.setContentType("application/json");
        proxyResponse.setCharacterEncoding("UTF-8");
        proxyResponse.setHeader("X-Request-Id", requestId);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("id", id);
        body.put("message", message);
        body.put("detailed_error", "");
        body.put("request_id", requestId);
        body.put("status_code", status);
        JSON.writeValue(proxyResponse.getOutputStream(), body);
        return requestId;
    }

    /** 26 lowercase alphanumerics, like Mattermost's model.NewId (mattermost-api.md §1 "Bodies"). */
    private static String newRequestId() {
        char[] id = new char[26];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }
}
