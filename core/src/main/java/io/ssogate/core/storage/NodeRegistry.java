package io.ssogate.core.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Which gateway nodes share this database. Each node calls {@link #heartbeat} periodically; the monitor
 * lists the nodes seen recently. Times come from each node's clock, so nodes are expected to run NTP;
 * choose the {@code within} window well above heartbeat interval plus clock skew.
 */
public final class NodeRegistry {

    private final DataSource dataSource;
    private final Clock clock;

    public NodeRegistry(DataSource dataSource) {
        this(dataSource, Clock.systemUTC());
    }

    public NodeRegistry(DataSource dataSource, Clock clock) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Records that {@code nodeId} on {@code hostName} is alive now. The first heartbeat of a node id sets its
     * start time.
     *
     * <p>Portable upsert: update, else insert, else (a racing insert won) update again. H2 has no
     * {@code ON CONFLICT} outside PostgreSQL mode and PostgreSQL before 15 has no {@code MERGE}.
     */
    public GatewayNode heartbeat(String nodeId, String hostName) {
        requireText("nodeId", nodeId, 100);
        requireText("hostName", hostName, 255);
        Instant now = SqlTimestamps.now(clock);
        try (Connection connection = dataSource.getConnection()) {
            if (touch(connection, nodeId, hostName, now)) {
                return find(connection, nodeId);
            }
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO gateway_node (node_id, host_name, started_at, last_seen_at) VALUES (?, ?, ?, ?)")) {
                insert.setString(1, nodeId);
                insert.setString(2, hostName);
                SqlTimestamps.set(insert, 3, now);
                SqlTimestamps.set(insert, 4, now);
                insert.executeUpdate();
                return new GatewayNode(nodeId, hostName, now, now);
            } catch (SQLException e) {
                if (SqlStates.isUniqueViolation(e) && touch(connection, nodeId, hostName, now)) {
                    return find(connection, nodeId);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw new StorageException("could not record heartbeat of node [" + nodeId + "]", e);
        }
    }

    /** Nodes whose last heartbeat is no older than {@code within}, ordered by node id. */
    public List<GatewayNode> liveNodes(Duration within) {
        if (within == null || within.isNegative()) {
            throw new IllegalArgumentException("within must be a positive duration");
        }
        Instant oldest = SqlTimestamps.now(clock).minus(within);
        try (Connection connection = dataSource.getConnection();
             PreparedStatement select = connection.prepareStatement(
                     "SELECT node_id, host_name, started_at, last_seen_at FROM gateway_node"
                             + " WHERE last_seen_at >= ? ORDER BY node_id")) {
            SqlTimestamps.set(select, 1, oldest);
            try (ResultSet rs = select.executeQuery()) {
                List<GatewayNode> nodes = new ArrayList<>();
                while (rs.next()) {
                    nodes.add(read(rs));
                }
                return nodes;
            }
        } catch (SQLException e) {
            throw new StorageException("could not list gateway nodes", e);
        }
    }

    /** Forgets a node, on orderly shutdown; returns false if it was not registered. */
    public boolean remove(String nodeId) {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement delete = connection.prepareStatement("DELETE FROM gateway_node WHERE node_id = ?")) {
            delete.setString(1, nodeId);
            return delete.executeUpdate() == 1;
        } catch (SQLException e) {
            throw new StorageException("could not remove node [" + nodeId + "]", e);
        }
    }

    private static boolean touch(Connection connection, String nodeId, String hostName, Instant now)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement(
                "UPDATE gateway_node SET host_name = ?, last_seen_at = ? WHERE node_id = ?")) {
            update.setString(1, hostName);
            SqlTimestamps.set(update, 2, now);
            update.setString(3, nodeId);
            return update.executeUpdate() == 1;
        }
    }

    private static GatewayNode find(Connection connection, String nodeId) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(
                "SELECT node_id, host_name, started_at, last_seen_at FROM gateway_node WHERE node_id = ?")) {
            select.setString(1, nodeId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("node [" + nodeId + "] vanished during its heartbeat");
                }
                return read(rs);
            }
        }
    }

    private static GatewayNode read(ResultSet rs) throws SQLException {
        return new GatewayNode(rs.getString("node_id"), rs.getString("host_name"),
                SqlTimestamps.get(rs, "started_at"), SqlTimestamps.get(rs, "last_seen_at"));
    }

    private static void requireText(String name, String text, int maxLength) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException(name + " must not be blank");
        }
        if (text.length() > maxLength) {
            throw new IllegalArgumentException(name + " is longer than " + maxLength + " characters");
        }
    }
}
