package io.ssogate.core.mattermost;

/**
 * Mattermost answered with an error. Carries the fields of Mattermost's error body ({@code id},
 * {@code message}, {@code request_id}, {@code status_code}) so callers decide by the stable {@code id},
 * never by the translated message.
 */
public class MattermostApiException extends RuntimeException {

    private final int statusCode;
    private final String errorId;
    private final String requestId;

    public MattermostApiException(int statusCode, String errorId, String message, String requestId) {
        super("Mattermost answered " + statusCode + " [" + errorId + "]: " + message);
        this.statusCode = statusCode;
        this.errorId = errorId;
        this.requestId = requestId;
    }

    /** The HTTP status, or 0 when Mattermost could not be reached at all. */
    public int statusCode() {
        return statusCode;
    }

    /** Mattermost's stable error id, e.g. {@code api.user.login.inactive.app_error}; empty if none. */
    public String errorId() {
        return errorId;
    }

    public String requestId() {
        return requestId;
    }

    public boolean isNotFound() {
        return statusCode == 404;
    }
}
