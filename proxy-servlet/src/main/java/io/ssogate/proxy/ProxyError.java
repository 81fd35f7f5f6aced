package io.ssogate.proxy;

/**
 * The answers the gateway itself gives instead of Mattermost's, with Mattermost-style ids
 * ({@code AppError.Id}) and messages a person can act on. Messages never name the upstream.
 */
public enum ProxyError {
    BAD_REQUEST(400, "ssogate.proxy.bad_request.app_error",
            "The request could not be read."),
    /** An upgrade relay was handed a request without an Upgrade field (RFC 9110 §7.8). */
    NOT_AN_UPGRADE(400, "ssogate.proxy.not_an_upgrade.app_error",
            "The request has no Upgrade header."),
    REQUEST_TIMEOUT(408, "ssogate.proxy.request_timeout.app_error",
            "The request body did not arrive in time."),
    /** Its answer names the limit: {@link ProxyErrorResponder#sendBodyTooLarge}. */
    PAYLOAD_TOO_LARGE(413, "ssogate.proxy.request_too_large.app_error",
            "The request body is larger than this server accepts."),
    NOT_IMPLEMENTED(501, "ssogate.proxy.upgrade_unsupported.app_error",
            "This server does not relay protocol upgrades."),
    BAD_GATEWAY(502, "ssogate.proxy.bad_gateway.app_error",
            "Mattermost could not be reached. Please try again in a moment."),
    /** A proxy hook (io.ssogate.proxy.hooks) threw: a fault in the gateway, not in Mattermost. */
    HOOK_FAILED(502, "ssogate.proxy.hook_failed.app_error",
            "The gateway could not complete this request. Please try again in a moment."),
    /** Mattermost answered with something that is not an HTTP/1.1 response (RFC 9112 §2). */
    INVALID_UPSTREAM_RESPONSE(502, "ssogate.proxy.invalid_upstream_response.app_error",
            "Mattermost sent an answer this server could not read. Please try again in a moment."),
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
