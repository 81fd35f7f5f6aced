package io.ssogate.proxy;

import static io.ssogate.proxy.ProxyServletTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssogate.proxy.hooks.ProxyHooks;
import io.ssogate.proxy.hooks.UpstreamRequestHook;
import io.ssogate.proxy.hooks.UpstreamResponse;
import io.ssogate.proxy.hooks.UpstreamResponseHook;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Test hooks on the real proxy: what reaches the upstream, what reaches the client, what is released. */
class ProxyServletHooksTest {

    private static final UpstreamRequestHook NO_REQUEST_HOOK = request -> { };
    private static final UpstreamResponseHook NO_RESPONSE_HOOK = response -> { };

    private static TestServers servers;
    /** What the one registered hook of each kind does in the running test. */
    private static volatile UpstreamRequestHook requestHook = NO_REQUEST_HOOK;
    private static volatile UpstreamResponseHook responseHook = NO_RESPONSE_HOOK;

    private final AtomicReference<Recorded> received = new AtomicReference<>();
    private final AtomicInteger upstreamCalls = new AtomicInteger();

    @BeforeAll
    static void startServers() throws Exception {
        ProxyHooks hooks = new ProxyHooks();
        hooks.addRequestHook("test-request-hook", request -> requestHook.beforeUpstream(request));
        hooks.addResponseHook("test-response-hook", response -> responseHook.onUpstreamResponse(response));
        servers = new TestServers(hooks);
    }

    @AfterAll
    static void stopServers() throws Exception {
        servers.close();
    }

    @BeforeEach
    void reset() {
        requestHook = NO_REQUEST_HOOK;
        responseHook = NO_RESPONSE_HOOK;
        servers.config.update(c -> c.withProxy(io.ssogate.core.config.ProxyConfig.of(
                URI.create("http://127.0.0.1:" + servers.upstreamPort()))));
        servers.upstreamHandler = (req, resp) -> {
            upstreamCalls.incrementAndGet();
            received.set(Recorded.of(req));
            resp.setContentType("text/plain");
            resp.getWriter().write("from upstream");
        };
    }

    private int port() {
        return servers.gatewayPort();
    }

    /**
     * Run plainly, the proxy is a servlet behind Catalina's wrapper valve and filter chain; run by sso-valve
     * with the gateway's valve named ({@link TestServers#GATEWAY_VALVE_PROPERTY}), the valve calls it without
     * them, so the proxy's tests there really exercise the launcher's path.
     */
    @Test
    void theProxyRunsBehindTheServletPipelineOrCalledByTheGatewaysValveAsThisRunSays() throws Exception {
        AtomicReference<List<String>> callers = new AtomicReference<>();
        requestHook = request -> callers.set(java.util.Arrays.stream(Thread.currentThread().getStackTrace())
                .map(StackTraceElement::getClassName).toList());

        assertEquals(200, RawHttp.exchange(port(), "GET /api/v4/system/ping HTTP/1.1\r\nHost: h\r\n\r\n").status());

        String valve = System.getProperty(TestServers.GATEWAY_VALVE_PROPERTY);
        List<String> stack = callers.get();
        if (valve == null) {
            assertTrue(stack.contains("org.apache.catalina.core.StandardWrapperValve"), stack.toString());
        } else {
            assertTrue(stack.contains(valve), stack.toString());
            assertFalse(stack.contains("org.apache.catalina.core.StandardWrapperValve"), stack.toString());
            assertFalse(stack.contains("org.apache.catalina.core.ApplicationFilterChain"), stack.toString());
        }
    }

    @Test
    void requestHooksAddReplaceAndRemoveHeadersOnTheWayUpstream() throws Exception {
        requestHook = request -> {
            request.headers().add("X-Gateway-Feature", "sso");
            request.headers().set("Accept-Language", "fr");
            request.headers().remove("X-Client-Secret");
        };

        RawHttp.Response response = RawHttp.exchange(port(), "GET /api/v4/users/me HTTP/1.1\r\nHost: h\r\n"
                + "Accept-Language: en\r\nAccept-Language: de\r\nX-Client-Secret: s\r\nX-Kept: k\r\n\r\n");

        assertEquals(200, response.status());
        Recorded upstream = received.get();
        assertEquals(List.of("sso"), upstream.values("x-gateway-feature"));
        assertEquals(List.of("fr"), upstream.values("accept-language"), "both of the client's values replaced");
        assertFalse(upstream.has("x-client-secret"));
        assertEquals(List.of("k"), upstream.values("x-kept"));
        assertEquals(List.of("127.0.0.1"), upstream.values("x-forwarded-for"), "the proxy's own fields are still set");
    }

    @Test
    void theGatewaySessionCookieNeverReachesTheUpstreamAndTheOtherCookiesArriveUnchanged() throws Exception {
        requestHook = request -> request.cookies().remove("SSOGATE_SESSION");

        RawHttp.exchange(port(), "GET /api/v4/users/me HTTP/1.1\r\nHost: h\r\n"
                + "Cookie: MMAUTHTOKEN=tok;  SSOGATE_SESSION=s3cr3t; theme=\"dark\"\r\n"
                + "Cookie: SSOGATE_SESSION=again\r\n"
                + "Cookie: MMUSERID=u1;MMCSRF=c\r\n\r\n");

        assertEquals(List.of("MMAUTHTOKEN=tok; theme=\"dark\"", "MMUSERID=u1;MMCSRF=c"), received.get().values("cookie"));
    }

    @Test
    void aResponseHookAnswersA401ItselfAndTheUpstreamConnectionIsReused() throws Exception {
        List<Integer> upstreamPeerPorts = new CopyOnWriteArrayList<>();
        servers.upstreamHandler = (req, resp) -> {
            upstreamPeerPorts.add(req.getRemotePort());
            if (req.getRequestURI().equals("/api/v4/users/me")) {
                resp.setStatus(401);
                resp.setHeader("X-Upstream", "yes");
                resp.setContentType("application/json");
                resp.getWriter().write("{\"id\":\"api.context.session_expired.app_error\",\"status_code\":401}");
            } else {
                resp.getWriter().write("fine");
            }
        };
        responseHook = response -> {
            if (response.status() == 401) {
                HttpServletResponse answer = response.answerInstead();
                answer.setStatus(302);
                answer.setHeader("Location", "/login/sso");
                answer.setContentLength(0);
            }
        };

        RawHttp.Response answered = RawHttp.exchange(port(), "GET /api/v4/users/me HTTP/1.1\r\nHost: h\r\n\r\n");

        assertEquals(302, answered.status());
        assertEquals("/login/sso", answered.header("Location"));
        assertEquals("", answered.bodyText(), "the upstream's body is not relayed");
        assertNull(answered.header("X-Upstream"), "nor are its headers");
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0), "the connection is released");
        assertEquals("fine", RawHttp.exchange(port(), "GET /x HTTP/1.1\r\nHost: h\r\n\r\n").bodyText());
        assertEquals(1, upstreamPeerPorts.stream().distinct().count(),
                "the small unread body was read off, so the next request reused the connection: " + upstreamPeerPorts);
    }

    @Test
    void aHookAnsweringInsteadOfALargeBodyCutsTheUpstreamConnectionRatherThanDrainingIt() throws Exception {
        EndlessDownload download = new EndlessDownload();
        servers.upstreamHandler = download;
        responseHook = response -> {
            HttpServletResponse answer = response.answerInstead();
            answer.setStatus(403);
            answer.getWriter().write("not for you");
        };

        RawHttp.Response answered = RawHttp.exchange(port(), "GET /api/v4/files/huge HTTP/1.1\r\nHost: h\r\n\r\n");

        assertEquals(403, answered.status());
        assertEquals("not for you", answered.bodyText());
        assertTrue(download.cut.await(10, TimeUnit.SECONDS), "the upstream sees its connection closed");
        assertTrue(download.wasCutEarly(), "the proxy did not drain the body: " + download.bytesWritten.get());
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0), "the connection is released");
    }

    @Test
    void aResponseHookRewritesAJsonBodyWhileItStreams() throws Exception {
        CountDownLatch clientSawRewrittenPart = new CountDownLatch(1);
        AtomicReference<Boolean> upstreamWaited = new AtomicReference<>();
        servers.upstreamHandler = (req, resp) -> {
            resp.setContentType("application/json");
            resp.getWriter().write("{\"SiteName\":\"Mattermost\",\"EnableSignUpWithEmail\":\"true\",");
            resp.flushBuffer();
            // The rest only once the client has the rewritten beginning: proof that nothing is buffered whole.
            upstreamWaited.set(clientSawRewrittenPart.await(10, TimeUnit.SECONDS));
            resp.getWriter().write("\"Version\":\"10.5.0\"}");
        };
        responseHook = response -> {
            if (response.clientRequest().getRequestURI().equals("/api/v4/config/client")) {
                rewriteSignUpFlag(response);
            }
        };

        StringBuilder seen = new StringBuilder();
        try (RawHttp http = new RawHttp(port())) {
            http.send("GET /api/v4/config/client?format=old HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response head = http.readHead();
            assertEquals(200, head.status());
            assertEquals("chunked", head.header("Transfer-Encoding"), "the hook's answer streams");
            while (!seen.toString().contains("\"EnableSignUpWithEmail\":\"false\"")) {
                seen.append(new String(http.readChunk(), StandardCharsets.UTF_8));
            }
            clientSawRewrittenPart.countDown();
            for (byte[] chunk = http.readChunk(); chunk != null; chunk = http.readChunk()) {
                seen.append(new String(chunk, StandardCharsets.UTF_8));
            }
        }
        assertTrue(upstreamWaited.get(), "the rewritten beginning arrived while the upstream still held the rest");
        JsonNode config = new ObjectMapper().readTree(seen.toString());
        assertEquals("false", config.get("EnableSignUpWithEmail").asText());
        assertEquals("Mattermost", config.get("SiteName").asText());
        assertEquals("10.5.0", config.get("Version").asText());
    }

    /** What a later issue's hook will do with /api/v4/config/client: copy the JSON token by token, one value changed. */
    private static void rewriteSignUpFlag(UpstreamResponse response) throws IOException {
        HttpServletResponse answer = response.answerInstead();
        answer.setStatus(response.status());
        answer.setContentType("application/json");
        JsonFactory json = new JsonFactory();
        try (JsonParser in = json.createParser(response.body());
             JsonGenerator out = json.createGenerator(answer.getOutputStream())) {
            for (JsonToken token = in.nextToken(); token != null; token = in.nextToken()) {
                if (token == JsonToken.FIELD_NAME && in.currentName().equals("EnableSignUpWithEmail")) {
                    in.nextToken();
                    out.writeStringField("EnableSignUpWithEmail", "false");
                } else {
                    out.copyCurrentEvent(in);
                }
                if (in.currentToken().isScalarValue()) {
                    out.flush(); // each value goes out before the parser waits for the next one
                }
            }
        }
    }

    @Test
    void responseHooksChangeTheHeadersTheClientGetsAndTheBodyIsStillRelayed() throws Exception {
        servers.upstreamHandler = (req, resp) -> {
            resp.setHeader("X-Upstream-Internal", "node-3");
            resp.setHeader("Cache-Control", "max-age=60");
            resp.getWriter().write("from upstream");
        };
        responseHook = response -> {
            response.headers().remove("X-Upstream-Internal");
            response.headers().set("Cache-Control", "no-store");
            response.headers().add("X-Frame-Options", "SAMEORIGIN");
        };

        RawHttp.Response relayed = RawHttp.exchange(port(), "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");

        assertEquals(200, relayed.status());
        assertEquals("from upstream", relayed.bodyText());
        assertNull(relayed.header("X-Upstream-Internal"));
        assertEquals(List.of("no-store"), relayed.headers("Cache-Control"));
        assertEquals("SAMEORIGIN", relayed.header("X-Frame-Options"));
    }

    @Test
    void aFailingRequestHookAnswers502InTheProxysShapeAndTheUpstreamIsNeverCalled() throws Exception {
        requestHook = request -> {
            throw new IllegalStateException("session store unavailable");
        };
        RawHttp.Response response;
        List<ILoggingEvent> warnings;
        try (LogCapture log = new LogCapture()) {
            response = RawHttp.exchange(port(), "GET /api/v4/users/me HTTP/1.1\r\nHost: h\r\n\r\n");
            warnings = log.warnings();
        }

        assertEquals(502, response.status());
        JsonNode error = new ObjectMapper().readTree(response.body());
        assertEquals(ProxyError.HOOK_FAILED.id(), error.get("id").asText());
        assertEquals("", error.get("detailed_error").asText());
        assertFalse(response.bodyText().contains("session store"), "no exception text to the client");
        assertFalse(response.bodyText().contains("Exception"), "no stack trace to the client");
        assertEquals(0, upstreamCalls.get());
        assertEquals(1, warnings.size(), "logged once: " + warnings);
        assertTrue(warnings.get(0).getFormattedMessage().contains("test-request-hook"), "the log names the hook");
        assertTrue(warnings.get(0).getFormattedMessage().contains(response.header("X-Request-Id")));
        assertNotNull(warnings.get(0).getThrowableProxy(), "with the stack trace, for whoever fixes the hook");
    }

    @Test
    void aFailingResponseHookAnswers502InsteadOfTheUpstreamsAnswerAndReleasesTheConnection() throws Exception {
        servers.upstreamHandler = (req, resp) -> {
            resp.setHeader("X-Upstream", "yes");
            resp.getWriter().write("upstream body");
        };
        responseHook = response -> {
            response.answerInstead().setHeader("X-Half-Written", "yes");
            throw new IOException("rewriting failed");
        };

        RawHttp.Response response = RawHttp.exchange(port(), "GET /channels/town-square HTTP/1.1\r\nHost: h\r\n\r\n");

        assertEquals(502, response.status());
        assertTrue(response.header("Content-Type").startsWith("text/html"), "the page shape outside /api/");
        assertTrue(response.bodyText().contains("could not complete this request"), response.bodyText());
        assertFalse(response.bodyText().contains("upstream body"));
        assertFalse(response.bodyText().contains("rewriting failed"));
        assertNull(response.header("X-Upstream"));
        assertNull(response.header("X-Half-Written"), "the failed hook's half answer is cleared");
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0));
    }
}
