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
    /** False when the body was not Mattermost's JSON: then the status says nothing about the API's objects. */
    private final boolean jsonBody;

    public MattermostApiException(int statusCode, String errorId, String message, String requestId) {
        this("Mattermost answered " + statusCode + " [" + errorId + "]: " + message, statusCode, errorId, requestId,
                true);
    }

    private MattermostApiException(String message, int statusCode, String errorId, String requestId,
                                   boolean jsonBody) {
        super(message);
        this.statusCode = statusCode;
        this.errorId = errorId;
        this.requestId = requestId;
        this.jsonBody = jsonBody;
    }

    /**
     * The answer's body was not JSON: something other than Mattermost answered (a proxy's error or sign-in
     * page), or Mattermost broke. Names the status and content type, never the body, which may echo the
     * request and its token.
     */
    static MattermostApiException notJson(int statusCode, String contentType) {
        return new MattermostApiException("Mattermost's address answered " + statusCode + " with a body that is not"
                + " JSON (Content-Type: " + contentType + "); is something else, like a proxy, answering for it?",
                statusCode, "", "", false);
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

    /**
     * Mattermost said the object does not exist. A 404 page that is not Mattermost's JSON (a proxy's, a
     * wrong base URL) is not that: taking it for "no such user" would have provisioning create duplicates.
     */
    public boolean isNotFound() {
        return statusCode == 404 && jsonBody;
    }
}
