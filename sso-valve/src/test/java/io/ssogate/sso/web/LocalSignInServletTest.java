package io.ssogate.sso.web;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssogate.core.config.Secret;
import io.ssogate.sso.login.config.LoginConfig;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;

/** The break-glass way to Mattermost's login form: there only while break-glass accounts are configured. */
class LocalSignInServletTest {

    private final AtomicReference<LoginConfig> login = new AtomicReference<>(login(Set.of("admin")));
    private final HttpServletRequest request = mock(HttpServletRequest.class);
    private final HttpServletResponse response = mock(HttpServletResponse.class);

    @Test
    void setsASessionCookieForTheWholeSiteAndSendsTheBrowserToMattermostsLoginForm() throws Exception {
        when(request.getContextPath()).thenReturn("");

        new LocalSignInServlet(login::get, r -> true).doGet(request, response);

        ArgumentCaptor<String> cookie = ArgumentCaptor.forClass(String.class);
        verify(response).addHeader(org.mockito.ArgumentMatchers.eq("Set-Cookie"), cookie.capture());
        assertEquals("SSOGATE_LOCAL=1; Path=/; HttpOnly; SameSite=Lax; Secure", cookie.getValue());
        assertFalse(cookie.getValue().contains("Max-Age") || cookie.getValue().contains("Expires"), "a session cookie");
        verify(response).sendRedirect("/login");
    }

    @Test
    void withoutBreakGlassAccountsOrWithTheLoginOffThereIsNoSuchPage() throws Exception {
        for (LoginConfig config : new LoginConfig[] {login(Set.of()), LoginConfig.OFF}) {
            login.set(config);
            HttpServletResponse answer = mock(HttpServletResponse.class);

            new LocalSignInServlet(login::get, r -> false).doGet(request, answer);

            verify(answer).sendError(404);
            verify(answer, never()).addHeader(anyString(), anyString());
            assertFalse(LocalSignInServlet.offered(login::get).getAsBoolean(), "no administrator link either");
        }
        login.set(login(Set.of("admin")));
        assertTrue(LocalSignInServlet.offered(login::get).getAsBoolean());
    }

    private static LoginConfig login(Set<String> breakGlass) {
        return new LoginConfig(Secret.of("admin-token"), true, false, breakGlass,
                LoginConfig.DEFAULT_MAX_CONCURRENT_LOGINS, null);
    }
}
