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

    void relay(HttpServletRequest clientRequest, HttpServletResponse clientResponse) throws IOException;
}
