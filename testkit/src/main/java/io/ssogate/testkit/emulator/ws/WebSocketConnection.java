package io.ssogate.testkit.emulator.ws;

import io.ssogate.testkit.emulator.ServerVersion;
import io.ssogate.testkit.emulator.http.ApiResponses;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** One client connection: who it is, and the rising {@code seq} of the events it has been sent. */
final class WebSocketConnection {
    private static final Logger LOG = LoggerFactory.getLogger(WebSocketConnection.class);

    private final String connectionId;
    private final Session socket;
    private volatile String userId;
    private volatile String sessionToken;
    /** Server events carry seq from 0 (hello) upwards, per connection (doc section 10). */
    private long nextSeq;

    WebSocketConnection(String connectionId, Session socket) {
        this.connectionId = connectionId;
        this.socket = socket;
    }

    String connectionId() {
        return connectionId;
    }

    String userId() {
        return userId;
    }

    String sessionToken() {
        return sessionToken;
    }

    boolean isAuthenticated() {
        return userId != null;
    }

    void authenticate(String userId, String sessionToken) {
        this.sessionToken = sessionToken;
        this.userId = userId;
    }

    /** The first event after authentication (web_conn): server version, connection id, the user in broadcast. */
    void sendHello() {
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("server_version", ServerVersion.VERSION_ID);
        data.put("connection_id", connectionId);
        sendEvent("hello", data, userId);
    }

    synchronized boolean sendEvent(String event, Map<String, Object> data, String broadcastUserId) {
        Map<String, Object> broadcast = new LinkedHashMap<>();
        broadcast.put("omit_users", null);
        broadcast.put("user_id", broadcastUserId);
        broadcast.put("channel_id", "");
        broadcast.put("team_id", "");
        broadcast.put("connection_id", "");
        broadcast.put("omit_connection_id", "");
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("event", event);
        msg.put("data", data == null ? Map.of() : data);
        msg.put("broadcast", broadcast);
        msg.put("seq", nextSeq);
        if (send(msg)) {
            nextSeq++;
            return true;
        }
        return false;
    }

    /** Basic remotes are not safe for concurrent senders, hence synchronized. */
    synchronized boolean send(Map<String, Object> message) {
        if (!socket.isOpen()) {
            return false;
        }
        try {
            socket.getBasicRemote().sendText(ApiResponses.JSON.writeValueAsString(message));
            return true;
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Could not send to WebSocket connection [{}]: {}", connectionId, e.toString());
            return false;
        }
    }

    void close(CloseReason reason) {
        try {
            socket.close(reason);
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Close of WebSocket connection [{}] failed: {}", connectionId, e.toString());
        }
    }

    void closeQuietly() {
        close(new CloseReason(CloseReason.CloseCodes.GOING_AWAY, "emulator stopping"));
    }
}
