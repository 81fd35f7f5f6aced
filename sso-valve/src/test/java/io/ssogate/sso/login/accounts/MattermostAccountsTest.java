package io.ssogate.sso.login.accounts;

import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.core.mattermost.PasswordGenerator;
import io.ssogate.core.mattermost.UsernameRules;
import io.ssogate.core.config.Secret;
import io.ssogate.core.mattermost.MattermostApiException;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.mattermost.MattermostUser;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.login.accounts.AccountUnavailableException.Reason;
import io.ssogate.sso.testing.SsoDatabases;
import io.ssogate.testkit.emulator.EmulatorUser;
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

import static io.ssogate.testkit.emulator.MattermostEmulator.DEMO_PASSWORD;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding, creating and taking over accounts against the Mattermost emulator over real HTTP, with the links
 * in an H2 database. Every password the gateway makes is watched for in the output.
 */
class MattermostAccountsTest {

    private static final String ADMIN_TOKEN = "accounts-test-admin-token";

    @RegisterExtension
    final SecretLeakCheck leaks = new SecretLeakCheck(ADMIN_TOKEN, DEMO_PASSWORD);

    @TempDir
    Path dataDir;

    private MattermostEmulator emulator;
    private MattermostClient client;
    private GatewayDatabase database;
    private AccountLinks links;
    private InMemoryVault vault;

    @BeforeEach
    void start() {
        emulator = MattermostEmulator.builder().port(0).adminToken(ADMIN_TOKEN).seedDemoUsers().build().start();
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

    static Identity person(String subject, String email, String given, String family, String username) {
        return new Identity("corp", "entra", subject, email, given, family, null, username, List.of());
    }

    private MattermostAccounts accounts(boolean jit, boolean takeover) {
        return accounts(jit, takeover, ExternalAccountMapping.NONE);
    }

    private MattermostAccounts accounts(boolean jit, boolean takeover, ExternalAccountMapping mapping) {
        return new MattermostAccounts(client, vault, links, mapping, AccountSettings.of(jit, takeover));
    }

    private void logsIn(String username, String password) {
        assertEquals(username, client.login(username, password, null).user().username());
    }

    private static void refusedLogin(MattermostClient client, String username, String password) {
        MattermostApiException e = assertThrows(MattermostApiException.class,
                () -> client.login(username, password, null));
        assertEquals(401, e.statusCode(), e.getMessage());
    }

    private static Reason reasonOf(Runnable call) {
        return assertThrows(AccountUnavailableException.class, call::run).reason();
    }

    @Test
    void jitCreatesAnAccountWithTheDerivedNameWhosePasswordLogsIn() {
        Identity carol = person("sub-carol", "carol.chen@corp.example", "Carol", "Chen", "");

        String id = accounts(true, false).accountFor(carol);

        MattermostUser created = client.getUser(id);
        assertEquals("carol.chen", created.username());
        assertEquals("carol.chen@corp.example", created.email());
        assertEquals("Carol", created.firstName());
        assertEquals("Chen", created.lastName());
        assertTrue(created.authService() == null || created.authService().isEmpty(), "an email user: passwords work");
        assertTrue(vault.reveal(id).length() >= PasswordGenerator.MIN_LENGTH);
        logsIn("carol.chen", vault.reveal(id));
        assertEquals(Optional.of(id), links.linkedUser(carol));
    }

    @Test
    void jitGivesANameTakenByASeededUserTheIdentitysSuffix() {
        // The emulator's demo seed has alice (alice@example.com): another Alice from the IdP gets a suffix.
        Identity otherAlice = person("sub-alice2", "alice@corp.example", "Alice", "Other", "alice");

        String id = accounts(true, false).accountFor(otherAlice);

        String username = client.getUser(id).username();
        assertTrue(username.matches("alice-[a-z2-7]{6}"), username);
        assertEquals(UsernameRules.choose(otherAlice, "alice"::equals).orElseThrow(), username,
                "the same identity against the same users gets the same name");
        logsIn(username, vault.reveal(id));
        logsIn("alice", DEMO_PASSWORD);
    }

    @Test
    void aLinkedIdentityGetsItsAccountAgainWithoutAnyChange() {
        Identity carol = person("sub-carol", "carol@corp.example", "Carol", "Chen", "");
        MattermostAccounts accounts = accounts(true, false);
        String id = accounts.accountFor(carol);
        String password = vault.reveal(id);

        assertEquals(id, accounts.accountFor(carol));
        assertEquals(id, accounts(false, false).accountFor(carol), "a link needs neither JIT nor takeover");

        assertEquals(1, vault.stores(), "no second password");
        assertEquals(password, vault.reveal(id));
    }

    @Test
    void anExistingAccountWhosePasswordTheVaultHoldsIsLinkedAndKeepsItsSessions() {
        EmulatorUser dave = emulator.createUser("dave", "dave@corp.example", "Dave-Passw0rd!");
        vault.store(dave.id(), Secret.of("Dave-Passw0rd!"));
        String session = emulator.createSession(dave.id());

        String id = accounts(false, false).accountFor(person("sub-dave", "dave@corp.example", "Dave", "", ""));

        assertEquals(dave.id(), id);
        assertTrue(emulator.isSessionValid(session), "no password change, so no session ended");
        logsIn("dave", "Dave-Passw0rd!");
    }

    @Test
    void takeoverSetsAPasswordThatLogsInAndEndsTheAccountsSessions() {
        EmulatorUser alice = emulator.findUser("alice").orElseThrow();
        String session = emulator.createSession(alice.id());

        String id = accounts(false, true).accountFor(person("sub-alice", "alice@example.com", "Alice", "", ""));

        assertEquals(alice.id(), id);
        logsIn("alice", vault.reveal(id));
        refusedLogin(client, "alice", DEMO_PASSWORD);
        assertFalse(emulator.isSessionValid(session), "TerminateSessionsOnPasswordChange ends the old sessions");
    }

    @Test
    void withoutJitAnUnknownPersonHasNoAccount() {
        Identity carol = person("sub-carol", "carol@corp.example", "Carol", "", "");

        assertEquals(Reason.NO_ACCOUNT, reasonOf(() -> accounts(false, true).accountFor(carol)));

        assertTrue(client.findUserByEmail("carol@corp.example").isEmpty(), "nothing created");
        assertEquals(Optional.empty(), links.linkedUser(carol));
    }

    @Test
    void withoutTakeoverAnAccountWithAPasswordWeDoNotHoldIsNotManagedAndUntouched() {
        Identity alice = person("sub-alice", "alice@example.com", "Alice", "", "");
        String session = emulator.createSession(emulator.findUser("alice").orElseThrow().id());

        assertEquals(Reason.NOT_MANAGED, reasonOf(() -> accounts(true, false).accountFor(alice)));

        logsIn("alice", DEMO_PASSWORD);
        assertTrue(emulator.isSessionValid(session));
        assertEquals(0, vault.stores());
    }

    @Test
    void aDeactivatedAccountIsRefusedAndNotTakenOver() {
        EmulatorUser bob = emulator.findUser("bob").orElseThrow();
        emulator.setUserActive(bob.id(), false);

        assertEquals(Reason.DEACTIVATED, reasonOf(() -> accounts(true, true)
                .accountFor(person("sub-bob", "bob@example.com", "Bob", "", ""))));

        assertEquals(0, vault.stores(), "no password set on a deactivated account");
        emulator.setUserActive(bob.id(), true);
        logsIn("bob", DEMO_PASSWORD);
    }

    @Test
    void aLinkedAccountDeactivatedLaterIsRefused() {
        Identity carol = person("sub-carol", "carol@corp.example", "Carol", "", "");
        MattermostAccounts accounts = accounts(true, false);
        String id = accounts.accountFor(carol);

        emulator.setUserActive(id, false);

        assertEquals(Reason.DEACTIVATED, reasonOf(() -> accounts.accountFor(carol)));
        assertEquals(Optional.of(id), links.linkedUser(carol), "the link stays, for when it is reactivated");
    }

    @Test
    void aSystemAdminIsNeverTakenOver() {
        String adminEmail = client.getUser(emulator.adminUserId()).email();

        assertEquals(Reason.NOT_MANAGED, reasonOf(() -> accounts(true, true)
                .accountFor(person("sub-admin", adminEmail, "", "", ""))));
        assertEquals(0, vault.stores());
    }

    @Test
    void anAccountLinkedToAnotherIdentityIsNotShared() {
        MattermostAccounts accounts = accounts(false, true);
        String id = accounts.accountFor(person("sub-alice", "alice@example.com", "Alice", "", ""));
        Identity sameEmailOtherIdp = new Identity("corp", "okta", "00u-alice", "alice@example.com", "Alice", "",
                null, "", List.of());

        assertEquals(Reason.ALREADY_LINKED, reasonOf(() -> accounts.accountFor(sameEmailOtherIdp)));
        assertEquals(1, vault.stores(), "the account's password was not reset a second time");
        logsIn("alice", vault.reveal(id));
    }

    @Test
    void theExternalMappingIsConsultedBeforeTheEmail() {
        EmulatorUser bob = emulator.findUser("bob").orElseThrow();
        vault.store(bob.id(), Secret.of(DEMO_PASSWORD));
        Identity robert = person("sub-robert", "robert@corp.example", "Robert", "", "");
        ExternalAccountMapping scim = (tenant, email) -> email.equals("robert@corp.example")
                ? Optional.of(bob.id()) : Optional.empty();

        String id = accounts(true, false, scim).accountFor(robert);

        assertEquals(bob.id(), id);
        assertTrue(client.findUserByEmail("robert@corp.example").isEmpty(), "no account made from the email");
    }

    @Test
    void aLinkedAccountDeletedFromMattermostIsProvisionedAgain() {
        Identity carol = person("sub-carol", "carol@corp.example", "Carol", "", "");
        MattermostAccounts accounts = accounts(true, false);
        String gone = accounts.accountFor(carol);
        emulator.state().users.remove(gone);   // as a permanent deletion by an admin

        String id = accounts.accountFor(carol);

        assertFalse(gone.equals(id));
        assertEquals(Optional.empty(), vault.password(gone));
        logsIn("carol", vault.reveal(id));
    }

    @Test
    void mattermostUnreachableIsMattermostDown() {
        Identity carol = person("sub-carol", "carol@corp.example", "Carol", "", "");
        emulator.close();

        assertEquals(Reason.MATTERMOST_DOWN, reasonOf(() -> accounts(true, true).accountFor(carol)));
        assertEquals(Optional.empty(), links.linkedUser(carol));
    }

    @Test
    void aRevokedAdminTokenIsMattermostRefusedNotNoAccount() {
        // Taking a 401 for "no such user" would have JIT create duplicates, or tell people they have no account.
        try (MattermostClient badToken = new MattermostClient(emulator.baseUri(), "revoked-admin-token-123",
                Duration.ofSeconds(5))) {
            MattermostAccounts accounts = new MattermostAccounts(badToken, vault, links, ExternalAccountMapping.NONE,
                    AccountSettings.of(true, true));

            assertEquals(Reason.MATTERMOST_REFUSED, reasonOf(() -> accounts.accountFor(
                    person("sub-carol", "carol@corp.example", "Carol", "", ""))));
        }
        assertTrue(client.findUserByEmail("carol@corp.example").isEmpty());
    }

    @Test
    void theRefusalNamesNoPassword() {
        EmulatorUser dave = emulator.createUser("dave", "dave@corp.example", "Dave-Passw0rd!");
        emulator.setUserActive(dave.id(), false);
        vault.store(dave.id(), Secret.of(leaks.register("Dave-Passw0rd!")));

        AccountUnavailableException e = assertThrows(AccountUnavailableException.class,
                () -> accounts(true, true).accountFor(person("sub-dave", "dave@corp.example", "", "", "")));

        assertFalse(e.getMessage().contains("Dave-Passw0rd!"));
        assertTrue(e.getMessage().contains("deactivated"), e.getMessage());
    }
}
