package io.ssogate.sso.login.accounts;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.identity.Identity;
import io.ssogate.testkit.time.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The account links and provisioning claims, as two nodes on one database see them.
 * {@link H2AccountLinksTest} and {@link PostgresAccountLinksTest}.
 */
abstract class AccountLinksContract {

    static final Duration TTL = Duration.ofSeconds(60);
    static final Identity ALICE = new Identity("corp", "entra", "sub-alice", "alice@corp.example", "Alice", "Adams",
            null, "", List.of());
    static final Identity ALICE_AT_PARTNER = new Identity("corp", "okta", "sub-alice", "alice@corp.example", "Alice",
            "Adams", null, "", List.of());

    @TempDir
    Path dataDir;

    private GatewayDatabase database;
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-02T03:04:05Z"));
    private AccountLinks nodeA;
    private AccountLinks nodeB;

    abstract GatewayDatabase freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void twoNodesOnOneDatabase() throws Exception {
        database = freshDatabase(dataDir);
        nodeA = new AccountLinks(database.dataSource(), clock);
        nodeB = new AccountLinks(database.dataSource(), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void aLinkIsSeenByEveryNodeBothWays() {
        assertTrue(nodeA.link(ALICE, "user-1"));

        assertEquals(Optional.of("user-1"), nodeB.linkedUser(ALICE));
        assertEquals(Optional.of(new AccountLinks.LinkedIdentity("corp", "entra", "sub-alice")),
                nodeB.identityLinkedTo("user-1"));
        assertEquals(Optional.empty(), nodeB.linkedUser(ALICE_AT_PARTNER), "the IdP is part of the identity");
    }

    @Test
    void anIdentityIsLinkedToOneAccountAndNeverMovedSilently() {
        assertTrue(nodeA.link(ALICE, "user-1"));

        assertFalse(nodeB.link(ALICE, "user-2"));
        assertEquals(Optional.of("user-1"), nodeA.linkedUser(ALICE));
    }

    @Test
    void anAccountIsLinkedToOneIdentity() {
        assertTrue(nodeA.link(ALICE, "user-1"));

        assertFalse(nodeB.link(ALICE_AT_PARTNER, "user-1"), "the same email at another IdP does not share it");
        assertEquals(Optional.empty(), nodeB.linkedUser(ALICE_AT_PARTNER));
    }

    @Test
    void anUnlinkedIdentityCanBeLinkedAgain() {
        nodeA.link(ALICE, "user-1");

        assertTrue(nodeB.unlink(ALICE));
        assertFalse(nodeB.unlink(ALICE));
        assertTrue(nodeA.link(ALICE, "user-2"));
        assertEquals(Optional.empty(), nodeA.identityLinkedTo("user-1"));
    }

    @Test
    void oneNodeClaimsAnIdentityAtATime() {
        Optional<AccountLinks.Claim> claim = nodeA.claim(ALICE, TTL);

        assertTrue(claim.isPresent());
        assertFalse(nodeB.claim(ALICE, TTL).isPresent(), "another node");
        assertFalse(nodeA.claim(ALICE, TTL).isPresent(), "the same node, another thread");
        assertTrue(nodeB.claim(ALICE_AT_PARTNER, TTL).isPresent(), "another identity is free");
    }

    @Test
    void aReleasedClaimCanBeTakenAgain() {
        AccountLinks.Claim claim = nodeA.claim(ALICE, TTL).orElseThrow();

        nodeA.release(ALICE, claim);

        assertTrue(nodeB.claim(ALICE, TTL).isPresent());
    }

    @Test
    void theClaimOfANodeThatDiedExpires() {
        AccountLinks.Claim stale = nodeA.claim(ALICE, TTL).orElseThrow();
        clock.advance(TTL.minusSeconds(1));
        assertFalse(nodeB.claim(ALICE, TTL).isPresent(), "still live");

        clock.advance(Duration.ofSeconds(1));
        AccountLinks.Claim taken = nodeB.claim(ALICE, TTL).orElseThrow();

        // The late node's release must not free the claim the other node now holds.
        nodeA.release(ALICE, stale);
        assertFalse(nodeA.claim(ALICE, TTL).isPresent());
        nodeB.release(ALICE, taken);
        assertTrue(nodeA.claim(ALICE, TTL).isPresent());
    }
}
