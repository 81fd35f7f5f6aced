package io.ssogate.testkit.emulator.ws;

import io.ssogate.testkit.emulator.http.EventPublisher;
import io.ssogate.testkit.emulator.state.EmulatorState;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The open WebSocket connections, and delivery of server events to them. */
public final class WebSocketHub implements EventPublisher {
    private final Map<String, WebSocketConnection> connections = new ConcurrentHashMap<>();
    private final EmulatorState state;

    public WebSocketHub(EmulatorState state) {
        this.state = state;
    }

    void register(WebSocketConnection c) {
        connections.put(c.connectionId(), c);
    }

    void unregister(WebSocketConnection c) {
        connections.remove(c.connectionId());
    }

    @Override
    public int publishToUser(String userId, String event, Map<String, Object> data) {
        int sent = 0;
        for (WebSocketConnection c : connections.values()) {
            if (userId.equals(c.userId()) && stillAuthenticated(c) && c.sendEvent(event, data, userId)) {
                sent++;
            }
        }
        return sent;
    }

    @Override
    public int publishToAll(String event, Map<String, Object> data) {
        int sent = 0;
        for (WebSocketConnection c : connections.values()) {
            if (c.userId() != null && stillAuthenticated(c) && c.sendEvent(event, data, "")) {
                sent++;
            }
        }
        return sent;
    }

    /**
     * web_conn {@code IsAuthenticated}: a connection whose session was revoked or expired stops getting events
     * (it stays open until the client or the keepalive closes it).
     */
    private boolean stillAuthenticated(WebSocketConnection c) {
        return state.sessions.isValid(c.sessionToken());
    }

    public void closeAll() {
        connections.values().forEach(WebSocketConnection::closeQuietly);
        connections.clear();
    }
}
