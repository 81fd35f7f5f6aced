package io.ssogate.proxy.websocket;

import java.io.IOException;

/** No TCP connection to the upstream within ProxyConfig.connectTimeout, or it was refused; 502. */
final class UpstreamConnectException extends IOException {
    UpstreamConnectException(String message, Throwable cause) {
        super(message, cause);
    }
}
