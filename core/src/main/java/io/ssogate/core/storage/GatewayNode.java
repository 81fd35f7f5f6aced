package io.ssogate.core.storage;

import java.time.Instant;

/**
 * A gateway node that has sent a heartbeat.
 *
 * @param startedAt  time of the first heartbeat under this node id
 * @param lastSeenAt time of the latest heartbeat
 */
public record GatewayNode(String nodeId, String hostName, Instant startedAt, Instant lastSeenAt) {
}
