package io.ssogate.sso.web;

import io.ssogate.sso.testing.CapturedBody;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.config.TenantConfig;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.sso.session.GatewaySessions;
import io.ssogate.sso.session.SessionRepository;
import io.ssogate.sso.testing.SsoDatabases;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mockito.ArgumentCaptor;

/** How the identity step answers a request without a session, by what kind of request it is. */
class SignedInCheckTest {

    @TempDir
    Path temp;

    private GatewayDatabase database;
    private GatewaySessions sessions;
    private LiveConfig config;
    private SignedInCheck check;

    @BeforeEach
    void start() {
        database = SsoDatabases.h2(temp);
        OidcIdpConfig oidc = new OidcIdpConfig(URI.create("http://127.0.0.1:1/.well-known/openid-configuration"),
                "client", Secret.of("secret"), null, null, null);
        SsoConfig sso = new SsoConfig(List.of(new TenantConfig("corp", List.of("corp.example"), List.of(
                new IdpConfig("corp-oidc", null, IdpConfig.Protocol.OIDC, true, false, null, oidc, null)))),
                null, null, null, null);
        config = new LiveConfig(new GatewayConfig(ServerConfig.defaults(),
                ProxyConfig.of(URI.create("http://127.0.0.1:8065")), DatabaseConfig.embedded())
                .withSection(SsoSection.SECTION, sso));
        sessions = new GatewaySessions(new SessionRepository(database.dataSource()),
                () -> config.current().section(SsoSection.SECTION).session(), Clock.systemUTC());
        check = new SignedInCheck(new SsoEngine(config, null, sessions, request -> null), sessions);
    }

    @AfterEach
    void stop() {
        sessions.close();
        database.close();
    }

    @Test
    void aSignedOutPageLoadIsSentToSignInAndBackToTheSameUrl() throws Exception {
        Exchange exchange = new Exchange("GET", "/team/channels/town-square", "from=mail");

        check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertFalse(exchange.proceeded.get());
        verify(exchange.response).sendRedirect("/sso/login?redirect_to=%2Fteam%2Fchannels%2Ftown-square%3Ffrom%3Dmail");
    }

    @Test
    void aPageLoadRightAfterAMattermostLogoutShowsTheSignedOutPageNotASignInThatTheIdpWouldComplete()
            throws Exception {
        Exchange exchange = new Exchange("GET", "/login", "redirect_to=%2F");
        when(exchange.request.getCookies()).thenReturn(new Cookie[] {new Cookie(SignedOutMarker.NAME, "1")});

        check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertFalse(exchange.proceeded.get());
        verify(exchange.response).sendRedirect("/sso/signed-out");
    }

    @Test
    void anApiCallRightAfterAMattermostLogoutStillGets401() throws Exception {
        Exchange exchange = new Exchange("GET", "/api/v4/users/me", null);
        when(exchange.request.getCookies()).thenReturn(new Cookie[] {new Cookie(SignedOutMarker.NAME, "1")});

        check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        verify(exchange.response).setStatus(401);
        verify(exchange.response, never()).sendRedirect(org.mockito.ArgumentMatchers.anyString());
    }

    @Test
    void aSignedOutApiCallGets401JsonInMattermostsShapeNotARedirect() throws Exception {
        Exchange exchange = new Exchange("GET", "/api/v4/users/me", null);
        when(exchange.request.getHeader("X-Requested-With")).thenReturn("XMLHttpRequest");

        check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        verify(exchange.response).setStatus(401);
        verify(exchange.response, never()).sendRedirect(org.mockito.ArgumentMatchers.anyString());
        String body = exchange.body.toString(StandardCharsets.UTF_8);
        assertTrue(body.contains("\"status_code\":401") && body.contains("\"id\":\"api.context.session_expired.app_error\""), body);
    }

    @Test
    void aSignedOutWebSocketHandshakeGets401() throws Exception {
        Exchange exchange = new Exchange("GET", "/api/v4/websocket", null);
        when(exchange.request.getHeader("Upgrade")).thenReturn("websocket");

        check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        verify(exchange.response).setStatus(401);
        assertEquals(0, exchange.body.size());
        assertFalse(exchange.proceeded.get());
    }

    @Test
    void anHttp2UpgradeOfferIsAPageLoadNotAWebSocket() throws Exception {
        Exchange exchange = new Exchange("GET", "/", null);
        when(exchange.request.getHeader("Upgrade")).thenReturn("h2c");

        check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        verify(exchange.response).sendRedirect("/sso/login?redirect_to=%2F");
    }

    @Test
    void aSignedOutFormPostGets401RatherThanASignInThatWouldLoseItsBody() throws Exception {
        Exchange exchange = new Exchange("POST", "/team/messages", null);

        check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        verify(exchange.response).sendError(401);
    }

    @Test
    void signInEndpointsAndScimAreOpenWithoutASession() throws Exception {
        for (String path : List.of("/sso/login", "/sso/callback", "/sso/assets/signin.css", "/scim/v2/Users")) {
            Exchange exchange = new Exchange("GET", path, null);
            check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));
            assertTrue(exchange.proceeded.get(), path);
        }
    }

    @Test
    void aLookalikeOfAnOpenPathIsProtected() throws Exception {
        for (String path : List.of("/ssox", "/scim/v2x", "/api/sso/login")) {
            Exchange exchange = new Exchange("GET", path, null);
            check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));
            assertFalse(exchange.proceeded.get(), path);
        }
    }

    @Test
    void anOpenPathWithDotSegmentsIsJudgedByThePathTomcatServesNotTheRawUri() throws Exception {
        Exchange exchange = new Exchange("GET", "/sso/../api/v4/users/me", null);
        when(exchange.request.getServletPath()).thenReturn("/api/v4/users/me");

        check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertFalse(exchange.proceeded.get());
        verify(exchange.response).setStatus(401);
    }

    @Test
    void apiCallsWithATokenForMattermostToCheckGoOnWithoutASession() throws Exception {
        for (String authorization : List.of("Bearer abc", "bearer abc", "Token abc")) {
            Exchange exchange = new Exchange("GET", "/api/v4/users/me", null);
            when(exchange.request.getHeader("Authorization")).thenReturn(authorization);
            check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));
            assertTrue(exchange.proceeded.get(), authorization);
        }
        Exchange basic = new Exchange("GET", "/api/v4/users/me", null);
        when(basic.request.getHeader("Authorization")).thenReturn("Basic YTpi");
        check.handle(basic.request, basic.response, () -> basic.proceeded.set(true));
        assertFalse(basic.proceeded.get(), "only tokens Mattermost itself checks");
        Exchange page = new Exchange("GET", "/team/channels/town-square", null);
        when(page.request.getHeader("Authorization")).thenReturn("Bearer abc");
        check.handle(page.request, page.response, () -> page.proceeded.set(true));
        assertFalse(page.proceeded.get(), "a token opens the API, not the pages");
    }

    @Test
    void whatTheAppsAskBeforeSignInAndWebhooksGoOnWithoutASession() throws Exception {
        for (String[] request : List.of(new String[] {"GET", "/api/v4/system/ping"},
                new String[] {"GET", "/api/v4/config/client"}, new String[] {"GET", "/api/v4/license/client"},
                new String[] {"POST", "/api/v4/users/login"}, new String[] {"POST", "/hooks/abc123"})) {
            Exchange exchange = new Exchange(request[0], request[1], null);
            check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));
            assertTrue(exchange.proceeded.get(), String.join(" ", request));
        }
        for (String[] request : List.of(new String[] {"POST", "/api/v4/config/client"},
                new String[] {"GET", "/api/v4/users/login"}, new String[] {"POST", "/api/v4/users/logout"},
                new String[] {"GET", "/api/v4/users"})) {
            Exchange exchange = new Exchange(request[0], request[1], null);
            check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));
            assertFalse(exchange.proceeded.get(), String.join(" ", request));
        }
    }

    @Test
    void aLiveSessionGoesOnAndTheStepsAfterSeeIt() throws Exception {
        String token = sessions.create(new Identity("corp", "corp-oidc", "sub-1", "alice@corp.example", "Alice",
                "Example", null, "alice", List.of()), "sid-1", null);
        Exchange exchange = new Exchange("GET", "/", null);
        when(exchange.request.getCookies()).thenReturn(new Cookie[] {new Cookie("SSOGATE_SESSION", token)});

        check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertTrue(exchange.proceeded.get());
        ArgumentCaptor<Object> session = ArgumentCaptor.forClass(Object.class);
        verify(exchange.request).setAttribute(org.mockito.ArgumentMatchers.eq(SignInAttributes.SESSION), session.capture());
        assertEquals("alice@corp.example", ((GatewaySession) session.getValue()).identity().email());
    }

    @Test
    void aForgedOrRevokedCookieIsNoSession() throws Exception {
        String token = sessions.create(new Identity("corp", "corp-oidc", "sub-1", "alice@corp.example", null, null,
                null, null, List.of()), null, null);
        sessions.revoke(token);
        for (String cookie : List.of(token, "forged", token.substring(1) + "A")) {
            Exchange exchange = new Exchange("GET", "/", null);
            when(exchange.request.getCookies()).thenReturn(new Cookie[] {new Cookie("SSOGATE_SESSION", cookie)});
            check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));
            assertFalse(exchange.proceeded.get(), cookie);
        }
    }

    @Test
    void withoutTenantsSingleSignOnIsOffAndEveryRequestGoesOn() throws Exception {
        config.update(c -> c.withSection(SsoSection.SECTION, SsoConfig.disabled()));
        Exchange exchange = new Exchange("GET", "/api/v4/users/me", null);

        check.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertTrue(exchange.proceeded.get());
    }

    @Test
    void withAPreauthSecretWhatPassesWithoutASessionMustCarryIt() throws Exception {
        SignedInCheck withSecret = checkWith(login(Secret.of("preauth-secret-1"), Set.of()));
        for (String[] request : List.of(new String[] {"GET", "/api/v4/system/ping"},
                new String[] {"GET", "/api/v4/config/client"}, new String[] {"POST", "/api/v4/users/login"})) {
            for (String sent : new String[] {null, "wrong", "preauth-secret-1x"}) {
                Exchange exchange = new Exchange(request[0], request[1], null);
                when(exchange.request.getHeader(SignedInCheck.PREAUTH_HEADER)).thenReturn(sent);
                withSecret.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));
                assertFalse(exchange.proceeded.get(), request[1] + " with " + sent);
                verify(exchange.response).setHeader("X-Reject-Reason", "pre-auth");
                verify(exchange.response).sendError(403);
            }
            Exchange right = new Exchange(request[0], request[1], null);
            when(right.request.getHeader(SignedInCheck.PREAUTH_HEADER)).thenReturn("preauth-secret-1");
            withSecret.handle(right.request, right.response, () -> right.proceeded.set(true));
            assertTrue(right.proceeded.get(), request[1]);
        }
        Exchange token = new Exchange("GET", "/api/v4/users/me", null);
        when(token.request.getHeader("Authorization")).thenReturn("Bearer abc");
        withSecret.handle(token.request, token.response, () -> token.proceeded.set(true));
        assertFalse(token.proceeded.get(), "an app's token call without the secret");
    }

    @Test
    void thePreauthSecretLeavesSessionsWebhooksSignInAndScimAlone() throws Exception {
        SignedInCheck withSecret = checkWith(login(Secret.of("preauth-secret-1"), Set.of()));
        String token = sessions.create(new Identity("corp", "corp-oidc", "sub-1", "alice@corp.example", null, null,
                null, null, List.of()), null, null);
        Exchange signedIn = new Exchange("POST", "/api/v4/users/login", null);
        when(signedIn.request.getCookies()).thenReturn(new Cookie[] {new Cookie("SSOGATE_SESSION", token)});
        withSecret.handle(signedIn.request, signedIn.response, () -> signedIn.proceeded.set(true));
        assertTrue(signedIn.proceeded.get(), "a browser with a gateway session");
        for (String[] request : List.of(new String[] {"POST", "/hooks/abc123"}, new String[] {"GET", "/sso/login"},
                new String[] {"GET", "/scim/v2/Users"})) {
            Exchange exchange = new Exchange(request[0], request[1], null);
            withSecret.handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));
            assertTrue(exchange.proceeded.get(), request[1]);
        }
    }

    @Test
    void aBreakGlassBrowserReachesMattermostButOnlyWhileBreakGlassAccountsAreConfigured() throws Exception {
        Exchange local = new Exchange("GET", "/login", null);
        when(local.request.getCookies()).thenReturn(new Cookie[] {new Cookie(LocalSignInServlet.COOKIE, "1")});
        checkWith(login(null, Set.of("admin"))).handle(local.request, local.response, () -> local.proceeded.set(true));
        assertTrue(local.proceeded.get());

        Exchange none = new Exchange("GET", "/login", null);
        when(none.request.getCookies()).thenReturn(new Cookie[] {new Cookie(LocalSignInServlet.COOKIE, "1")});
        checkWith(login(null, Set.of())).handle(none.request, none.response, () -> none.proceeded.set(true));
        assertFalse(none.proceeded.get());
    }

    @Test
    void theBreakGlassCookieOpensNoWayAroundThePreauthSecret() throws Exception {
        Exchange exchange = new Exchange("POST", "/api/v4/users/login", null);
        when(exchange.request.getCookies()).thenReturn(new Cookie[] {new Cookie(LocalSignInServlet.COOKIE, "1")});

        checkWith(login(Secret.of("preauth-secret-1"), Set.of("admin")))
                .handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertFalse(exchange.proceeded.get());
        verify(exchange.response).sendError(403);
    }

    private SignedInCheck checkWith(LoginConfig login) {
        return new SignedInCheck(new SsoEngine(config, null, sessions, request -> null), sessions, () -> login);
    }

    private static LoginConfig login(Secret preauthSecret, Set<String> breakGlass) {
        return new LoginConfig(Secret.of("admin-token"), true, false, breakGlass,
                LoginConfig.DEFAULT_MAX_CONCURRENT_LOGINS, new LoginConfig.Mobile(true, null, null, preauthSecret));
    }

    /** A mocked request and response, with the response body captured. */
    private static final class Exchange {
        final HttpServletRequest request = mock(HttpServletRequest.class);
        final HttpServletResponse response = mock(HttpServletResponse.class);
        final CapturedBody body = new CapturedBody();
        final AtomicBoolean proceeded = new AtomicBoolean();

        Exchange(String method, String path, String query) throws Exception {
            when(request.getMethod()).thenReturn(method);
            when(request.getRequestURI()).thenReturn(path);
            when(request.getServletPath()).thenReturn(path);
            when(request.getContextPath()).thenReturn("");
            when(request.getQueryString()).thenReturn(query);
            when(response.getOutputStream()).thenReturn(body);
        }
    }
}
