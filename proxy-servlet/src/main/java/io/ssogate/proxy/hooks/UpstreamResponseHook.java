package io.ssogate.proxy.hooks;

import java.io.IOException;

/**
 * Sees Mattermost's answer before the proxy relays it: it may change the header fields that go to the
 * client, or answer the client itself instead ({@link UpstreamResponse#answerInstead()}), reading
 * Mattermost's body as it writes its own. For a WebSocket handshake it sees the upstream's answer to
 * the upgrade; answering instead refuses the switch.
 *
 * <p>An exception before anything was written answers the proxy's 502 (and a log line naming the
 * hook); after the answer has started, the client connection is dropped so it cannot mistake a cut
 * answer for a whole one.
 */
@FunctionalInterface
public interface UpstreamResponseHook {

    void onUpstreamResponse(UpstreamResponse response) throws IOException;
}
