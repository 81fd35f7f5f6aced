package io.ssogate.scim.auth;

import io.ssogate.core.accounts.Tenant;
import io.ssogate.core.accounts.TenantDirectory;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.testkit.logs.SecretLeakCheck;
import io.ssogate.testkit.time.MutableClock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

import java.lang.reflect.Proxy;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SCIM bearer tokens: issued once and stored only as a hash, each naming its own tenant and no other,
 * refused once revoked (on every gateway within the cache time), when wrong, when malformed, and when their
 * tenant is gone from the configuration; a busy token costs the database little.
 * {@link H2ScimTokensTest} and {@link PostgresScimTokensTest}.
 */
abstract class ScimTokensContract {

    /** Every token issued by a test is registered: none may appear in a log line or on stdout/stderr. */
    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck();

    static final Instant START = Instant.parse("2030-01-02T03:04:05.123456Z");

    @TempDir
    Path dataDir;

    private GatewayDatabase database;
    private final MutableClock clock = new MutableClock(START);
    private final AtomicReference<List<Tenant>> configured = new AtomicReference<>(List.of(
            new Tenant("acme", List.of("acme.example")), new Tenant("globex", List.of("globex.example"))));
    private final TenantDirectory tenants = () -> configured.get();
    private ScimTokens tokens;

    abstract GatewayDatabase freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void database() throws Exception {
        database = freshDatabase(dataDir);
        tokens = new ScimTokens(database.dataSource(), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    private String issue(String tenant, String label) {
        return LEAKS.register(tokens.create(tenant, label).token().reveal());
    }

    private ScimTokenAuthenticator authenticator(Duration cacheFor) {
        return new ScimTokenAuthenticator(tokens, () -> tenants, cacheFor);
    }

    private static String bearer(String token) {
        return "Bearer " + token;
    }

    // --- issuing and storing ----------------------------------------------------------------------------

    @Test
    void anIssuedTokenHasTheDocumentedShapeAndAuthenticatesAsItsTenant() {
        IssuedToken issued = tokens.create("acme", "Entra ID");
        String token = LEAKS.register(issued.token().reveal());

        assertTrue(token.matches("scim_[A-Za-z0-9_-]{43}"), "scim_ and 32 random bytes, base64url");
        assertEquals(Optional.of("acme"), authenticator(Duration.ZERO).tenantOf(bearer(token)));
        assertEquals(new ScimToken(issued.id(), "acme", "Entra ID", START, null, null), issued.info());
        assertFalse(issued.toString().contains(token), "the issued token prints without its text");
        assertNotEquals(token, issue("acme", null), "every token is new");
    }

    @Test
    void aTokenIsHashedAtRestItsTextAppearsNowhereInTheTable() throws SQLException {
        String token = issue("acme", "Okta");

        List<String> values = allValuesOfTheTokenTable();

        String joined = String.join(" ", values);
        assertFalse(joined.contains(token), "token in clear in scim_token");
        assertFalse(joined.contains(token.substring(TokenHash.PREFIX.length())), "the token's random part in scim_token");
        assertTrue(values.contains(TokenHash.of(token)), "its SHA-256, in hex, is what is kept: " + values);
        assertEquals(64, TokenHash.of(token).length());
    }

    @Test
    void listShowsEveryTokenOfTheTenantOnlyWithUseAndRevocationAndNeverTheHash() {
        String first = issue("acme", "Entra ID");
        clock.advance(Duration.ofSeconds(10));
        issue("acme", "  ");
        issue("globex", "Okta");
        String firstId = tokens.list("acme").get(0).id();
        authenticator(Duration.ZERO).tenantOf(bearer(first));
        clock.advance(Duration.ofSeconds(10));
        assertTrue(tokens.revoke(firstId));

        List<ScimToken> acme = tokens.list("acme");

        assertEquals(2, acme.size(), acme::toString);
        assertEquals(new ScimToken(firstId, "acme", "Entra ID", START, START.plusSeconds(10),
                START.plusSeconds(20)), acme.get(0));
        assertTrue(acme.get(0).revoked());
        assertNull(acme.get(1).label(), "a blank label is none");
        assertNull(acme.get(1).lastUsedAt());
        assertFalse(acme.get(1).revoked());
        assertEquals(List.of("globex"), tokens.list("globex").stream().map(ScimToken::tenant).toList());
        assertEquals(List.of(), tokens.list("initech"));
        assertEquals(Optional.of(acme.get(0)), tokens.find(firstId));
    }

    @Test
    void aBadTenantOrLabelIsRefusedBeforeTheDatabase() {
        for (String bad : new String[] {null, "", "  ", " acme", "x".repeat(65)}) {
            assertThrows(IllegalArgumentException.class, () -> tokens.create(bad, null), String.valueOf(bad));
        }
        assertThrows(IllegalArgumentException.class, () -> tokens.create("acme", "x".repeat(201)));
        assertThrows(IllegalArgumentException.class, () -> tokens.create("acme", "two\nlines"),
                "a label is one line, as list shows it");
    }

    // --- refusing -----------------------------------------------------------------------------------------

    @Test
    void aRevokedTokenIsRefusedAndRevokingAgainSaysSo() {
        String token = issue("acme", null);
        String id = tokens.list("acme").get(0).id();
        ScimTokenAuthenticator authenticator = authenticator(Duration.ZERO);
        assertEquals(Optional.of("acme"), authenticator.tenantOf(bearer(token)));

        assertTrue(tokens.revoke(id));

        assertEquals(Optional.empty(), authenticator.tenantOf(bearer(token)));
        assertFalse(tokens.revoke(id), "a revoked token is not revoked twice");
        assertEquals(START, tokens.find(id).orElseThrow().revokedAt(), "the first revocation's time stays");
        assertFalse(tokens.revoke("00000000-0000-0000-0000-000000000000"), "an unknown id revokes nothing");
    }

    @Test
    void aRevocationReachesAGatewayThatCachedTheTokenWithinTheCacheTime() {
        String token = issue("acme", null);
        ScimTokenAuthenticator otherGateway = authenticator(Duration.ofSeconds(5));
        assertEquals(Optional.of("acme"), otherGateway.tenantOf(bearer(token)));

        tokens.revoke(tokens.list("acme").get(0).id());

        clock.advance(Duration.ofSeconds(5));
        assertEquals(Optional.empty(), otherGateway.tenantOf(bearer(token)), "5 s later the revocation holds");
    }

    @Test
    void aWrongTokenIsRefused() {
        String token = issue("acme", null);
        ScimTokenAuthenticator authenticator = authenticator(Duration.ofSeconds(5));
        char last = token.charAt(token.length() - 1);
        String oneCharacterOff = token.substring(0, token.length() - 1) + (last == 'A' ? 'B' : 'A');

        assertEquals(Optional.empty(), authenticator.tenantOf(bearer(oneCharacterOff)));
        assertEquals(Optional.empty(), authenticator.tenantOf(bearer(TokenHash.newToken())));
        assertEquals(Optional.empty(), authenticator.tenantOf(bearer(TokenHash.of(token))),
                "the stored hash is no token");
        assertEquals(Optional.empty(), authenticator.tenantOf(bearer(token.toUpperCase())), "tokens are case-exact");
    }

    @Test
    void eachTenantsTokenReturnsItsOwnTenantOnly() {
        String acme = issue("acme", null);
        String globex = issue("globex", null);
        ScimTokenAuthenticator authenticator = authenticator(Duration.ofSeconds(5));

        assertEquals(Optional.of("acme"), authenticator.tenantOf(bearer(acme)));
        assertEquals(Optional.of("globex"), authenticator.tenantOf(bearer(globex)));
        assertEquals(Optional.of("acme"), authenticator.tenantOf(bearer(acme)), "from the cache, still acme");
    }

    @Test
    void aTokenOfATenantNoLongerConfiguredIsRefusedAndWorksAgainWhenTheTenantIsBack() {
        String token = issue("globex", null);
        ScimTokenAuthenticator authenticator = authenticator(Duration.ofSeconds(5));
        List<Tenant> before = configured.get();
        assertEquals(Optional.of("globex"), authenticator.tenantOf(bearer(token)));

        configured.set(List.of(new Tenant("acme", List.of("acme.example"))));
        assertEquals(Optional.empty(), authenticator.tenantOf(bearer(token)), "at once, cache or not");

        configured.set(before);
        assertEquals(Optional.of("globex"), authenticator.tenantOf(bearer(token)));
    }

    @Test
    void malformedHeadersAreRefused() {
        String token = issue("acme", null);
        ScimTokenAuthenticator authenticator = authenticator(Duration.ZERO);

        List<String> malformed = new ArrayList<>(List.of("", " ", "Bearer", "Bearer ", "Bearer" + token,
                "Basic " + token, "Token " + token, "Bearer " + token + " extra", "Bearer " + token + "x",
                "Bearer " + token.substring(0, token.length() - 1), "Bearer scim_" + "\u00e9".repeat(43),
                "Bearer " + token.substring(TokenHash.PREFIX.length()), "Bearer\t" + token,
                "Bearer " + token + "," + token, "Bearer " + " ".repeat(300) + token));
        malformed.add(null);
        for (String header : malformed) {
            assertEquals(Optional.empty(), authenticator.tenantOf(header), "refused: " + header);
        }
        for (String header : List.of("bearer " + token, "BEARER " + token, "Bearer  " + token, "Bearer " + token + " ")) {
            assertEquals(Optional.of("acme"), authenticator.tenantOf(header), "the scheme in any case: " + header);
        }
    }

    // --- cost ---------------------------------------------------------------------------------------------

    @Test
    void aBusyTokenCostsOneLookupPerCacheTimeAndItsUseIsWrittenAtMostOnceAMinute() throws SQLException {
        String token = issue("acme", null);
        String id = tokens.list("acme").get(0).id();
        List<String> statements = new CopyOnWriteArrayList<>();
        ScimTokens counted = new ScimTokens(counting(database.dataSource(), statements), clock);
        ScimTokenAuthenticator authenticator = new ScimTokenAuthenticator(counted, () -> tenants, Duration.ofSeconds(5));

        for (int second = 0; second < 70; second++) {
            for (int request = 0; request < 10; request++) {
                assertEquals(Optional.of("acme"), authenticator.tenantOf(bearer(token)));
            }
            clock.advance(Duration.ofSeconds(1));
        }

        long lookups = statements.stream().filter(s -> s.startsWith("SELECT")).count();
        List<String> writes = statements.stream().filter(s -> s.startsWith("UPDATE")).toList();
        assertEquals(14, lookups, "700 requests over 70 s: one lookup per 5 s");
        assertEquals(2, writes.size(), "one use recorded at the start, one a minute later: " + writes);
        assertEquals(START.plusSeconds(60), tokens.find(id).orElseThrow().lastUsedAt());
    }

    @Test
    void twoGatewaysSeeingATokenInTheSameMinuteRecordItsUseOnce() {
        String token = issue("acme", null);
        String id = tokens.list("acme").get(0).id();
        authenticator(Duration.ZERO).tenantOf(bearer(token));
        clock.advance(Duration.ofSeconds(30));

        authenticator(Duration.ZERO).tenantOf(bearer(token));

        assertEquals(START, tokens.find(id).orElseThrow().lastUsedAt(), "the second gateway's write changed nothing");
    }

    // --- helpers ------------------------------------------------------------------------------------------

    private List<String> allValuesOfTheTokenTable() throws SQLException {
        List<String> values = new ArrayList<>();
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement select = c.prepareStatement("SELECT * FROM scim_token");
             ResultSet rs = select.executeQuery()) {
            ResultSetMetaData meta = rs.getMetaData();
            while (rs.next()) {
                for (int i = 1; i <= meta.getColumnCount(); i++) {
                    values.add(String.valueOf(rs.getObject(i)));
                }
            }
        }
        return values;
    }

    /** {@code dataSource}, noting the first word and table of every statement prepared through it. */
    private static DataSource counting(DataSource dataSource, List<String> statements) {
        return (DataSource) Proxy.newProxyInstance(ScimTokensContract.class.getClassLoader(),
                new Class<?>[] {DataSource.class}, (proxy, method, args) -> {
                    Object result = method.invoke(dataSource, args);
                    if (!method.getName().equals("getConnection")) {
                        return result;
                    }
                    Connection connection = (Connection) result;
                    return Proxy.newProxyInstance(ScimTokensContract.class.getClassLoader(),
                            new Class<?>[] {Connection.class}, (p, m, a) -> {
                                if (m.getName().equals("prepareStatement")) {
                                    statements.add(((String) a[0]).strip());
                                }
                                return m.invoke(connection, a);
                            });
                });
    }

}
