package io.ssogate.sso.session;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.config.SessionConfig;
import io.ssogate.sso.identity.Identity;
import io.ssogate.testkit.time.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verifyNoInteractions;

/**
 * Gateway sessions on a shared database, as two gateway nodes see them: {@link H2GatewaySessionsTest} and
 * {@link PostgresGatewaySessionsTest} run the same contract. Each test gets a fresh database.
 */
abstract class GatewaySessionsContract {

    static final Instant T0 = Instant.parse("2030-01-02T03:04:05.123456Z");
    static final Duration IDLE = Duration.ofMinutes(30);
    static final Duration ABSOLUTE = Duration.ofHours(2);
    static final Identity ALICE = new Identity("corp", "corp-oidc", "sub-alice", "alice@corp.example", "Alice",
            "Liddell", null, "alice", List.of("staff"));

    @TempDir
    Path dataDir;

    final MutableClock clock = new MutableClock(T0);
    private GatewayDatabase database;
    /** Released once for each use a node has written back; touches run on the node's background thread. */
    private final Semaphore touches = new Semaphore(0);
    private final List<GatewaySessions> nodes = new ArrayList<>();
    GatewaySessions nodeA;
    GatewaySessions nodeB;

    abstract GatewayDatabase freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void twoNodesOnOneDatabase() throws Exception {
        database = freshDatabase(dataDir);
        nodeA = node();
        nodeB = node();
    }

    @AfterEach
    void close() {
        nodes.forEach(GatewaySessions::close);
        database.close();
    }

    /** A gateway node: its own cache over the shared table. Not started: tests poll by hand. */
    private GatewaySessions node() {
        SessionRepository repository = spy(new SessionRepository(database.dataSource()));
        doAnswer(call -> {
            call.callRealMethod();
            touches.release();
            return null;
        }).when(repository).touch(anyString(), any(Instant.class));
        GatewaySessions node = new GatewaySessions(repository,
                () -> new SessionConfig(null, IDLE, ABSOLUTE), clock);
        nodes.add(node);
        return node;
    }

    /** Waits for a use to reach the database, so what the next step reads there does not depend on timing. */
    private void awaitTouch() throws InterruptedException {
        assertTrue(touches.tryAcquire(10, TimeUnit.SECONDS), "the node never wrote the use back");
    }

    @Test
    void aCreatedSessionIsFoundOnItsNodeAndOnAnother() {
        String token = nodeA.create(ALICE, "sid-1", "id.token.jwt");

        GatewaySession onA = nodeA.find(token).orElseThrow();
        GatewaySession onB = nodeB.find(token).orElseThrow();

        assertEquals(ALICE, onA.identity());
        assertEquals(onA, onB, "node B reads from the database what node A cached");
        assertEquals("sid-1", onB.idpSessionId());
        assertEquals("id.token.jwt", onB.logoutHint());
        assertEquals(T0, onB.createdAt());
        assertEquals(T0.plus(ABSOLUTE), onB.expiresAt());
    }

    @Test
    void anUnknownTokenFindsNothing() {
        nodeA.create(ALICE, null, null);

        assertEquals(Optional.empty(), nodeA.find(SessionTokens.newToken()));
        assertEquals(Optional.empty(), nodeB.find(SessionTokens.newToken()));
    }

    @Test
    void aMalformedTokenFindsNothingWithoutTouchingTheDatabase() {
        // Junk cookies cost no query: a flood of them cannot load the database.
        SessionRepository repository = mock(SessionRepository.class);
        try (GatewaySessions sessions = new GatewaySessions(repository, SessionConfig::defaults, clock)) {
            String valid = SessionTokens.newToken();
            for (String malformed : new String[] {null, "", "short", valid + "x", valid.substring(1) + "+",
                    valid.substring(1) + "=", valid.substring(1) + " ", "' OR '1'='1' --".repeat(3)}) {
                assertEquals(Optional.empty(), sessions.find(malformed));
                assertEquals(Optional.empty(), sessions.revoke(malformed));
            }
        }
        verifyNoInteractions(repository);
    }

    @Test
    void aNodeWithNoSessionCachedPollsNothing() {
        // A gateway without single sign-on, or idle, must not query the database every second.
        SessionRepository repository = mock(SessionRepository.class);
        try (GatewaySessions sessions = new GatewaySessions(repository, SessionConfig::defaults, clock)) {
            sessions.pollRevocations();
        }
        verifyNoInteractions(repository);
    }

    @Test
    void anUnknownWellFormedTokenIsLookedUpOnceNotOnEveryRequest() {
        SessionRepository repository = mock(SessionRepository.class);
        org.mockito.Mockito.when(repository.find(anyString())).thenReturn(Optional.empty());
        try (GatewaySessions sessions = new GatewaySessions(repository, SessionConfig::defaults, clock)) {
            String madeUp = SessionTokens.newToken();
            for (int i = 0; i < 100; i++) {
                assertEquals(Optional.empty(), sessions.find(madeUp));
            }
            org.mockito.Mockito.verify(repository, org.mockito.Mockito.times(1)).find(anyString());
        }
    }

    @Test
    void aSessionUnusedForTheIdleTimeoutEnds() throws InterruptedException {
        String token = nodeA.create(ALICE, null, null);
        clock.advance(IDLE.minusSeconds(1));
        // A second before going idle it is alive; finding it is a use, which restarts the idle time.
        assertTrue(nodeA.find(token).isPresent());
        awaitTouch();
        clock.advance(IDLE);

        assertEquals(Optional.empty(), nodeA.find(token), "idle on the node that made it");
        assertEquals(Optional.empty(), nodeB.find(token), "idle on the other node too");
    }

    @Test
    void useKeepsASessionAliveUntilTheAbsoluteTimeoutEndsItAnyway() throws InterruptedException {
        String token = nodeA.create(ALICE, null, null);

        // Used every 20 minutes, it never goes idle...
        for (Duration elapsed = Duration.ZERO; elapsed.compareTo(ABSOLUTE.minusMinutes(20)) < 0;
             elapsed = elapsed.plusMinutes(20)) {
            clock.advance(Duration.ofMinutes(20));
            assertTrue(nodeA.find(token).isPresent(), "used at " + elapsed.plusMinutes(20));
            awaitTouch();
        }
        clock.advance(Duration.ofMinutes(19).plusSeconds(59));
        assertTrue(nodeA.find(token).isPresent(), "a second before the absolute end");
        awaitTouch();
        clock.advance(Duration.ofSeconds(1));

        // ...but two hours after sign-in it ends, on every node, however recently it was used.
        assertEquals(Optional.empty(), nodeA.find(token));
        assertEquals(Optional.empty(), nodeB.find(token));
    }

    @Test
    void aUseOnNodeBKeepsTheSessionAliveOnNodeA() throws InterruptedException {
        String token = nodeA.create(ALICE, null, null);
        clock.advance(Duration.ofMinutes(20));
        assertTrue(nodeB.find(token).isPresent());
        awaitTouch();

        // Node A last saw the session at T0: from its cache it looks idle now. It must read the row again,
        // where node B's use is recorded, rather than sign the person out.
        clock.advance(Duration.ofMinutes(15));
        GatewaySession onA = nodeA.find(token).orElseThrow();

        assertEquals(T0.plus(Duration.ofMinutes(20)), onA.lastSeenAt());
    }

    @Test
    void aRevocationOnNodeAReachesNodeBAtItsNextPoll() {
        String token = nodeA.create(ALICE, null, null);
        assertTrue(nodeB.find(token).isPresent(), "node B has the session in its cache");
        clock.advance(Duration.ofSeconds(5));

        assertEquals(ALICE, nodeA.revoke(token).orElseThrow().identity());

        assertEquals(Optional.empty(), nodeA.find(token), "the revoking node refuses at once");
        // Node B answers from its cache until it polls, which it does every second: that is the window in
        // which a session revoked elsewhere is still accepted.
        assertTrue(nodeB.find(token).isPresent(), "before its poll node B still accepts from its cache");
        nodeB.pollRevocations();
        assertEquals(Optional.empty(), nodeB.find(token), "after its poll node B refuses");
        assertEquals(Optional.empty(), nodeA.revoke(token), "a second revocation finds no live session");
    }

    @Test
    void revokingAnIdpSessionEndsExactlyTheSessionsOfThatIdpAndSessionId() {
        String first = nodeA.create(ALICE, "sid-1", null);
        String second = nodeA.create(ALICE, "sid-1", null);
        String otherSid = nodeA.create(ALICE, "sid-2", null);
        String noSid = nodeA.create(ALICE, null, null);
        Identity atOtherIdp = new Identity("corp", "corp-saml", "sub-alice", "alice@corp.example", null, null,
                null, null, null);
        String sameSidOtherIdp = nodeA.create(atOtherIdp, "sid-1", null);
        for (String token : List.of(first, second, otherSid, noSid, sameSidOtherIdp)) {
            assertTrue(nodeB.find(token).isPresent(), "cached on node B");
        }

        assertEquals(2, nodeA.revokeIdpSession("corp-oidc", "sid-1"));
        nodeB.pollRevocations();

        for (GatewaySessions node : List.of(nodeA, nodeB)) {
            assertEquals(Optional.empty(), node.find(first));
            assertEquals(Optional.empty(), node.find(second));
            assertTrue(node.find(otherSid).isPresent(), "another IdP session of the same person");
            assertTrue(node.find(noSid).isPresent(), "a session without an IdP session id");
            assertTrue(node.find(sameSidOtherIdp).isPresent(), "the same sid at another IdP is another session");
        }
    }

    @Test
    void theTokenIsStoredOnlyAsItsHash() throws Exception {
        String token = nodeA.create(ALICE, "sid-1", "id.token.jwt");
        List<String> hashes = new ArrayList<>();

        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM sso_session")) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                hashes.add(rs.getString("token_hash"));
                for (int i = 1; i <= columns; i++) {
                    String value = rs.getString(i);
                    assertFalse(value != null && value.contains(token),
                            "column " + rs.getMetaData().getColumnName(i) + " holds the token");
                }
            }
        }

        assertEquals(List.of(SessionTokens.hash(token)), hashes);
    }
}
