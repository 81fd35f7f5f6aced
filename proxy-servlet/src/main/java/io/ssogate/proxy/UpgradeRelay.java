package io.ssogate.proxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Carries a protocol upgrade (the WebSocket handshake, RFC 6455 §4) to Mattermost. The HTTP proxy only
 * recognises such requests and hands them over; tunnelling them is this component's job.
 */
@FunctionalInterface
public interface UpgradeRelay {

    /**
     * @param requestId the id the proxy gave this request ({@link RequestIds}); the relay's log lines and
     *                  error answers carry it, so one request has one id from start to end
     */
    void relay(HttpServletRequest clientRequest, HttpServletResponse clientResponse, String requestId)
            throws IOException;
}
