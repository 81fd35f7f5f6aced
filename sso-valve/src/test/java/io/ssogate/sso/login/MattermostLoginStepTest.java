package io.ssogate.sso.login;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.sso.login.accounts.AccountUnavailableException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.ssogate.core.config.Secret;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.sso.flow.SignInAttributes;
import io.ssogate.sso.identity.Identity;
import io.ssogate.sso.session.GatewaySession;
import io.ssogate.testkit.emulator.EmulatorUser;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.logs.SecretLeakCheck;

import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Logging a signed-in person into Mattermost (the emulator, over HTTP) with the vaulted password. */
class MattermostLoginStepTest {

    private static final String CAROL_PASSWORD = "vaulted-Passw0rd!-carol-0123456789abcdef";

    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(CAROL_PASSWORD);

    private MattermostEmulator mattermost;
    private MattermostClient client;
    private EmulatorUser carol;
    private EmulatorUser dave;
    private final Map<String, Secret> vault = new ConcurrentHashMap<>();
    private final AtomicReference<AccountUnavailableException.Reason> refused = new AtomicReference<>();

    @BeforeEach
    void start() {
        mattermost = MattermostEmulator.builder().port(0).build().start();
        carol = mattermost.createUser("carol", "carol@corp.example", CAROL_PASSWORD);
        dave = mattermost.createUser("dave", "dave@corp.example", "dave-Passw0rd!-0123456789abcdefgh");
        client = new MattermostClient(mattermost.baseUri(), mattermost.adminToken(), Duration.ofSeconds(5));
        vault.put(carol.id(), Secret.of(CAROL_PASSWORD));
    }

    @AfterEach
    void stop() {
        client.close();
        mattermost.close();
    }

    @Test
    void aSignedInPersonWithoutMattermostCookiesIsLoggedInAndSentToTheSameUrl() throws Exception {
        Exchange exchange = new Exchange("GET", "/corp/channels/town-square", "view=1");

        step(false).handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertFalse(exchange.proceeded.get(), "the browser goes round again, now with the cookies");
        assertEquals(302, exchange.status);
        assertEquals("/corp/channels/town-square?view=1", exchange.location);
        assertTrue(exchange.cookie(MattermostCookies.AUTH_TOKEN).contains("HttpOnly"), exchange.setCookies.toString());
        assertTrue(exchange.cookie(MattermostCookies.USER_ID).startsWith("MMUSERID=" + carol.id() + ";"));
        assertTrue(exchange.cookie(MattermostCookies.CSRF).startsWith("MMCSRF="));
        assertTrue(exchange.setCookies.stream().noneMatch(c -> c.toLowerCase().contains("domain=")));
        assertTrue(exchange.setCookies.stream().noneMatch(c -> c.contains("Secure")), "plain http public URL");
    }

    @Test
    void overHttpsTheCookiesAreSecure() throws Exception {
        Exchange exchange = new Exchange("GET", "/", null);

        step(true).handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertTrue(exchange.setCookies.stream().allMatch(c -> c.endsWith("; Secure")), exchange.setCookies.toString());
    }

    @Test
    void theWebAppsLogoutGoesOnWithoutCookiesThatWouldMakeAForcedLogoutAReadOne() throws Exception {
        Exchange exchange = new Exchange("POST", "/api/v4/users/logout", null);

        step(false).handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertTrue(exchange.proceeded.get());
        assertTrue(exchange.setCookies.isEmpty());
    }

    @Test
    void aPostIsRepeatedWithItsBodyAfterTheLogin() throws Exception {
        Exchange exchange = new Exchange("POST", "/api/v4/posts", null);

        step(false).handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertEquals(307, exchange.status);
    }

    @Test
    void thePersonsOwnMattermostCookiesGoOnToMattermost() throws Exception {
        Exchange exchange = new Exchange("GET", "/", null);
        exchange.cookies(new Cookie("MMUSERID", carol.id()), new Cookie("MMAUTHTOKEN", "some-token"));

        step(false).handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertTrue(exchange.proceeded.get());
        assertTrue(exchange.setCookies.isEmpty());
    }

    @Test
    void anotherUsersMattermostCookiesAreReplacedByThePersonsOwn() throws Exception {
        Exchange exchange = new Exchange("GET", "/", null);
        exchange.cookies(new Cookie("MMUSERID", dave.id()), new Cookie("MMAUTHTOKEN", "daves-token"));

        step(false).handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertFalse(exchange.proceeded.get());
        assertTrue(exchange.cookie(MattermostCookies.USER_ID).startsWith("MMUSERID=" + carol.id() + ";"));
    }

    @Test
    void noVaultedPasswordGetsTheFailureAnswerNotARedirect() throws Exception {
        vault.clear();
        Exchange exchange = new Exchange("GET", "/", null);

        step(false).handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertEquals(AccountUnavailableException.Reason.NOT_MANAGED, refused.get());
        assertEquals(null, exchange.location);
        assertTrue(exchange.setCookies.isEmpty());
    }

    @Test
    void aVaultedPasswordMattermostRefusesGetsTheFailureAnswer() throws Exception {
        vault.put(carol.id(), Secret.of("not-carols-password-0123456789abcdefgh"));
        Exchange exchange = new Exchange("GET", "/", null);

        step(false).handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertEquals(AccountUnavailableException.Reason.LOGIN_REFUSED, refused.get());
        assertTrue(exchange.setCookies.isEmpty());
    }

    @Test
    void aRequestWithoutAGatewaySessionIsNotThisStepsBusiness() throws Exception {
        Exchange exchange = new Exchange("GET", "/sso/login", null);
        when(exchange.request.getAttribute(SignInAttributes.SESSION)).thenReturn(null);

        step(false).handle(exchange.request, exchange.response, () -> exchange.proceeded.set(true));

        assertTrue(exchange.proceeded.get());
    }

    private MattermostLoginStep step(boolean https) {
        CredentialVault inMemory = new CredentialVault() {
            @Override
            public void store(String userId, Secret password) {
                vault.put(userId, password);
            }

            @Override
            public Optional<Secret> password(String userId) {
                return Optional.ofNullable(vault.get(userId));
            }

            @Override
            public void remove(String userId) {
                vault.remove(userId);
            }
        };
        return new MattermostLoginStep(new MattermostSignIn(identity -> carol.id(), inMemory, () -> client, 4),
                request -> https, (request, response, reason) -> refused.set(reason));
    }

    /** A mocked request of carol's gateway session, and what the step answers. */
    private final class Exchange {
        final HttpServletRequest request = mock(HttpServletRequest.class);
        final HttpServletResponse response = mock(HttpServletResponse.class);
        final AtomicBoolean proceeded = new AtomicBoolean();
        final List<String> setCookies = new ArrayList<>();
        int status;
        String location;

        Exchange(String method, String path, String query) {
            Identity identity = new Identity("corp", "corp-oidc", "carol-sub", "carol@corp.example", "Carol", "C",
                    null, "carol", List.of());
            GatewaySession session = new GatewaySession("hash-" + System.nanoTime(), identity, null, null,
                    Instant.now(), Instant.now(), Instant.now().plusSeconds(3600), null);
            when(request.getAttribute(SignInAttributes.SESSION)).thenReturn(session);
            when(request.getMethod()).thenReturn(method);
            when(request.getRequestURI()).thenReturn(path);
            when(request.getServletPath()).thenReturn(path);
            when(request.getQueryString()).thenReturn(query);
            when(request.getRemoteAddr()).thenReturn("127.0.0.1");
            org.mockito.Mockito.doAnswer(i -> {
                if ("Set-Cookie".equals(i.getArgument(0))) {
                    setCookies.add(i.getArgument(1));
                }
                return null;
            }).when(response).addHeader(org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.anyString());
            org.mockito.Mockito.doAnswer(i -> {
                if ("Location".equals(i.getArgument(0))) {
                    location = i.getArgument(1);
                }
                return null;
            }).when(response).setHeader(org.mockito.ArgumentMatchers.anyString(), org.mockito.ArgumentMatchers.anyString());
            org.mockito.Mockito.doAnswer(i -> {
                status = i.getArgument(0);
                return null;
            }).when(response).setStatus(org.mockito.ArgumentMatchers.anyInt());
        }

        void cookies(Cookie... cookies) {
            when(request.getCookies()).thenReturn(cookies);
        }

        String cookie(String name) {
            return setCookies.stream().filter(c -> c.startsWith(name + "=")).findFirst()
                    .orElseThrow(() -> new AssertionError("no " + name + " cookie in " + setCookies));
        }
    }
}
