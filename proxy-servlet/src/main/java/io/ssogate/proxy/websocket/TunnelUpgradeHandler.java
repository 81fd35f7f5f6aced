package io.ssogate.proxy.websocket;

import java.io.IOException;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;

/**
 * The container's handle on one tunnel. The container instantiates it (public no-arg constructor,
 * Servlet 6.0 §2.3.3.5), {@link WebSocketTunnel} attaches the tunnel to the returned instance, and
 * the container calls {@link #init} after sending the 101. Public only because the container
 * requires it; not part of the API.
 */
public final class TunnelUpgradeHandler implements HttpUpgradeHandler {

    private volatile Tunnel tunnel;

    public TunnelUpgradeHandler() {
        // instantiated by the container
    }

    void attach(Tunnel tunnel) {
        this.tunnel = tunnel;
    }

    @Override
    public void init(WebConnection clientConnection) {
        Tunnel attached = tunnel;
        if (attached == null) {
            ClientConnectionCloser.close(clientConnection, "unattached");
            return;
        }
        try {
            attached.start(clientConnection);
        } catch (IOException | RuntimeException e) {
            attached.close("could not start relaying: " + e);
        }
    }

    /** The container released the client connection (closed by either side, or shut down). */
    @Override
    public void destroy() {
        Tunnel attached = tunnel;
        if (attached != null) {
            attached.close("client connection released");
        }
    }
}
