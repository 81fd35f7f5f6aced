package io.ssogate.proxy;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssogate.core.config.ByteSizeFormat;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place that writes the gateway's own error responses: Mattermost-shaped JSON under
 * {@code /api/}, where Mattermost's webapp and mobile apps parse errors, and a small HTML page
 * elsewhere, where a person is looking. Neither carries a stack trace or the upstream address.
 */
public class ProxyErrorResponder {

    private static final Logger LOG = LoggerFactory.getLogger(ProxyErrorResponder.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Mattermost's header for its request ids (server/channels/web/handlers.go); same name for ours. */
    static final String REQUEST_ID_HEADER = "X-Request-Id";

    /**
     * Writes {@code error} unless the response is committed.
     *
     * @param cause what went wrong, for the log only; may be null
     * @return false when the response was already committed and nothing could be written
     */
    public boolean send(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, ProxyError error,
            String requestId, Throwable cause) throws IOException {
        return write(clientRequest, proxyResponse, error, error.message(), requestId, cause);
    }

    /**
     * Writes the 413 for a body over {@code limitBytes}, naming the limit in the config's own notation
     * ({@code proxy.maxRequestBodyBytes}), so the person or app that sent it knows what would pass.
     */
    public boolean sendBodyTooLarge(HttpServletRequest clientRequest, HttpServletResponse proxyResponse,
            long limitBytes, String requestId, Throwable cause) throws IOException {
        String limit = ByteSizeFormat.format(limitBytes);
        if (limit.chars().allMatch(Character::isDigit)) {
            limit += " bytes";
        }
        String message = "The request body is larger than this server accepts (at most " + limit + ").";
        return write(clientRequest, proxyResponse, ProxyError.PAYLOAD_TOO_LARGE, message, requestId, cause);
    }

    private boolean write(HttpServletRequest clientRequest, HttpServletResponse proxyResponse, ProxyError error,
            String message, String requestId, Throwable cause) throws IOException {
        log(clientRequest, error, requestId, cause);
        if (proxyResponse.isCommitted()) {
            return false;
        }
        // Only the buffer: headers set by filters in front of the proxy (an SSO session cookie, say)
        // stay. The proxy clears upstream headers itself before it gets here.
        proxyResponse.resetBuffer();
        proxyResponse.setStatus(error.status());
        proxyResponse.setHeader(REQUEST_ID_HEADER, requestId);
        proxyResponse.setHeader("Cache-Control", "no-store");
        if (error == ProxyError.PAYLOAD_TOO_LARGE) {
            // The body was not read; closing beats swallowing it (RFC 9110 §15.5.14 allows either).
            proxyResponse.setHeader("Connection", "close");
        }
        byte[] body = isApiRequest(clientRequest)
                ? jsonBody(error, message, requestId) : htmlBody(error, message, requestId);
        proxyResponse.setContentType(isApiRequest(clientRequest)
                ? "application/json" : "text/html;charset=UTF-8");
        proxyResponse.setContentLength(body.length);
        if (!"HEAD".equals(clientRequest.getMethod())) {
            proxyResponse.getOutputStream().write(body);
        }
        proxyResponse.flushBuffer();
        return true;
    }

    /**
     * One warning per failed request, with the id the client sees and the path without its query, which
     * may carry tokens: for the gateway's faults (5xx) and for refused uploads (413), which an admin
     * raising the limit needs to see. A hook's failure is a bug in the gateway, so its stack trace goes
     * to the log (never to the client).
     */
    private static void log(HttpServletRequest clientRequest, ProxyError error, String requestId, Throwable cause) {
        if (error == ProxyError.HOOK_FAILED) {
            LOG.warn("[{}] {} [{}] answered {}: [{}]", requestId, clientRequest.getMethod(),
                    clientRequest.getRequestURI(), error.status(), describe(cause), cause);
        } else if (error.status() >= 500 || error == ProxyError.PAYLOAD_TOO_LARGE) {
            LOG.warn("[{}] {} [{}] answered {}: [{}]", requestId, clientRequest.getMethod(),
                    clientRequest.getRequestURI(), error.status(), describe(cause));
        } else if (LOG.isDebugEnabled()) {
            LOG.debug("[{}] {} [{}] answered {}: [{}]", requestId, clientRequest.getMethod(),
                    clientRequest.getRequestURI(), error.status(), describe(cause));
        }
    }

    /** Mattermost answers JSON on every {@code /api/} route (server/channels/web/handlers.go). */
    protected boolean isApiRequest(HttpServletRequest clientRequest) {
        String path = clientRequest.getRequestURI().substring(clientRequest.getContextPath().length());
        return path.startsWith("/api/") || path.equals("/api");
    }

    /** Mattermost's {@code AppError} JSON: all five fields, {@code detailed_error} empty as in production. */
    protected byte[] jsonBody(ProxyError error, String message, String requestId) throws IOException {
        Map<String, Object> appError = new LinkedHashMap<>();
        appError.put("id", error.id());
        appError.put("message", message);
        appError.put("detailed_error", "");
        appError.put("request_id", requestId);
        appError.put("status_code", error.status());
        return JSON.writeValueAsBytes(appError);
    }

    protected byte[] htmlBody(ProxyError error, String message, String requestId) {
        String html = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>"
                + escape(error.status() + " " + title(error)) + "</title></head>\n<body style=\"font-family:sans-serif;"
                + "max-width:40em;margin:4em auto\"><h1>" + escape(title(error)) + "</h1>\n<p>"
                + escape(message) + "</p>\n<p style=\"color:#666\">Request id: <code>" + escape(requestId)
                + "</code></p></body></html>\n";
        return html.getBytes(StandardCharsets.UTF_8);
    }

    private static String title(ProxyError error) {
        return switch (error) {
            case BAD_REQUEST, NOT_AN_UPGRADE -> "Bad request";
            case REQUEST_TIMEOUT -> "Request timeout";
            case PAYLOAD_TOO_LARGE -> "Request too large";
            case NOT_IMPLEMENTED -> "Not supported";
            case BAD_GATEWAY, INVALID_UPSTREAM_RESPONSE -> "Mattermost is unavailable";
            case HOOK_FAILED -> "Something went wrong";
            case GATEWAY_TIMEOUT -> "Mattermost is not responding";
        };
    }

    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            switch (c) {
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '&' -> escaped.append("&amp;");
                case '"' -> escaped.append("&quot;");
                case '\'' -> escaped.append("&#39;");
                default -> escaped.append(c);
            }
        }
        return escaped.toString();
    }

    private static String describe(Throwable cause) {
        return cause == null ? "" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
    }
}
