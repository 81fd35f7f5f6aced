package io.ssogate.proxy;

/**
 * The answers the gateway itself gives instead of Mattermost's, with Mattermost-style ids
 * ({@code AppError.Id}) and messages a person can act on. Messages never name the upstream.
 */
public enum ProxyError {
    BAD_REQUEST(400, "ssogate.proxy.bad_request.app_error",
            "The request could not be read."),
    REQUEST_TIMEOUT(408, "ssogate.proxy.request_timeout.app_error",
            "The request body did not arrive in time."),
    PAYLOAD_TOO_LARGE(413, "ssogate.proxy.request_too_large.app_error",
            "The request body is larger than this server accepts."),
    NOT_IMPLEMENTED(501, "ssogate.proxy.upgrade_unsupported.app_error",
            "This server does not relay protocol upgrades."),
    BAD_GATEWAY(502, "ssogate.proxy.bad_gateway.app_error",
            "Mattermost could not be reached. Please try again in a moment."),
    GATEWAY_TIMEOUT(504, "ssogate.proxy.gateway_timeout.app_error",
            "Mattermost took too long to answer. Please try again in a moment.");

    private final int status;
    private final String id;
    private final String message;

    ProxyError(int status, String id, String message) {
        this.status = status;
        this.id = id;
        this.message = message;
    }

    public int status() {
        return status;
    }

    public String id() {
        return id;
    }

    public String message() {
        return message;
    }
}
