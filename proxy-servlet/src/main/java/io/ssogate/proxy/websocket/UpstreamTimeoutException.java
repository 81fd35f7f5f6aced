package io.ssogate.proxy.websocket;

import java.io.IOException;

/** The upstream did not answer within ProxyConfig.responseTimeout; the gateway answers 504. */
final class UpstreamTimeoutException extends IOException {
    UpstreamTimeoutException(String message) {
        super(message);
    }
}
