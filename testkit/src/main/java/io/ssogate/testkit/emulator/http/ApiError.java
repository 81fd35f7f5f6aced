package io.ssogate.testkit.emulator.http;

/**
 * A Mattermost {@code AppError}: an HTTP status, a stable i18n id and a message. Thrown anywhere in a handler
 * and written in one place ({@link ApiResponses#writeError}) with all five body fields (doc section 1).
 */
public final class ApiError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final int status;
    private final String id;

    public ApiError(int status, String id, String message) {
        super(message, null, false, false);
        this.status = status;
        this.id = id;
    }

    public int status() {
        return status;
    }

    public String id() {
        return id;
    }

    public static ApiError sessionExpired() {
        return new ApiError(401, "api.context.session_expired.app_error", "Invalid or expired session, please login again.");
    }

    /**
     * {@code web/handlers.go}: a live session that did not come from Mattermost's OAuth provider, sent as
     * {@code ?access_token=}. The emulator has no OAuth provider, so that is every session.
     */
    public static ApiError sessionTokenInQueryString() {
        return new ApiError(401, "api.context.token_provided.app_error",
                "Session is not OAuth but token was provided in the query string.");
    }

    public static ApiError forbidden() {
        return new ApiError(403, "api.context.permissions.app_error", "You do not have the appropriate permissions.");
    }

    public static ApiError invalidParam(String name) {
        return new ApiError(400, "api.context.invalid_param.app_error", "Invalid " + name + " parameter.");
    }

    public static ApiError invalidBodyParam(String name) {
        return new ApiError(400, "api.context.invalid_body_param.app_error", "Invalid or missing " + name + " in request body.");
    }

    public static ApiError userNotFound() {
        // Doc section 7 "Lookups": 404; the id is marked UNCERTAIN there, this is the newest store's.
        return new ApiError(404, "app.user.missing_account.const", "Unable to find the user.");
    }

    public static ApiError notFound(String what) {
        return new ApiError(404, "app." + what + ".get.app_error", "Unable to find the " + what + ".");
    }
}
