package io.ssogate.scim.sync;

import io.ssogate.core.storage.SqlTimestamps;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;

/**
 * The write side of the outbox ({@code scim_outbox}): every SCIM change to a user, or to a group it is in,
 * queues "bring this user's Mattermost account in line with its record" on the connection of the change,
 * inside its transaction. Either both are committed or neither: a change is never lost to a crash between
 * the two, and a rolled-back change syncs nothing.
 */
public final class SyncQueue {

    private final Runnable onEnqueued;

    /** @param onEnqueued told after each enqueue (not after the commit): wakes the sync sooner than its poll */
    public SyncQueue(Runnable onEnqueued) {
        this.onEnqueued = onEnqueued;
    }

    public void enqueue(Connection connection, String tenant, String userId, Instant now) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO scim_outbox"
                + " (tenant, user_id, enqueued_at, attempts, next_attempt_at) VALUES (?, ?, ?, 0, ?)")) {
            insert.setString(1, tenant);
            insert.setString(2, userId);
            SqlTimestamps.set(insert, 3, now);
            SqlTimestamps.set(insert, 4, now);
            insert.executeUpdate();
        }
        onEnqueued.run();
    }
}
