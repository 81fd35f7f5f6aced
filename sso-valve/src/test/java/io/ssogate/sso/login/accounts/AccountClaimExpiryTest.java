package io.ssogate.sso.login.accounts;

import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.core.mattermost.PasswordGenerator;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.login.accounts.AccountUnavailableException.Reason;
import io.ssogate.sso.testing.SsoDatabases;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.logs.SecretLeakCheck;
import io.ssogate.testkit.time.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A node that died holding a provisioning claim: others wait for it at most {@code claimWait} (then BUSY, a
 * page saying to try again), and once the claim's TTL has passed the next sign-in provisions the account.
 * Time is a {@link MutableClock} that each wait moves on, so no test waits for real.
 */
class AccountClaimExpiryTest {

    private static final String ADMIN_TOKEN = "claim-expiry-admin-token";
    private static final Duration TTL = Duration.ofSeconds(60);
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final Duration STEP = Duration.ofSeconds(5);
    private static final Identity CAROL = new Identity("corp", "entra", "sub-carol", "carol@corp.example", "Carol",
            "", null, "", List.of());

    @RegisterExtension
    final SecretLeakCheck leaks = new SecretLeakCheck(ADMIN_TOKEN);

    @TempDir
    Path dataDir;

    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-02T03:04:05Z"));
    private MattermostEmulator emulator;
    private MattermostClient client;
    private GatewayDatabase database;
    private AccountLinks links;
    private MattermostAccounts accounts;

    @BeforeEach
    void start() {
        emulator = MattermostEmulator.builder().port(0).adminToken(ADMIN_TOKEN).build().start();
        client = new MattermostClient(emulator.baseUri(), ADMIN_TOKEN, Duration.ofSeconds(5));
        database = SsoDatabases.h2(dataDir);
        links = new AccountLinks(database.dataSource(), clock);
        ProvisioningObserver timePassesWhileWaiting = new ProvisioningObserver() {
            @Override
            public void waitingForClaim(Identity identity) {
                clock.advance(STEP);
            }
        };
        accounts = new MattermostAccounts(client, new InMemoryVault(leaks::register), links,
                ExternalAccountMapping.NONE, new AccountSettings(true, false, TTL, WAIT, Duration.ofMillis(1),
                        AccountSettings.DEFAULT_USER_LIMIT_BACKOFF),
                new PasswordGenerator(), clock, timePassesWhileWaiting);
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
        database.close();
    }

    @Test
    void aDeadNodesClaimMakesOthersWaitAtMostClaimWaitThenBusy() {
        links.claim(CAROL, TTL).orElseThrow();   // the node that died

        Instant before = clock.instant();
        AccountUnavailableException e = assertThrows(AccountUnavailableException.class,
                () -> accounts.accountFor(CAROL));

        assertEquals(Reason.BUSY, e.reason());
        Duration waited = Duration.between(before, clock.instant());
        assertTrue(waited.compareTo(WAIT) >= 0 && waited.compareTo(WAIT.plus(STEP)) <= 0, waited.toString());
        assertTrue(client.findUserByEmail("carol@corp.example").isEmpty(), "nothing created under another's claim");
    }

    @Test
    void afterTheClaimsTtlTheNextSignInProvisions() {
        links.claim(CAROL, TTL).orElseThrow();   // the node that died
        clock.advance(TTL);

        String id = accounts.accountFor(CAROL);

        assertEquals(Optional.of(id), links.linkedUser(CAROL));
        assertEquals("carol", client.getUser(id).username());
    }
}
