package io.ssogate.sso.login;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssogate.core.mattermost.MattermostLogin;
import io.ssogate.proxy.hooks.UpstreamResponse;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.login.accounts.AccountUnavailableException;
import io.ssogate.sso.session.GatewaySession;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** When Mattermost refuses a signed-in person's session: which answers the gateway turns into a new login. */
class MattermostReloginTest {

    private static final GatewaySession SESSION = new GatewaySession("hash", new Identity("corp", "corp-oidc", "sub",
            "carol@corp.example", null, null, null, null, List.of()), null, null, Instant.EPOCH, Instant.EPOCH,
            Instant.MAX, null);

    private final MattermostSignIn signIn = mock(MattermostSignIn.class);
    private final MattermostRelogin relogin = new MattermostRelogin(signIn, request -> false);

    @Test
    void aReadMattermostRefusedIsSentRoundAgainWithANewSessionAndTheGuard() throws Exception {
        when(signIn.logIn(any(), any())).thenReturn(new MattermostLogin("token", "csrf", null, List.of(
                "MMAUTHTOKEN=token; Path=/; Max-Age=2592000; HttpOnly", "MMUSERID=u1; Path=/; Max-Age=2592000")));
        Upstream upstream = new Upstream("GET", "/api/v4/users/me", "page=0", 401);

        relogin.onUpstreamResponse(upstream.response);

        assertTrue(upstream.response.answered());
        verify(upstream.client).setStatus(307);
        verify(upstream.client).setHeader("Location", "/api/v4/users/me?page=0");
        verify(upstream.client).addHeader("Set-Cookie", "MMAUTHTOKEN=token; Path=/; Max-Age=2592000; HttpOnly");
        verify(upstream.client).addHeader("Set-Cookie", "MMUSERID=u1; Path=/; Max-Age=2592000");
        verify(upstream.client).addHeader("Set-Cookie", ReloginGuard.issue("", false));
    }

    @Test
    void aRefusalDespiteTheGuardGoesToTheBrowserAsItIs() throws Exception {
        Upstream upstream = new Upstream("GET", "/api/v4/users/me", null, 401);
        upstream.cookies(new Cookie(ReloginGuard.NAME, "1"));

        relogin.onUpstreamResponse(upstream.response);

        assertFalse(upstream.response.answered());
        verify(signIn, never()).logIn(any(), anyString());
    }

    @Test
    void aRefusedWriteGoesToTheBrowserAsItIs() throws Exception {
        for (String method : List.of("POST", "PUT", "DELETE")) {
            Upstream upstream = new Upstream(method, "/api/v4/posts", null, 401);
            relogin.onUpstreamResponse(upstream.response);
            assertFalse(upstream.response.answered(), method);
        }
        verify(signIn, never()).logIn(any(), any());
    }

    @Test
    void onlyMattermostsApiIsLoggedInAgainAndNeverForAWebSocket() throws Exception {
        Upstream page = new Upstream("GET", "/plugins/x", null, 401);
        relogin.onUpstreamResponse(page.response);
        assertFalse(page.response.answered());
        Upstream handshake = new Upstream("GET", "/api/v4/websocket", null, 401);
        UpstreamResponse refusedUpgrade = new UpstreamResponse(handshake.request, "r2", true, 401, new ArrayList<>(),
                InputStream::nullInputStream, handshake.client, () -> { });
        relogin.onUpstreamResponse(refusedUpgrade);
        assertFalse(refusedUpgrade.answered(), "a browser cannot follow a redirect from a WebSocket handshake");
        verify(signIn, never()).logIn(any(), any());
    }

    @Test
    void aLoginThatFailsLeavesMattermostsRefusalAsItIs() throws Exception {
        when(signIn.logIn(any(), any())).thenThrow(new AccountUnavailableException(
                AccountUnavailableException.Reason.DEACTIVATED, "deactivated"));
        Upstream upstream = new Upstream("GET", "/api/v4/users/me", null, 401);

        relogin.onUpstreamResponse(upstream.response);

        assertFalse(upstream.response.answered());
    }

    @Test
    void theFirstAnswerMattermostDoesNotRefuseRemovesTheGuard() throws Exception {
        Upstream upstream = new Upstream("GET", "/api/v4/users/me", null, 200);
        upstream.cookies(new Cookie(ReloginGuard.NAME, "1"));

        relogin.onUpstreamResponse(upstream.response);

        assertFalse(upstream.response.answered());
        assertEquals(List.of(ReloginGuard.clear("", false)), upstream.response.headers().all("Set-Cookie"));
    }

    @Test
    void withoutAGatewaySessionNothingHappens() throws Exception {
        Upstream upstream = new Upstream("GET", "/api/v4/users/me", null, 401);
        when(upstream.request.getAttribute(SignInAttributes.SESSION)).thenReturn(null);

        relogin.onUpstreamResponse(upstream.response);

        assertFalse(upstream.response.answered());
    }

    /** A proxied request of a signed-in person and Mattermost's answer to it. */
    private static final class Upstream {
        final HttpServletRequest request = mock(HttpServletRequest.class);
        final HttpServletResponse client = mock(HttpServletResponse.class);
        final UpstreamResponse response;

        Upstream(String method, String path, String query, int status) {
            when(request.getMethod()).thenReturn(method);
            when(request.getRequestURI()).thenReturn(path);
            when(request.getServletPath()).thenReturn(path);
            when(request.getContextPath()).thenReturn("");
            when(request.getQueryString()).thenReturn(query);
            when(request.getAttribute(SignInAttributes.SESSION)).thenReturn(SESSION);
            List<Map.Entry<String, String>> headers = new ArrayList<>();
            response = new UpstreamResponse(request, "r1", false, status, headers, InputStream::nullInputStream,
                    client, () -> { });
        }

        void cookies(Cookie... cookies) {
            when(request.getCookies()).thenReturn(cookies);
        }
    }
}
