package io.ssogate.testkit.emulator.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.ssogate.testkit.emulator.state.Session;
import io.ssogate.testkit.emulator.state.UserAccount;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** One API call: the servlet pair, the matched path parameters and the caller, if any. */
public final class Exchange {
    /** {@code ServiceSettings.MaximumPayloadSizeBytes} default (doc section 15). */
    private static final int MAX_JSON_BYTES = 300_000;

    public final HttpServletRequest request;
    public final HttpServletResponse response;
    private final Map<String, String> pathParams;
    private final Session session;
    private final UserAccount caller;

    Exchange(HttpServletRequest request, HttpServletResponse response, Map<String, String> pathParams,
             Session session, UserAccount caller) {
        this.request = request;
        this.response = response;
        this.pathParams = pathParams;
        this.session = session;
        this.caller = caller;
    }

    public String path(String name) {
        return pathParams.get(name);
    }

    public String query(String name) {
        return request.getParameter(name);
    }

    /** The caller's session, or null for an anonymous call to an endpoint that needs none. */
    public Session session() {
        return session;
    }

    public UserAccount caller() {
        return caller;
    }

    public boolean callerIsAdmin() {
        return caller != null && caller.isSystemAdmin();
    }

    public void requireAdmin() {
        if (!callerIsAdmin()) {
            throw ApiError.forbidden();
        }
    }

    /** Resolves {@code me} as Mattermost does and requires the caller to be that user or a system admin. */
    public String requireSelfOrAdmin(String userIdParam) {
        String id = resolveUserId(userIdParam);
        if (!callerIsAdmin() && (caller == null || !caller.id.equals(id))) {
            throw ApiError.forbidden();
        }
        return id;
    }

    public String resolveUserId(String userIdParam) {
        String id = "me".equals(userIdParam) && caller != null ? caller.id : userIdParam;
        if (!io.ssogate.testkit.emulator.state.Ids.isValid(id)) {
            throw ApiError.invalidParam("user_id");
        }
        return id;
    }

    /** The JSON body, at most {@link #MAX_JSON_BYTES}; bad JSON is a 400 naming {@code what}. */
    public JsonNode body(String what) throws IOException {
        try (InputStream in = request.getInputStream()) {
            byte[] bytes = in.readNBytes(MAX_JSON_BYTES + 1);
            if (bytes.length > MAX_JSON_BYTES) {
                throw new ApiError(413, "api.context.invalid_body_param.app_error", "Request body too large.");
            }
            if (bytes.length == 0) {
                throw ApiError.invalidBodyParam(what);
            }
            JsonNode node = ApiResponses.JSON.readTree(bytes);
            if (node == null || !node.isObject()) {
                throw ApiError.invalidBodyParam(what);
            }
            return node;
        } catch (JsonProcessingException e) {
            throw ApiError.invalidBodyParam(what);
        }
    }

    public void json(int status, Object body) throws IOException {
        ApiResponses.writeJson(response, status, body);
    }

    /** {@code {"status":"OK"}}, the spec's {@code StatusOK}. */
    public void ok() throws IOException {
        json(200, ApiResponses.STATUS_OK);
    }

    public boolean isSecure() {
        // utils: X-Forwarded-Proto https marks the request secure, as TLS does.
        return request.isSecure() || "https".equalsIgnoreCase(request.getHeader("X-Forwarded-Proto"));
    }
}
