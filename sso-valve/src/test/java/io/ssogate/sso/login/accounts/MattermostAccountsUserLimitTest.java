package io.ssogate.sso.login.accounts;

import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.core.mattermost.PasswordGenerator;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.login.accounts.AccountUnavailableException.Reason;
import io.ssogate.sso.testing.SsoDatabases;
import io.ssogate.testkit.logs.SecretLeakCheck;
import io.ssogate.testkit.time.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Mattermost at its user limit (the free edition's hard limit, Mattermost's
 * {@code api.user.create_user.user_limits.exceeded}, 400). The emulator has no user limit, so a small
 * server answers as Mattermost does there: unknown email and username, and the refusal on create.
 */
class MattermostAccountsUserLimitTest {

    private static final String ADMIN_TOKEN = "user-limit-admin-token";

    @RegisterExtension
    final SecretLeakCheck leaks = new SecretLeakCheck(ADMIN_TOKEN);

    @TempDir
    Path dataDir;

    private final AtomicInteger creates = new AtomicInteger();
    private final MutableClock clock = new MutableClock(Instant.parse("2030-01-02T03:04:05Z"));
    private HttpServer mattermost;
    private MattermostClient client;
    private GatewayDatabase database;
    private ListAppender<ILoggingEvent> audit;
    private MattermostAccounts accounts;

    @BeforeEach
    void start() throws IOException {
        mattermost = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        mattermost.createContext("/api/v4/users", exchange -> {
            exchange.getRequestBody().readAllBytes();
            if ("POST".equals(exchange.getRequestMethod()) && exchange.getRequestURI().getPath().equals("/api/v4/users")) {
                creates.incrementAndGet();
                answer(exchange, 400, "{\"id\":\"api.user.create_user.user_limits.exceeded\",\"message\":\"User limit"
                        + " exceeded.\",\"detailed_error\":\"\",\"request_id\":\"r1\",\"status_code\":400}");
            } else {
                answer(exchange, 404, "{\"id\":\"app.user.missing_account.const\",\"message\":\"Unable to find the"
                        + " user.\",\"detailed_error\":\"\",\"request_id\":\"r2\",\"status_code\":404}");
            }
        });
        mattermost.start();
        client = new MattermostClient(URI.create("http://127.0.0.1:" + mattermost.getAddress().getPort()),
                ADMIN_TOKEN, Duration.ofSeconds(5));
        database = SsoDatabases.h2(dataDir);
        audit = new ListAppender<>();
        audit.start();
        ((Logger) LoggerFactory.getLogger("io.ssogate.audit")).addAppender(audit);
        accounts = new MattermostAccounts(client, new InMemoryVault(leaks::register),
                new AccountLinks(database.dataSource(), clock), ExternalAccountMapping.NONE,
                AccountSettings.of(true, false), new PasswordGenerator(), clock, ProvisioningObserver.NONE);
    }

    @AfterEach
    void stop() {
        ((Logger) LoggerFactory.getLogger("io.ssogate.audit")).detachAppender(audit);
        client.close();
        mattermost.stop(0);
        database.close();
    }

    private static void answer(HttpExchange exchange, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    private static Identity person(int n) {
        return new Identity("corp", "entra", "sub-" + n, "person" + n + "@corp.example", "", "", null, "", List.of());
    }

    private Reason reasonFor(Identity identity) {
        return assertThrows(AccountUnavailableException.class, () -> accounts.accountFor(identity)).reason();
    }

    @Test
    void theUserLimitIsUserLimitWithAnAuditLine() {
        assertEquals(Reason.USER_LIMIT, reasonFor(person(1)));

        assertEquals(1, creates.get(), "asked once, no retry");
        assertTrue(audit.list.stream().anyMatch(e -> e.getFormattedMessage().contains("USER_LIMIT")
                && e.getFormattedMessage().contains("person1@corp.example")
                && e.getFormattedMessage().contains("user_limits.exceeded")), audit.list.toString());
    }

    @Test
    void afterTheLimitSignInsAreRefusedWithoutAskingMattermostUntilTheBackoffEnds() {
        reasonFor(person(1));

        for (int n = 2; n <= 20; n++) {
            assertEquals(Reason.USER_LIMIT, reasonFor(person(n)));
        }
        assertEquals(1, creates.get(), "a crowd signing in at the limit is no storm of creates");

        clock.advance(AccountSettings.DEFAULT_USER_LIMIT_BACKOFF);
        assertEquals(Reason.USER_LIMIT, reasonFor(person(21)));
        assertEquals(2, creates.get(), "after the back-off Mattermost is asked again: an admin may have made room");
    }
}
