package io.ssogate.sso.login.accounts;

import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.core.mattermost.PasswordGenerator;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.identity.Identity;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.logs.SecretLeakCheck;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One person's first sign-in reaching two gateway nodes at once: two {@link MattermostAccounts}, each with
 * its own {@link AccountLinks}, on one database and one Mattermost, called from two threads. The winner of
 * the claim is held inside it until the other node has found the claim taken, so the two really overlap.
 * {@link H2AccountProvisioningRaceTest} and {@link PostgresAccountProvisioningRaceTest}.
 */
abstract class AccountProvisioningRaceContract {

    private static final String ADMIN_TOKEN = "race-test-admin-token";
    /** The waiting node looks this often; short, so the test is quick, not to synchronise anything. */
    private static final Duration POLL = Duration.ofMillis(20);

    @RegisterExtension
    final SecretLeakCheck leaks = new SecretLeakCheck(ADMIN_TOKEN);

    @TempDir
    Path dataDir;

    private MattermostEmulator emulator;
    private MattermostClient clientA;
    private MattermostClient clientB;
    private GatewayDatabase database;
    private InMemoryVault vault;
    private ExecutorService threads;
    private final CountDownLatch loserWaiting = new CountDownLatch(1);
    private final AtomicInteger claimsWon = new AtomicInteger();

    abstract GatewayDatabase freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        emulator = MattermostEmulator.builder().port(0).adminToken(ADMIN_TOKEN).seedDemoUsers().build().start();
        clientA = new MattermostClient(emulator.baseUri(), ADMIN_TOKEN, Duration.ofSeconds(5));
        clientB = new MattermostClient(emulator.baseUri(), ADMIN_TOKEN, Duration.ofSeconds(5));
        database = freshDatabase(dataDir);
        vault = new InMemoryVault(leaks::register);   // the vault is shared too: it is in the database
        threads = Executors.newFixedThreadPool(2);
    }

    @AfterEach
    void stop() {
        threads.shutdownNow();
        clientA.close();
        clientB.close();
        emulator.close();
        database.close();
    }

    /** A node; the winner of a claim waits (bounded) for the other node to find it taken. */
    private MattermostAccounts node(MattermostClient client, boolean jit, boolean takeover) {
        ProvisioningObserver holdTheWinner = new ProvisioningObserver() {
            @Override
            public void claimWon(Identity identity) {
                claimsWon.incrementAndGet();
                try {
                    loserWaiting.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }

            @Override
            public void waitingForClaim(Identity identity) {
                loserWaiting.countDown();
            }
        };
        return new MattermostAccounts(client, vault, new AccountLinks(database.dataSource(), Clock.systemUTC()),
                ExternalAccountMapping.NONE,
                new AccountSettings(jit, takeover, Duration.ofSeconds(60), Duration.ofSeconds(20), POLL,
                        AccountSettings.DEFAULT_USER_LIMIT_BACKOFF),
                new PasswordGenerator(), Clock.systemUTC(), holdTheWinner);
    }

    private List<String> bothAtOnce(MattermostAccounts a, MattermostAccounts b, Identity identity) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        Future<String> onA = threads.submit(() -> {
            go.await();
            return a.accountFor(identity);
        });
        Future<String> onB = threads.submit(() -> {
            go.await();
            return b.accountFor(identity);
        });
        go.countDown();
        return List.of(onA.get(30, TimeUnit.SECONDS), onB.get(30, TimeUnit.SECONDS));
    }

    @Test
    void aFirstSignInOnTwoNodesAtOnceCreatesOneAccountAndBothGetIt() throws Exception {
        Identity carol = new Identity("corp", "entra", "sub-carol", "carol@corp.example", "Carol", "Chen", null, "",
                List.of());

        List<String> ids = bothAtOnce(node(clientA, true, false), node(clientB, true, false), carol);

        assertEquals(0, loserWaiting.getCount(), "the two sign-ins overlapped: one node waited on the other's claim");
        assertEquals(ids.get(0), ids.get(1), "both nodes log in to the same account");
        assertEquals(1, vault.stores(), "one account created, one password made");
        assertTrue(claimsWon.get() >= 1);
        assertEquals(ids.get(0), clientA.findUserByEmail("carol@corp.example").orElseThrow().id());
        assertEquals("carol", clientA.findUserByEmail("carol@corp.example").orElseThrow().username());
        assertEquals("carol", clientA.login("carol", vault.reveal(ids.get(0)), null).user().username(),
                "the one password vaulted is the account's");
    }

    @Test
    void aTakeoverOnTwoNodesAtOnceSetsOnePassword() throws Exception {
        Identity alice = new Identity("corp", "entra", "sub-alice", "alice@example.com", "Alice", "", null, "",
                List.of());
        String aliceId = emulator.findUser("alice").orElseThrow().id();

        List<String> ids = bothAtOnce(node(clientA, false, true), node(clientB, false, true), alice);

        assertEquals(0, loserWaiting.getCount());
        assertEquals(List.of(aliceId, aliceId), ids);
        assertEquals(1, vault.stores(), "a second takeover would have reset the password the first one vaulted");
        assertEquals("alice", clientB.login("alice", vault.reveal(aliceId), null).user().username());
        assertEquals(Optional.of(aliceId),
                new AccountLinks(database.dataSource(), Clock.systemUTC()).linkedUser(alice));
    }
}
