package io.ssogate.bench.upstream;

import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * WebSocket echo at Mattermost's {@code /api/v4/websocket}: every text message goes straight back.
 * The load client sends the next message only after the echo, so a blocking send never overlaps.
 */
public final class EchoEndpoint extends Endpoint {

    @Override
    public void onOpen(Session session, EndpointConfig config) {
        session.addMessageHandler(String.class, (MessageHandler.Whole<String>) message -> {
            try {
                session.getBasicRemote().sendText(message);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }
}
