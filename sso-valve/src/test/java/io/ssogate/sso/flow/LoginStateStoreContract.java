package io.ssogate.sso.flow;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.testkit.time.MutableClock;
import io.ssogate.sso.testing.TestWebContext;

import com.nimbusds.oauth2.sdk.id.State;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pac4j.core.context.Cookie;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * pac4j's sign-in state in the shared database: what one node stores at the start of a sign-in, the node
 * that receives the callback finds. {@link H2LoginStateStoreTest} and {@link PostgresLoginStateStoreTest}.
 */
abstract class LoginStateStoreContract {

    static final Instant T0 = Instant.parse("2030-01-02T03:04:05.123456Z");
    static final String STATE = "oidcStateAttempt";
    static final String REQUESTED_URL = "pac4jRequestedUrl";

    @TempDir
    Path dataDir;

    final MutableClock clock = new MutableClock(T0);
    private GatewayDatabase database;
    /** Two gateway nodes; the predicate stands for "the public URL is https". */
    private LoginStateStore nodeA;
    private LoginStateStore nodeB;

    abstract GatewayDatabase freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void twoNodesOnOneDatabase() throws Exception {
        database = freshDatabase(dataDir);
        nodeA = new LoginStateStore(new LoginStateRepository(database.dataSource()),
                web -> "https".equals(web.getScheme()), clock);
        nodeB = new LoginStateStore(new LoginStateRepository(database.dataSource()),
                web -> "https".equals(web.getScheme()), clock);
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void whatOneNodeSetsTheOtherGetsAndRemoves() {
        TestWebContext start = TestWebContext.fresh("https");
        nodeA.set(start, STATE, new State("state-7f3a"));
        nodeA.set(start, REQUESTED_URL, "/acme/channels/town-square");

        TestWebContext callback = start.next();
        assertEquals(Optional.of(new State("state-7f3a")), nodeB.get(callback, STATE));
        assertEquals(Optional.of("/acme/channels/town-square"), nodeB.get(callback, REQUESTED_URL));
        nodeB.set(callback, STATE, null);

        TestWebContext later = callback.next();
        assertEquals(Optional.empty(), nodeA.get(later, STATE), "removed on the other node");
        assertEquals(Optional.of("/acme/channels/town-square"), nodeA.get(later, REQUESTED_URL));
        assertEquals(List.of(), callback.responseCookies(), "a request that brings the cookie gets no new one");
    }

    @Test
    void aValueSetAgainReplacesTheOldOne() {
        TestWebContext start = TestWebContext.fresh("https");
        nodeA.set(start, REQUESTED_URL, "/first");
        nodeA.set(start.next(), REQUESTED_URL, "/second");

        assertEquals(Optional.of("/second"), nodeB.get(start.next(), REQUESTED_URL));
    }

    @Test
    void theCookieIsSetOncePerRequestHttpOnlyUnderSsoAndSecureWithSameSiteNoneOverHttps() {
        TestWebContext https = TestWebContext.fresh("https");
        nodeA.set(https, STATE, new State("s1"));
        nodeA.set(https, REQUESTED_URL, "/x");
        nodeA.getSessionId(https, true);

        List<Cookie> cookies = https.responseCookies();
        assertEquals(1, cookies.size(), "one cookie however many values the request stores");
        Cookie cookie = cookies.get(0);
        assertEquals(LoginStateStore.COOKIE_NAME, cookie.getName());
        assertTrue(cookie.isHttpOnly());
        assertEquals("/sso/", cookie.getPath());
        assertEquals(LoginStateStore.LIFETIME.toSeconds(), cookie.getMaxAge());
        // A SAML response is a cross-site POST: only SameSite=None brings the cookie along, and that needs Secure.
        assertTrue(cookie.isSecure());
        assertEquals("None", cookie.getSameSitePolicy());
    }

    @Test
    void overPlainHttpTheCookieIsNeitherSecureNorSameSiteNone() {
        // Browsers drop a Secure cookie set over http, and refuse SameSite=None without Secure.
        TestWebContext http = TestWebContext.fresh("http");
        nodeA.set(http, STATE, new State("s1"));

        Cookie cookie = http.responseCookies().get(0);
        assertFalse(cookie.isSecure());
        assertNull(cookie.getSameSitePolicy());
        assertTrue(cookie.isHttpOnly());
        assertEquals(Optional.of(new State("s1")), nodeB.get(http.next(), STATE));
    }

    @Test
    void withoutTheCookieThereIsNothingAndReadingMakesNoCookie() {
        TestWebContext stranger = TestWebContext.fresh("https");
        nodeA.set(TestWebContext.fresh("https"), STATE, new State("someone-else"));

        assertEquals(Optional.empty(), nodeB.get(stranger, STATE));
        assertEquals(Optional.empty(), nodeB.getSessionId(stranger, false));
        nodeB.set(stranger, STATE, null);
        assertEquals(List.of(), stranger.responseCookies());
    }

    @Test
    void aForgedCookieValueFindsNothing() {
        TestWebContext forged = TestWebContext.withCookies("https",
                List.of(new Cookie(LoginStateStore.COOKIE_NAME, "' OR 1=1 --")));

        assertEquals(Optional.empty(), nodeA.get(forged, STATE));
        assertEquals(Optional.empty(), nodeA.getSessionId(forged, false));
    }

    @Test
    void anExpiredEntryIsNotReturned() {
        TestWebContext start = TestWebContext.fresh("https");
        nodeA.set(start, STATE, new State("s1"));

        clock.advance(LoginStateStore.LIFETIME.minusSeconds(1));
        assertEquals(Optional.of(new State("s1")), nodeB.get(start.next(), STATE));
        clock.advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), nodeB.get(start.next(), STATE), "a sign-in left for 15 minutes is over");
    }

    @Test
    void destroyingTheSessionRemovesEverythingAndClearsTheCookie() throws Exception {
        TestWebContext start = TestWebContext.fresh("https");
        nodeA.set(start, STATE, new State("s1"));
        nodeA.set(start, REQUESTED_URL, "/x");
        TestWebContext callback = start.next();

        assertTrue(nodeB.destroySession(callback));

        Cookie cleared = callback.responseCookies().get(0);
        assertEquals(LoginStateStore.COOKIE_NAME, cleared.getName());
        assertEquals(0, cleared.getMaxAge());
        assertEquals("/sso/", cleared.getPath(), "the clearing cookie must match the path it was set on");
        // Even a copy of the old cookie (sent again, or stolen) finds nothing now.
        TestWebContext replay = TestWebContext.withCookies("https", start.next().getRequestCookies().stream().toList());
        assertEquals(Optional.empty(), nodeA.get(replay, STATE));
        assertEquals(Optional.empty(), nodeA.get(replay, REQUESTED_URL));
        assertEquals(0, rows());
    }

    private long rows() throws Exception {
        try (Connection c = database.dataSource().getConnection(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM sso_login_state")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
