package io.ssogate.testkit.emulator.ws;

import com.fasterxml.jackson.databind.JsonNode;
import io.ssogate.testkit.emulator.ServerVersion;
import io.ssogate.testkit.emulator.http.ApiResponses;
import io.ssogate.testkit.emulator.http.RequestAuthenticator;
import io.ssogate.testkit.emulator.state.Ids;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One Mattermost WebSocket connection (api-ws, web_conn): authenticated on the upgrade or by an
 * {@code authentication_challenge}; answers {@code ping}; closed if still anonymous after the timeout.
 */
final class EmulatorSocket extends Endpoint {
    private final WebSocketHub hub;
    private final RequestAuthenticator authenticator;
    private final ScheduledExecutorService timer;
    private final long authTimeoutMillis;
    private final RequestAuthenticator.Caller upgradeCaller;
    private WebSocketConnection connection;

    EmulatorSocket(WebSocketHub hub, RequestAuthenticator authenticator, ScheduledExecutorService timer,
                   long authTimeoutMillis, RequestAuthenticator.Caller upgradeCaller) {
        this.hub = hub;
        this.authenticator = authenticator;
        this.timer = timer;
        this.authTimeoutMillis = authTimeoutMillis;
        this.upgradeCaller = upgradeCaller;
    }

    @Override
    public void onOpen(Session socket, EndpointConfig config) {
        connection = new WebSocketConnection(Ids.newId(), socket);
        hub.register(connection);
        socket.addMessageHandler(String.class, (MessageHandler.Whole<String>) this::onText);
        if (upgradeCaller != null) {
            connection.authenticate(upgradeCaller.user().id, upgradeCaller.session().token());
            connection.sendHello();
        } else {
            timer.schedule(() -> {
                if (!connection.isAuthenticated()) {
                    // authCheckInterval: an anonymous connection is dropped after about 5 s.
                    connection.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "not authenticated"));
                }
            }, authTimeoutMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    public void onClose(Session socket, CloseReason reason) {
        hub.unregister(connection);
    }

    private void onText(String text) {
        JsonNode msg;
        try {
            msg = ApiResponses.JSON.readTree(text);
        } catch (IOException e) {
            return; // the server drops undecodable messages
        }
        if (msg == null || !msg.isObject()) {
            return;
        }
        long seq = msg.path("seq").asLong(0);
        String action = msg.path("action").asText("");
        if ("authentication_challenge".equals(action)) {
            onChallenge(seq, msg.path("data").path("token"));
        } else if (!connection.isAuthenticated()) {
            reply(seq, "FAIL", null, error("api.web_socket_router.not_authenticated.app_error", "No websocket connection has been authenticated.", 401));
        } else if ("ping".equals(action)) {
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("text", "pong");
            data.put("version", ServerVersion.VERSION_ID);
            data.put("server_time", System.currentTimeMillis());
            data.put("node_id", "");
            reply(seq, "OK", data, null);
        } else {
            reply(seq, "FAIL", null, error("api.web_socket_router.bad_action.app_error", "Unknown WebSocket action.", 501));
        }
    }

    /**
     * websocket_router.go: a connection that already has a session ignores the challenge (no reply); a
     * token that is not a string or names no live session closes the connection at once, with no reply.
     * Mattermost drops the TCP connection without a close frame (gorilla's {@code Conn.Close}); the
     * WebSocket API here can only close with a frame, so the client sees 1008, as for the auth timeout.
     */
    private void onChallenge(long seq, JsonNode token) {
        if (connection.isAuthenticated()) {
            return;
        }
        Optional<RequestAuthenticator.Caller> caller = token.isTextual() ? authenticator.resolve(token.asText())
                : Optional.empty();
        if (caller.isEmpty()) {
            connection.close(new CloseReason(CloseReason.CloseCodes.VIOLATED_POLICY, "authentication failed"));
            return;
        }
        connection.authenticate(caller.get().user().id, token.asText());
        reply(seq, "OK", null, null);
        connection.sendHello();
    }

    private void reply(long seq, String status, Map<String, Object> data, Map<String, Object> error) {
        Map<String, Object> msg = new LinkedHashMap<>();
        msg.put("status", status);
        msg.put("seq_reply", seq);
        if (data != null) {
            msg.put("data", data);
        }
        if (error != null) {
            msg.put("error", error);
        }
        connection.send(msg);
    }

    private static Map<String, Object> error(String id, String message, int status) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("id", id);
        e.put("message", message);
        e.put("detailed_error", "");
        e.put("request_id", "");
        e.put("status_code", status);
        return e;
    }
}
