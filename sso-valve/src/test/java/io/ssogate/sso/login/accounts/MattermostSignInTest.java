package io.ssogate.sso.login.accounts;

import io.ssogate.core.accounts.ExternalAccountMapping;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.Secret;
import io.ssogate.core.mattermost.MattermostApiException;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.mattermost.MattermostLogin;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.login.MattermostSignIn;
import io.ssogate.sso.login.accounts.AccountUnavailableException.Reason;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.sso.testing.SsoDatabases;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.logs.SecretLeakCheck;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening a Mattermost session for a signed-in person (the emulator, over HTTP): every way Mattermost can
 * refuse it maps to the page the person sees, a refused vaulted password is repaired when takeover allows,
 * and the login calls of one node are bounded.
 */
class MattermostSignInTest {

    private static final String ADMIN_TOKEN = "signin-test-admin-token-0001";

    @RegisterExtension
    final SecretLeakCheck leaks = new SecretLeakCheck(ADMIN_TOKEN);

    @TempDir
    Path dataDir;

    private MattermostEmulator emulator;
    private MattermostClient client;
    private GatewayDatabase database;
    private AccountLinks links;
    private InMemoryVault vault;
    private final Identity carol = new Identity("corp", "entra", "sub-carol", "carol@corp.example", "Carol", "Chen",
            null, "carol", List.of());

    @BeforeEach
    void start() {
        emulator = MattermostEmulator.builder().port(0).adminToken(ADMIN_TOKEN).build().start();
        client = new MattermostClient(emulator.baseUri(), emulator.adminToken(), Duration.ofSeconds(5));
        database = SsoDatabases.h2(dataDir);
        links = new AccountLinks(database.dataSource(), Clock.systemUTC());
        vault = new InMemoryVault(leaks::register);
    }

    @AfterEach
    void stop() {
        client.close();
        emulator.close();
        database.close();
    }

    private MattermostSignIn signIn(boolean takeover) {
        return new MattermostSignIn(new MattermostAccounts(client, vault, links, ExternalAccountMapping.NONE,
                AccountSettings.of(true, takeover)), vault, () -> client, 4);
    }

    private static GatewaySession sessionOf(Identity identity) {
        return new GatewaySession("hash-" + System.nanoTime(), identity, null, null, Instant.now(), Instant.now(),
                Instant.now().plusSeconds(3600), null);
    }

    @Test
    void aNewPersonGetsAnAccountAndAMattermostSessionOfTheirOwn() {
        MattermostLogin login = signIn(false).logIn(sessionOf(carol), "127.0.0.1");

        assertEquals("carol", login.user().username());
        assertTrue(emulator.isSessionValid(login.sessionToken()));
        assertTrue(login.csrfToken() != null && !login.csrfToken().isEmpty());
    }

    @Test
    void aVaultedPasswordMattermostRefusesIsReplacedWhenTakeoverIsOnAndTheLoginSucceeds() {
        MattermostSignIn signIn = signIn(true);
        GatewaySession session = sessionOf(carol);
        String userId = signIn.accountOf(session);
        client.setPassword(userId, "an-admin-reset-it-0123456789-Abc!");

        MattermostLogin login = signIn.logIn(session, null);

        assertEquals(userId, login.user().id());
        assertEquals(2, vault.stores(), "created once, repaired once");
    }

    @Test
    void withoutTakeoverARefusedVaultedPasswordIsAPageNotARepair() {
        MattermostSignIn signIn = signIn(false);
        GatewaySession session = sessionOf(carol);
        String userId = signIn.accountOf(session);
        client.setPassword(userId, "an-admin-reset-it-0123456789-Abc!");

        assertEquals(Reason.LOGIN_REFUSED, assertThrows(AccountUnavailableException.class,
                () -> signIn.logIn(session, null)).reason());
        assertEquals(1, vault.stores());
    }

    @Test
    void aDeactivatedAccountIsSaidToBeDeactivated() {
        MattermostSignIn signIn = signIn(false);
        GatewaySession session = sessionOf(carol);
        String userId = signIn.accountOf(session);
        emulator.setUserActive(userId, false);

        assertEquals(Reason.DEACTIVATED, assertThrows(AccountUnavailableException.class,
                () -> signIn.logIn(session, null)).reason());
    }

    @Test
    void anAccountLockedAfterFailedLoginsIsSaidToBeLockedOut() {
        MattermostSignIn signIn = signIn(false);
        GatewaySession session = sessionOf(carol);
        signIn.accountOf(session);
        emulator.config().maximumLoginAttempts(2);
        for (int i = 0; i < 2; i++) {
            assertThrows(MattermostApiException.class, () -> client.login("carol", "wrong-password-0123456789", null));
        }

        assertEquals(Reason.LOCKED_OUT, assertThrows(AccountUnavailableException.class,
                () -> signIn.logIn(session, null)).reason());
    }

    @Test
    void mattermostDownIsAPassingTrouble() {
        MattermostSignIn signIn = signIn(false);
        GatewaySession session = sessionOf(carol);
        signIn.accountOf(session);
        emulator.close();

        assertEquals(Reason.MATTERMOST_DOWN, assertThrows(AccountUnavailableException.class,
                () -> signIn.logIn(session, null)).reason());
    }

    @Test
    void aNodeNeverMakesMoreLoginCallsAtOnceThanItsBoundAndTheOthersWaitTheirTurn() throws Exception {
        int people = 6;
        int bound = 2;
        java.util.Map<String, String> accountOf = new java.util.concurrent.ConcurrentHashMap<>();
        for (int i = 0; i < people; i++) {
            String password = "bound-test-Passw0rd-" + i + "-0123456789abcdef";
            leaks.register(password);
            String id = emulator.createUser("person" + i, "person" + i + "@corp.example", password).id();
            vault.store(id, Secret.of(password));
            accountOf.put("sub-" + i, id);
        }
        CountDownLatch entered = new CountDownLatch(people);
        MattermostSignIn bounded = new MattermostSignIn(identity -> {
            entered.countDown();
            return accountOf.get(identity.subject());
        }, vault, () -> client, bound);
        emulator.setUnresponsive(true);
        ExecutorService pool = Executors.newFixedThreadPool(people);
        try {
            List<Future<MattermostLogin>> logins = new java.util.ArrayList<>();
            for (int i = 0; i < people; i++) {
                Identity person = new Identity("corp", "entra", "sub-" + i, "person" + i + "@corp.example", null,
                        null, null, null, List.of());
                logins.add(pool.submit(() -> bounded.logIn(sessionOf(person), null)));
            }
            assertTrue(entered.await(10, TimeUnit.SECONDS), "every login started");
            assertTrue(emulator.awaitUnansweredRequests(bound, Duration.ofSeconds(10)), "the bound's worth reach Mattermost");
            assertEquals(false, emulator.awaitUnansweredRequests(bound + 1, Duration.ofMillis(500)),
                    "no more than the bound while Mattermost holds them");

            emulator.setUnresponsive(false);

            for (Future<MattermostLogin> login : logins) {
                assertTrue(emulator.isSessionValid(login.get(20, TimeUnit.SECONDS).sessionToken()),
                        "the others logged in once a call was free");
            }
        } finally {
            emulator.setUnresponsive(false);
            pool.shutdownNow();
        }
    }
}
