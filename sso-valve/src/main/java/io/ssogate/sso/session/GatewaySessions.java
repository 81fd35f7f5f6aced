package io.ssogate.sso.session;

import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.core.storage.StorageException;
import io.ssogate.sso.config.SessionConfig;
import io.ssogate.sso.identity.Identity;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Gateway sessions: created at sign-in, checked on every proxied request, ended at sign-out.
 *
 * <p>The database is the truth, shared by every node; each node keeps the sessions it has seen in a local
 * cache so that a proxied request costs a hash and a map lookup, not a round trip. What a cache could
 * miss is handled so:
 * <ul>
 *   <li><b>revocation</b> on another node: every node polls for sessions revoked since its last poll, every
 *       {@link #REVOCATION_POLL} (overlapping by {@link #POLL_OVERLAP} for clocks and slow commits), and drops
 *       them, so a revoked session is refused everywhere within about a second;</li>
 *   <li><b>use</b> on another node, which moves the idle deadline: a session that looks idle here is read
 *       again before it is refused; uses are written back at most every {@link #TOUCH_INTERVAL} per node,
 *       off the request thread;</li>
 *   <li>an entry is read again after {@link #CACHE_TTL} in any case.</li>
 * </ul>
 */
public final class GatewaySessions implements AutoCloseable {

    static final Duration REVOCATION_POLL = Duration.ofSeconds(1);
    static final Duration POLL_OVERLAP = Duration.ofSeconds(10);
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    static final Duration CACHE_TTL = Duration.ofMinutes(5);
    /**
     * How long a well-formed token the database does not know is answered from memory. A real token is
     * stored before its cookie is sent, so it is never looked up before it exists: only made-up tokens land
     * here, and a flood of them costs one query each per this long, not one per request.
     */
    static final Duration UNKNOWN_TTL = Duration.ofSeconds(30);
    /** Revoked rows stay this long, so every node's poll sees them, then the sweep deletes them. */
    static final Duration KEEP_ENDED = Duration.ofHours(1);

    private static final Logger LOG = LoggerFactory.getLogger(GatewaySessions.class);

    private final SessionRepository repository;
    private final Supplier<SessionConfig> settings;
    private final Clock clock;
    private final Cache<String, GatewaySession> cache;
    private final Cache<String, Boolean> unknown;
    private final ScheduledExecutorService background;
    private volatile Instant lastPoll;

    public GatewaySessions(SessionRepository repository, Supplier<SessionConfig> settings, Clock clock) {
        this.repository = repository;
        this.settings = settings;
        this.clock = clock;
        // Maintenance on the caller's thread: Caffeine's default hands it to the common pool, a wake-up and
        // two context switches every few dozen reads, which on a proxied request cost more than the work.
        this.cache = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(CACHE_TTL).executor(Runnable::run).build();
        this.unknown = Caffeine.newBuilder().maximumSize(100_000).expireAfterWrite(UNKNOWN_TTL).executor(Runnable::run)
                .build();
        this.lastPoll = clock.instant();
        this.background = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ssogate-sessions");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts polling for revocations and sweeping ended sessions. */
    public GatewaySessions start() {
        background.scheduleWithFixedDelay(this::pollRevocations, REVOCATION_POLL.toMillis(),
                REVOCATION_POLL.toMillis(), TimeUnit.MILLISECONDS);
        background.scheduleWithFixedDelay(this::sweep, 1, 10, TimeUnit.MINUTES);
        return this;
    }

    /** Opens a session for {@code identity}; returns the token for the cookie (never stored as such). */
    public String create(Identity identity, String idpSessionId, String logoutHint) {
        String token = SessionTokens.newToken();
        Instant now = SqlTimestamps.now(clock);
        GatewaySession session = new GatewaySession(SessionTokens.hash(token), identity, idpSessionId, logoutHint, now, now,
                now.plus(settings.get().absoluteTimeout()), null);
        repository.insert(session);
        cache.put(session.tokenHash(), session);
        return token;
    }

    /** The live session of {@code token}, if it is one. */
    public Optional<GatewaySession> find(String token) {
        if (!SessionTokens.wellFormed(token)) {
            return Optional.empty();
        }
        String hash = SessionTokens.hash(token);
        Instant now = clock.instant();
        Duration idle = settings.get().idleTimeout();
        GatewaySession session = cache.getIfPresent(hash);
        if (session == null || !session.aliveAt(now, idle)) {
            if (session == null && unknown.getIfPresent(hash) != null) {
                return Optional.empty();
            }
            // Not seen here yet, or looks ended from here: another node may have used it since.
            Optional<GatewaySession> stored = repository.find(hash);
            if (stored.isEmpty()) {
                unknown.put(hash, Boolean.TRUE);
            }
            session = stored.orElse(null);
            if (session == null || !session.aliveAt(now, idle)) {
                cache.invalidate(hash);
                return Optional.empty();
            }
            cache.put(hash, session);
        }
        if (session.lastSeenAt().plus(TOUCH_INTERVAL).isBefore(now)) {
            GatewaySession seen = session.seenAt(SqlTimestamps.now(clock));
            cache.put(hash, seen);
            background.execute(() -> touch(seen));
        }
        return Optional.of(session);
    }

    /** Ends the session of {@code token} on every node; returns it as it was, if it was alive. */
    public Optional<GatewaySession> revoke(String token) {
        if (!SessionTokens.wellFormed(token)) {
            return Optional.empty();
        }
        String hash = SessionTokens.hash(token);
        Optional<GatewaySession> session = repository.find(hash).filter(s -> s.revokedAt() == null);
        repository.revoke(hash, SqlTimestamps.now(clock));
        cache.invalidate(hash);
        return session;
    }

    /**
     * The session of {@code token} if it was ended (signed out, revoked) less than {@code within} ago: what a
     * sign-out that happened elsewhere (a Mattermost logout) needs to send the browser on to the IdP's logout.
     */
    public Optional<GatewaySession> endedWithin(String token, Duration within) {
        if (!SessionTokens.wellFormed(token)) {
            return Optional.empty();
        }
        Instant since = clock.instant().minus(within);
        return repository.find(SessionTokens.hash(token))
                .filter(s -> s.revokedAt() != null && s.revokedAt().isAfter(since));
    }

    /** Ends every session that {@code idp} opened under its session id (single logout); returns how many. */
    public int revokeIdpSession(String idp, String idpSessionId) {
        int revoked = repository.revokeByIdpSession(idp, idpSessionId, SqlTimestamps.now(clock));
        pollRevocations();
        return revoked;
    }

    /** Ends every session of {@code subject} at {@code idp}; returns how many. */
    public int revokeSubject(String idp, String subject) {
        int revoked = repository.revokeBySubject(idp, subject, SqlTimestamps.now(clock));
        pollRevocations();
        return revoked;
    }

    /** Drops sessions revoked on any node since the last poll. Public for tests that cannot wait a second. */
    public synchronized void pollRevocations() {
        Instant started = clock.instant();
        if (cache.asMap().isEmpty()) {
            // Nothing cached, nothing to drop: a gateway without SSO, or idle, asks the database nothing. A
            // session cached after this moment is read from the database, revocations included, and the
            // next poll looks back over POLL_OVERLAP before this moment.
            lastPoll = started;
            return;
        }
        try {
            for (String hash : repository.revokedSince(lastPoll.minus(POLL_OVERLAP))) {
                cache.invalidate(hash);
            }
            lastPoll = started;
        } catch (StorageException e) {
            LOG.warn("Could not poll for revoked sessions; will try again: {}", e.getMessage());
        }
    }

    private void touch(GatewaySession seen) {
        try {
            repository.touch(seen.tokenHash(), seen.lastSeenAt());
        } catch (StorageException e) {
            LOG.warn("Could not record a session's use: {}", e.getMessage());
        }
    }

    private void sweep() {
        try {
            int deleted = repository.deleteEndedBefore(clock.instant().minus(KEEP_ENDED));
            if (deleted > 0) {
                LOG.debug("Deleted {} ended sessions", deleted);
            }
        } catch (StorageException e) {
            LOG.warn("Could not delete ended sessions: {}", e.getMessage());
        }
    }

    @Override
    public void close() {
        background.shutdownNow();
    }
}
