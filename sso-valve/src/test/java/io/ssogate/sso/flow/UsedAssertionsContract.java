package io.ssogate.sso.flow;

import io.ssogate.core.storage.GatewayDatabase;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A SAML assertion signs in once, on whichever node it lands. {@link H2UsedAssertionsTest} and
 * {@link PostgresUsedAssertionsTest}.
 */
abstract class UsedAssertionsContract {

    static final Instant T0 = Instant.parse("2030-01-02T03:04:05.123456Z");
    static final Instant VALID_UNTIL = T0.plus(Duration.ofMinutes(7));

    @TempDir
    Path dataDir;

    private GatewayDatabase database;
    private UsedAssertions nodeA;
    private UsedAssertions nodeB;

    abstract GatewayDatabase freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void twoNodesOnOneDatabase() throws Exception {
        database = freshDatabase(dataDir);
        nodeA = new UsedAssertions(database.dataSource());
        nodeB = new UsedAssertions(database.dataSource());
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void anAssertionIsUsedOnceOnAnyNode() {
        assertTrue(nodeA.firstUse("trustlogin", "_a1b2c3", VALID_UNTIL));

        assertFalse(nodeA.firstUse("trustlogin", "_a1b2c3", VALID_UNTIL), "replayed to the same node");
        assertFalse(nodeB.firstUse("trustlogin", "_a1b2c3", VALID_UNTIL), "replayed to another node");
    }

    @Test
    void theSameIdFromAnotherIdpIsAnotherAssertion() {
        assertTrue(nodeA.firstUse("trustlogin", "_a1b2c3", VALID_UNTIL));

        assertTrue(nodeB.firstUse("entra", "_a1b2c3", VALID_UNTIL));
    }

    @Test
    void expiredIdsAreDeletedAndTheOthersStay() {
        nodeA.firstUse("trustlogin", "_old", T0.plusSeconds(60));
        nodeA.firstUse("trustlogin", "_edge", T0.plusSeconds(120));
        nodeA.firstUse("trustlogin", "_new", T0.plusSeconds(180));

        assertEquals(2, nodeB.deleteExpired(T0.plusSeconds(120)), "expired at or before now");

        assertFalse(nodeA.firstUse("trustlogin", "_new", T0.plusSeconds(180)), "a live id is still refused");
        // After its NotOnOrAfter the assertion's own time window refuses it; its id is no longer needed.
        assertTrue(nodeA.firstUse("trustlogin", "_old", T0.plusSeconds(60)));
    }
}
