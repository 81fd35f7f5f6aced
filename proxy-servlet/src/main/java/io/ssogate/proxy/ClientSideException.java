package io.ssogate.proxy;

import java.io.IOException;

/**
 * A failure on the client's side of the exchange (reading its body, writing our response to it), kept
 * apart from upstream failures so it is never answered with 502/504 and never blamed on Mattermost.
 */
class ClientSideException extends IOException {

    private static final long serialVersionUID = 1L;

    ClientSideException(String message, IOException cause) {
        super(message, cause);
    }
}
