package io.ssogate.scim.sync;

import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.core.storage.StorageException;
import io.ssogate.scim.config.ScimConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.sql.DataSource;
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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The read side of the outbox ({@code scim_outbox}): a few threads per node that take due entries, reconcile
 * their user with {@link UserReconciler}, and delete the entries the reconcile covered.
 *
 * <p><b>One worker per user, on any node.</b> Only a user's oldest entry (its head) can be claimed, and only
 * while no other entry of that user is claimed; a claim is a conditional {@code UPDATE} (claimed_by,
 * claimed_until) that one node wins. So a user's changes are applied in order, by one worker at a time, and a
 * node that dies holding a claim loses it when claimed_until passes.
 *
 * <p><b>Coalescing.</b> Before reconciling, the worker notes the user's entries it can see. Each was committed
 * with its SCIM change, so the reconcile, which reads the row afterwards, covers them all: they are deleted
 * together. An entry committed later stays and syncs again.
 *
 * <p><b>Failures</b> (Mattermost down, a mapping naming a missing team, no admin token) leave the entries queued:
 * the head's attempts grow and its next_attempt_at backs off from {@code scim.retryMin}, doubling up to
 * {@code scim.retryMax}, with jitter so a recovered Mattermost is not hit by every node at once; the user shows
 * FAILED with the reason. SCIM clients never see any of it.
 */
public final class OutboxWorker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(OutboxWorker.class);
    private static final int CANDIDATES = 16;
    private static final int SEQS_PER_RECONCILE = 1000;

    /**
     * @param threads        reconciles running at once on this node
     * @param pollInterval   how often an idle thread looks for work without being woken (another node's
     *                       writes, retries coming due)
     * @param claimDuration  how long a claim holds; must outlast one reconcile (a few Mattermost calls, each
     *                       bounded by the client's timeout), since an expired claim is taken by another worker
     */
    public record Settings(int threads, Duration pollInterval, Duration claimDuration) {
        public static final Settings DEFAULT = new Settings(4, Duration.ofMillis(500), Duration.ofMinutes(5));

        public Settings {
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1");
            }
            Objects.requireNonNull(pollInterval, "pollInterval");
            Objects.requireNonNull(claimDuration, "claimDuration");
        }
    }

    private record Entry(long seq, String tenant, String userId, int attempts) {
    }

    private final DataSource db;
    private final SyncRecords records;
    private final UserReconciler reconciler;
    private final Supplier<ScimConfig> config;
    private final String workerId;
    private final Settings settings;
    private final Clock clock;
    private final ExecutorService threads;
    private final Object signal = new Object();
    private boolean woken;          // guarded by signal
    private volatile boolean running;

    /**
     * @param workerId identifies this worker's claims in the shared database (the node's id); unique per
     *                 running worker, at most 64 characters
     */
    public OutboxWorker(DataSource db, UserReconciler reconciler, Supplier<ScimConfig> config, String workerId,
                        Settings settings, Clock clock) {
        this.db = Objects.requireNonNull(db, "db");
        this.records = new SyncRecords(db);
        this.reconciler = Objects.requireNonNull(reconciler, "reconciler");
        this.config = Objects.requireNonNull(config, "config");
        this.workerId = Objects.requireNonNull(workerId, "workerId");
        if (workerId.isEmpty() || workerId.length() > 64) {
            throw new IllegalArgumentException("workerId must be 1 to 64 characters");
        }
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        AtomicInteger n = new AtomicInteger();
        this.threads = Executors.newFixedThreadPool(settings.threads(), r -> {
            Thread t = new Thread(r, "scim-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Starts the threads; returns this. */
    public synchronized OutboxWorker start() {
        if (running) {
            throw new IllegalStateException("already started");
        }
        running = true;
        for (int i = 0; i < settings.threads(); i++) {
            threads.execute(this::loop);
        }
        LOG.info("SCIM sync started: {} threads as [{}]", settings.threads(), workerId);
        return this;
    }

    /**
     * Looks for work now rather than at the next poll: {@link SyncQueue}'s callback. Called before the SCIM
     * change commits, so the entry may not be visible yet; the poll catches it then.
     */
    public void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** Entries queued and not yet applied, on every node. */
    public int backlog() {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM scim_outbox");
             ResultSet rs = s.executeQuery()) {
            rs.next();
            return rs.getInt(1);
        } catch (SQLException e) {
            throw new StorageException("could not count the SCIM outbox", e);
        }
    }

    private void loop() {
        while (running) {
            boolean worked = false;
            try {
                worked = runOnce();
            } catch (RuntimeException e) {
                LOG.warn("SCIM sync could not read the outbox; retrying at the next poll", e);
            }
            if (!worked) {
                awaitWork();
            }
        }
    }

    private void awaitWork() {
        synchronized (signal) {
            try {
                if (!woken && running) {
                    signal.wait(Math.max(1, settings.pollInterval().toMillis()));
                }
                woken = false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    /** Claims and processes one due entry; false if there was none to claim. */
    boolean runOnce() {
        Instant now = SqlTimestamps.now(clock);
        List<Entry> due = dueHeads(now);
        if (due.isEmpty()) {
            return false;
        }
        // Start at a random candidate so the threads of every node do not all race for the first.
        int offset = ThreadLocalRandom.current().nextInt(due.size());
        for (int i = 0; i < due.size() && running; i++) {
            Entry entry = due.get((offset + i) % due.size());
            if (claim(entry, now)) {
                wake(); // there may be more: let an idle thread look too
                process(entry);
                return true;
            }
        }
        return false;
    }

    private List<Entry> dueHeads(Instant now) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT o.seq, o.tenant, o.user_id, o.attempts"
                     + " FROM scim_outbox o WHERE o.next_attempt_at <= ?"
                     + " AND (o.claimed_until IS NULL OR o.claimed_until < ?)"
                     + " AND NOT EXISTS (SELECT 1 FROM scim_outbox p WHERE p.user_id = o.user_id AND p.seq < o.seq)"
                     + " ORDER BY o.next_attempt_at, o.seq FETCH FIRST " + CANDIDATES + " ROWS ONLY")) {
            SqlTimestamps.set(s, 1, now);
            SqlTimestamps.set(s, 2, now);
            List<Entry> out = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    out.add(new Entry(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getInt(4)));
                }
            }
            return out;
        } catch (SQLException e) {
            throw new StorageException("could not read the SCIM outbox", e);
        }
    }

    /**
     * Takes the entry if it is still its user's head, unclaimed (or its claim expired), and no other entry of the
     * user is claimed. One statement: of two workers racing, the database lets one update the row.
     */
    private boolean claim(Entry entry, Instant now) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE scim_outbox SET claimed_by = ?, claimed_until = ?"
                     + " WHERE seq = ? AND (claimed_until IS NULL OR claimed_until < ?)"
                     + " AND NOT EXISTS (SELECT 1 FROM scim_outbox p WHERE p.user_id = ? AND p.seq < ?)"
                     + " AND NOT EXISTS (SELECT 1 FROM scim_outbox q WHERE q.user_id = ? AND q.seq <> ?"
                     + " AND q.claimed_until >= ?)")) {
            s.setString(1, workerId);
            SqlTimestamps.set(s, 2, now.plus(settings.claimDuration()));
            s.setLong(3, entry.seq());
            SqlTimestamps.set(s, 4, now);
            s.setString(5, entry.userId());
            s.setLong(6, entry.seq());
            s.setString(7, entry.userId());
            s.setLong(8, entry.seq());
            SqlTimestamps.set(s, 9, now);
            return s.executeUpdate() == 1;
        } catch (SQLException e) {
            // A serialization failure or deadlock on PostgreSQL under contention: someone else has it.
            LOG.debug("Claim of outbox entry [{}] failed", entry.seq(), e);
            return false;
        }
    }

    private void process(Entry entry) {
        List<Long> covered;
        try {
            covered = visibleSeqs(entry.userId());
        } catch (RuntimeException e) {
            fail(entry, "could not read the outbox: " + e.getMessage());
            return;
        }
        try {
            reconciler.reconcile(entry.tenant(), entry.userId());
            complete(entry, covered);
        } catch (SyncFailure e) {
            LOG.info("Sync of SCIM user [{}] of tenant [{}] failed (attempt {}): {}", entry.userId(), entry.tenant(),
                    entry.attempts() + 1, e.detail());
            fail(entry, e.detail());
        } catch (RuntimeException e) {
            LOG.warn("Sync of SCIM user [{}] of tenant [{}] failed (attempt {})", entry.userId(), entry.tenant(),
                    entry.attempts() + 1, e);
            fail(entry, "internal error: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()));
        }
    }

    /** The user's entries committed by now: the reconcile that starts after this covers every one of them. */
    private List<Long> visibleSeqs(String userId) {
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("SELECT seq FROM scim_outbox WHERE user_id = ?"
                     + " ORDER BY seq FETCH FIRST " + SEQS_PER_RECONCILE + " ROWS ONLY")) {
            s.setString(1, userId);
            List<Long> seqs = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    seqs.add(rs.getLong(1));
                }
            }
            return seqs;
        } catch (SQLException e) {
            throw new StorageException("could not read the SCIM outbox", e);
        }
    }

    private void complete(Entry entry, List<Long> covered) {
        try (Connection c = db.getConnection()) {
            if (!covered.isEmpty()) {
                StringBuilder sql = new StringBuilder("DELETE FROM scim_outbox WHERE user_id = ? AND seq IN (");
                for (int i = 0; i < covered.size(); i++) {
                    sql.append(i == 0 ? "?" : ", ?");
                }
                try (PreparedStatement s = c.prepareStatement(sql.append(')').toString())) {
                    s.setString(1, entry.userId());
                    for (int i = 0; i < covered.size(); i++) {
                        s.setLong(i + 2, covered.get(i));
                    }
                    s.executeUpdate();
                }
            }
            release(c, entry); // in case the head was not among them (it always is; a claim must not outlive us)
        } catch (SQLException e) {
            // The account is in line; the entries stay and the next reconcile finds nothing to change.
            LOG.warn("Could not remove the applied outbox entries of SCIM user [{}]", entry.userId(), e);
        }
    }

    private void release(Connection c, Entry entry) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE scim_outbox SET claimed_by = NULL, claimed_until = NULL"
                + " WHERE seq = ? AND claimed_by = ?")) {
            s.setLong(1, entry.seq());
            s.setString(2, workerId);
            s.executeUpdate();
        }
    }

    private void fail(Entry entry, String detail) {
        int attempts = entry.attempts() + 1;
        Instant next = SqlTimestamps.now(clock).plus(backoff(attempts));
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE scim_outbox SET attempts = ?, next_attempt_at = ?,"
                     + " last_error = ?, claimed_by = NULL, claimed_until = NULL WHERE seq = ? AND claimed_by = ?")) {
            s.setInt(1, attempts);
            SqlTimestamps.set(s, 2, next);
            s.setString(3, SyncRecords.truncate(detail));
            s.setLong(4, entry.seq());
            s.setString(5, workerId);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not record the failed sync of SCIM user [{}]; its claim expires instead",
                    entry.userId(), e);
        }
        try {
            records.recordFailure(entry.tenant(), entry.userId(), detail);
        } catch (RuntimeException e) {
            LOG.warn("Could not mark SCIM user [{}] as failed", entry.userId(), e);
        }
    }

    /**
     * The wait before attempt {@code attempts + 1}: retryMin doubled per failed attempt, at most retryMax, less up
     * to a fifth at random (never below retryMin), so nodes retrying the same outage spread out.
     */
    Duration backoff(int attempts) {
        ScimConfig scim = config.get();
        long min = Math.max(1, scim.retryMin().toMillis());
        long max = Math.max(min, scim.retryMax().toMillis());
        long delay = min;
        for (int i = 1; i < attempts && delay < max; i++) {
            delay = Math.min(max, delay * 2);
        }
        long jitter = (long) (delay * 0.2 * ThreadLocalRandom.current().nextDouble());
        return Duration.ofMillis(Math.max(min, delay - jitter));
    }

    /**
     * Stops taking entries, lets the reconciles under way finish (each is bounded by Mattermost's timeout), and
     * gives back this worker's claims, so another worker takes over at once rather than when they expire.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (!running) {
                threads.shutdownNow();
                return;
            }
            running = false;
        }
        wake();
        threads.shutdown();
        try {
            if (!threads.awaitTermination(30, TimeUnit.SECONDS)) {
                threads.shutdownNow();
            }
        } catch (InterruptedException e) {
            threads.shutdownNow();
            Thread.currentThread().interrupt();
        }
        try (Connection c = db.getConnection();
             PreparedStatement s = c.prepareStatement("UPDATE scim_outbox SET claimed_by = NULL, claimed_until = NULL"
                     + " WHERE claimed_by = ?")) {
            s.setString(1, workerId);
            s.executeUpdate();
        } catch (SQLException e) {
            LOG.warn("Could not give back the outbox claims of [{}]; they expire instead", workerId, e);
        }
        LOG.info("SCIM sync stopped [{}]", workerId);
    }
}
