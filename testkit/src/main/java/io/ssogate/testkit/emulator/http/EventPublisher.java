package io.ssogate.testkit.emulator.http;

import java.util.Map;

/** Where API handlers send WebSocket events; implemented by the WebSocket hub. */
public interface EventPublisher {
    /** Sends an event to every connection of one user. */
    int publishToUser(String userId, String event, Map<String, Object> data);

    /** Sends an event to every authenticated connection. */
    int publishToAll(String event, Map<String, Object> data);
}
