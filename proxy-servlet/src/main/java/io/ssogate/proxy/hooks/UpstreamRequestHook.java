package io.ssogate.proxy.hooks;

import java.io.IOException;

/**
 * Changes a request before the proxy sends it to Mattermost: for instance, removes the gateway's own
 * session cookie, or adds a header. Runs on the request thread for every proxied request and WebSocket
 * handshake, before the upstream sees anything; keep it quick and free of blocking calls where it can be.
 *
 * <p>An exception fails the request with the proxy's 502 answer (and a log line naming the hook); the
 * request is not sent.
 */
@FunctionalInterface
public interface UpstreamRequestHook {

    void beforeUpstream(UpstreamRequest request) throws IOException;
}
