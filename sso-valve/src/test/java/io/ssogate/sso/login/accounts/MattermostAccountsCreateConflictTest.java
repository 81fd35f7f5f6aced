package io.ssogate.sso.login.accounts;

import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.core.mattermost.UsernameRules;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.ssogate.core.config.Secret;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.login.accounts.AccountUnavailableException.Reason;
import io.ssogate.sso.testing.SsoDatabases;
import io.ssogate.testkit.logs.SecretLeakCheck;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Someone else (an admin, SCIM, another Mattermost client) creating a user between the gateway's look and
 * its create. The emulator cannot be made to do that at the right moment, so a small server plays a
 * Mattermost whose create answers what the real one does then: {@code username_exists} or
 * {@code email_exists} (400, API notes §7).
 */
class MattermostAccountsCreateConflictTest {

    private static final String ADMIN_TOKEN = "create-conflict-admin-token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Identity CAROL = new Identity("corp", "entra", "sub-carol", "carol@corp.example", "Carol",
            "", null, "", List.of());

    @RegisterExtension
    final SecretLeakCheck leaks = new SecretLeakCheck(ADMIN_TOKEN);

    @TempDir
    Path dataDir;

    /** Users by username, as the server has them; each a user JSON object. */
    private final Map<String, Map<String, Object>> users = new ConcurrentHashMap<>();
    /** What the next creates answer before any succeeds: error ids, used up in order. */
    private final List<String> createRefusals = new CopyOnWriteArrayList<>();
    /** Users someone else creates just as the gateway's create is refused. */
    private final List<Map<String, Object>> createdMeanwhile = new CopyOnWriteArrayList<>();
    private final List<String> postedUsernames = new CopyOnWriteArrayList<>();
    private HttpServer mattermost;
    private MattermostClient client;
    private GatewayDatabase database;
    private InMemoryVault vault;

    @BeforeEach
    void start() throws IOException {
        mattermost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mattermost.createContext("/api/v4/users", this::serve);
        mattermost.start();
        client = new MattermostClient(URI.create("http://127.0.0.1:" + mattermost.getAddress().getPort()),
                ADMIN_TOKEN, Duration.ofSeconds(5));
        database = SsoDatabases.h2(dataDir);
        vault = new InMemoryVault(leaks::register);
    }

    @AfterEach
    void stop() {
        client.close();
        mattermost.stop(0);
        database.close();
    }

    private MattermostAccounts accounts() {
        return new MattermostAccounts(client, vault, new AccountLinks(database.dataSource(), Clock.systemUTC()),
                ExternalAccountMapping.NONE, AccountSettings.of(true, false));
    }

    private static Map<String, Object> user(String id, String username, String email) {
        return Map.of("id", id, "username", username, "email", email, "auth_service", "", "delete_at", 0,
                "roles", "system_user");
    }

    private void serve(HttpExchange exchange) throws IOException {
        byte[] body = exchange.getRequestBody().readAllBytes();
        String path = exchange.getRequestURI().getRawPath();
        if ("POST".equals(exchange.getRequestMethod()) && path.equals("/api/v4/users")) {
            @SuppressWarnings("unchecked")
            Map<String, Object> posted = JSON.readValue(body, Map.class);
            postedUsernames.add((String) posted.get("username"));
            if (!createRefusals.isEmpty()) {
                String refusal = createRefusals.remove(0);
                createdMeanwhile.forEach(u -> users.put((String) u.get("username"), u));
                answer(exchange, 400, Map.of("id", refusal, "message", "exists", "status_code", 400));
                return;
            }
            Map<String, Object> created = user("new-user-id", (String) posted.get("username"),
                    (String) posted.get("email"));
            users.put((String) created.get("username"), created);
            answer(exchange, 201, created);
            return;
        }
        Optional<Map<String, Object>> found = Optional.empty();
        if (path.startsWith("/api/v4/users/username/")) {
            found = Optional.ofNullable(users.get(decode(path.substring("/api/v4/users/username/".length()))));
        } else if (path.startsWith("/api/v4/users/email/")) {
            String email = decode(path.substring("/api/v4/users/email/".length()));
            found = users.values().stream().filter(u -> email.equals(u.get("email"))).findFirst();
        }
        if (found.isPresent()) {
            answer(exchange, 200, found.get());
        } else {
            answer(exchange, 404, Map.of("id", "app.user.missing_account.const", "message", "not found",
                    "status_code", 404));
        }
    }

    private static String decode(String segment) {
        return URLDecoder.decode(segment, StandardCharsets.UTF_8);
    }

    private static void answer(HttpExchange exchange, int status, Object json) throws IOException {
        byte[] body = JSON.writeValueAsBytes(json);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    @Test
    void aUsernameTakenMeanwhileIsChosenAgainAgainstTheNamesAsTheyAreNow() {
        createRefusals.add("app.user.save.username_exists.app_error");
        createdMeanwhile.add(user("someone-else", "carol", "carol@elsewhere.example"));

        String id = accounts().accountFor(CAROL);

        assertEquals("new-user-id", id);
        String suffixed = UsernameRules.choose(CAROL, Set.of("carol")::contains).orElseThrow();
        assertEquals(List.of("carol", suffixed), postedUsernames);
        assertEquals(1, vault.stores(), "only the created account's password is kept");
    }

    @Test
    void usernamesTakenOnEveryAttemptStopAfterABoundedNumber() {
        for (int i = 0; i < 10; i++) {
            createRefusals.add("app.user.save.username_exists.app_error");
        }

        assertEquals(Reason.MATTERMOST_REFUSED,
                assertThrows(AccountUnavailableException.class, () -> accounts().accountFor(CAROL)).reason());
        assertEquals(3, postedUsernames.size(), "a few attempts, not a loop");
        assertEquals(0, vault.stores());
    }

    @Test
    void anEmailTakenMeanwhileIsTheAccountFoundByEmail() {
        createRefusals.add("app.user.save.email_exists.app_error");
        createdMeanwhile.add(user("made-by-scim", "carol.c", "carol@corp.example"));
        vault.store("made-by-scim", Secret.of(leaks.register("scim-made-password-1")));

        String id = accounts().accountFor(CAROL);

        assertEquals("made-by-scim", id, "linked to the account made meanwhile, not a second one");
        assertEquals(List.of("carol"), postedUsernames);
    }

    @Test
    void anEmailTakenMeanwhileByAnAccountWeCannotUseIsNotManaged() {
        createRefusals.add("app.user.save.email_exists.app_error");
        createdMeanwhile.add(user("made-by-admin", "carol.c", "carol@corp.example"));

        assertEquals(Reason.NOT_MANAGED,
                assertThrows(AccountUnavailableException.class, () -> accounts().accountFor(CAROL)).reason());
        assertEquals(0, vault.stores(), "the created-and-refused password is not kept");
    }
}
