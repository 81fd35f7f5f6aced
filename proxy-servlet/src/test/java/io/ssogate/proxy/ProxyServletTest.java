package io.ssogate.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.testkit.tomcat.LoopbackTomcat;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import java.util.zip.GZIPOutputStream;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The proxy between a real client socket and a real upstream Tomcat: what arrives on each side. */
class ProxyServletTest {

    private static TestServers servers;
    private final AtomicReference<Recorded> received = new AtomicReference<>();
    private final AtomicInteger upstreamCalls = new AtomicInteger();

    @BeforeAll
    static void startServers() throws Exception {
        servers = new TestServers();
    }

    @AfterAll
    static void stopServers() throws Exception {
        servers.close();
    }

    @BeforeEach
    void resetUpstream() {
        URI upstream = URI.create("http://127.0.0.1:" + servers.upstreamPort());
        servers.config.update(c -> c.withProxy(io.ssogate.core.config.ProxyConfig.of(upstream))
                .withServer(c.server().withPublicUrl(null)));
        recordAndAnswer(200, "ok");
    }

    private void recordAndAnswer(int status, String body) {
        servers.upstreamHandler = (req, resp) -> {
            upstreamCalls.incrementAndGet();
            received.set(Recorded.of(req));
            resp.setStatus(status);
            resp.setContentType("text/plain");
            resp.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
        };
    }

    private int port() {
        return servers.gatewayPort();
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "PROPFIND"})
    void everyMethodReachesTheUpstreamWithItsBody(String method) throws Exception {
        servers.upstreamHandler = (req, resp) -> {
            received.set(Recorded.of(req));
            byte[] answer = ("answer to " + req.getMethod()).getBytes(StandardCharsets.UTF_8);
            resp.setContentLength(answer.length);
            resp.setHeader("X-Upstream-Method", req.getMethod());
            resp.getOutputStream().write(answer);
        };
        boolean withBody = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
        String body = withBody ? "payload of " + method : "";
        try (RawHttp http = new RawHttp(port())) {
            http.send(method + " /api/v4/things?x=1 HTTP/1.1\r\nHost: chat.example.com\r\n"
                    + (withBody ? "Content-Type: text/plain\r\nContent-Length: " + body.length() + "\r\n" : "")
                    + "\r\n" + body);
            RawHttp.Response response = http.readResponse(method.equals("HEAD"));
            assertEquals(200, response.status());
            assertEquals(method, response.header("X-Upstream-Method"));
            assertEquals(String.valueOf(("answer to " + method).length()), response.header("Content-Length"),
                    "Content-Length is relayed, also for HEAD");
            assertEquals(method.equals("HEAD") ? "" : "answer to " + method, response.bodyText());
        }
        assertEquals(method, received.get().method());
        assertEquals(body, new String(received.get().body(), StandardCharsets.UTF_8));
        assertEquals("x=1", received.get().queryString());
    }

    @Test
    void rawRequestUriAndQueryArePassedUndecoded() throws Exception {
        String target = "/api/v4/files/a%20b/%C3%A9t%C3%A9+x/%25;p=1//double?q=a%26b&r=%2F+c&empty=&x=%E2%9C%93";
        RawHttp.Response response = RawHttp.exchange(port(),
                "GET " + target + " HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n");
        assertEquals(200, response.status());
        assertEquals(target.substring(0, target.indexOf('?')), received.get().requestUri());
        assertEquals(target.substring(target.indexOf('?') + 1), received.get().queryString());
    }

    @Test
    void hopByHopHeadersAreRemovedFromTheRequestIncludingConnectionListedOnes() throws Exception {
        RawHttp.exchange(port(), "POST /api/v4/posts HTTP/1.1\r\nHost: chat.example.com\r\n"
                + "Connection: keep-alive, X-Hop-One\r\nConnection: X-Hop-Two\r\n"
                + "X-Hop-One: a\r\nX-Hop-Two: b\r\nKeep-Alive: timeout=5\r\nTE: trailers\r\n"
                + "Proxy-Authorization: Basic c2VjcmV0\r\nProxy-Connection: keep-alive\r\n"
                + "X-End-To-End: kept\r\nAuthorization: Bearer token\r\nVia: 1.0 corporate-proxy\r\n"
                + "Content-Length: 2\r\n\r\nhi");
        Recorded upstream = received.get();
        for (String hop : List.of("x-hop-one", "x-hop-two", "keep-alive", "te", "proxy-authorization",
                "proxy-connection", "expect", "upgrade", "trailer")) {
            assertFalse(upstream.has(hop), hop + " is hop-by-hop and must not reach the upstream");
        }
        assertEquals("kept", upstream.value("x-end-to-end"));
        assertEquals("Bearer token", upstream.value("authorization"), "end-to-end credentials pass through");
        assertEquals("chat.example.com", upstream.value("host"), "Host passes through as the client sent it");
        assertEquals(List.of("1.0 corporate-proxy", "1.1 ssogate"), upstream.values("via"),
                "RFC 9110 §7.6.3: the gateway appends itself to Via");
        assertEquals("hi", new String(upstream.body(), StandardCharsets.UTF_8));
    }

    @Test
    void hopByHopHeadersAreRemovedFromTheResponseIncludingConnectionListedOnes() throws Exception {
        servers.upstreamHandler = (req, resp) -> {
            resp.addHeader("Connection", "X-Resp-Hop");
            resp.addHeader("X-Resp-Hop", "secret");
            resp.addHeader("Keep-Alive", "timeout=1");
            resp.addHeader("Proxy-Authenticate", "Basic realm=upstream");
            resp.addHeader("Trailer", "X-Checksum");
            resp.addHeader("X-End-To-End", "kept");
            resp.getWriter().write("body");
        };
        RawHttp.Response response = RawHttp.exchange(port(),
                "GET /x HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(200, response.status());
        assertNull(response.header("X-Resp-Hop"), "a field named by Connection is dropped");
        assertNull(response.header("Keep-Alive"));
        assertNull(response.header("Proxy-Authenticate"));
        assertNull(response.header("Trailer"));
        assertFalse(response.headers("Connection").stream().anyMatch(v -> v.contains("X-Resp-Hop")),
                "the upstream's Connection field is not relayed");
        assertEquals("kept", response.header("X-End-To-End"));
        assertEquals("body", response.bodyText());
    }

    @Test
    void spoofedForwardedHeadersFromAnUntrustedPeerAreReplaced() throws Exception {
        RawHttp.exchange(port(), "GET /api/v4/users/me HTTP/1.1\r\nHost: chat.example.com:8443\r\n"
                + "X-Forwarded-For: 6.6.6.6\r\nX-Forwarded-Proto: https\r\nX-Forwarded-Host: evil.example\r\n"
                + "X-Forwarded-Port: 1\r\nForwarded: for=6.6.6.6;proto=https\r\nX-Real-IP: 6.6.6.6\r\n\r\n");
        Recorded upstream = received.get();
        assertEquals(List.of("127.0.0.1"), upstream.values("x-forwarded-for"), "the peer, not the client's claim");
        assertEquals(List.of("127.0.0.1"), upstream.values("x-real-ip"));
        assertEquals(List.of("http"), upstream.values("x-forwarded-proto"));
        assertEquals(List.of("chat.example.com:8443"), upstream.values("x-forwarded-host"));
        assertFalse(upstream.has("x-forwarded-port"));
        assertFalse(upstream.has("forwarded"));
    }

    @Test
    void forwardedHeadersFromATrustedPeerAreChained() throws Exception {
        servers.updateProxy(p -> p.withTrustedProxies(List.of("127.0.0.0/8", "10.0.0.0/8")));
        RawHttp.exchange(port(), "GET /api/v4/users/me HTTP/1.1\r\nHost: internal:8080\r\n"
                + "X-Forwarded-For: 6.6.6.6, 203.0.113.9, 10.1.2.3\r\nX-Forwarded-Proto: https\r\n"
                + "X-Forwarded-Host: chat.example.com\r\nX-Real-IP: 6.6.6.6\r\n\r\n");
        Recorded upstream = received.get();
        assertEquals(List.of("203.0.113.9, 10.1.2.3, 127.0.0.1"), upstream.values("x-forwarded-for"),
                "the chain from the right-most untrusted address, then our peer");
        assertEquals(List.of("203.0.113.9"), upstream.values("x-real-ip"));
        assertEquals(List.of("https"), upstream.values("x-forwarded-proto"), "a trusted proxy's scheme is kept");
        assertEquals(List.of("chat.example.com"), upstream.values("x-forwarded-host"));
    }

    @Test
    void redirectsAreRelayedNotFollowedAndUpstreamLocationsPointAtThePublicUrl() throws Exception {
        String upstreamOrigin = "http://127.0.0.1:" + servers.upstreamPort();
        servers.upstreamHandler = (req, resp) -> {
            upstreamCalls.incrementAndGet();
            resp.setStatus(302);
            resp.setHeader("Location", upstreamOrigin + "/login?redirect_to=%2Fteam%2Fchannels");
            resp.setHeader("Content-Location", upstreamOrigin + "/api/v4/users/me");
        };
        servers.updateServer(s -> s.withPublicUrl(URI.create("https://chat.example.com")));
        RawHttp.Response response = RawHttp.exchange(port(), "GET /oauth/x HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(302, response.status(), "the redirect goes to the browser");
        assertEquals(1, upstreamCalls.get(), "the proxy did not follow it");
        assertEquals("https://chat.example.com/login?redirect_to=%2Fteam%2Fchannels", response.header("Location"));
        assertEquals("https://chat.example.com/api/v4/users/me", response.header("Content-Location"));

        servers.updateServer(s -> s.withPublicUrl(null));
        response = RawHttp.exchange(port(), "GET /oauth/x HTTP/1.1\r\nHost: gw.example:9000\r\n\r\n");
        assertEquals("http://gw.example:9000/login?redirect_to=%2Fteam%2Fchannels", response.header("Location"),
                "without a public URL the request's scheme and Host are used");
    }

    @Test
    void relativeAndForeignLocationsAreLeftAlone() throws Exception {
        AtomicReference<String> location = new AtomicReference<>("/login?x=1");
        servers.upstreamHandler = (req, resp) -> {
            resp.setStatus(302);
            resp.setHeader("Location", location.get());
        };
        assertEquals("/login?x=1", RawHttp.exchange(port(), "GET / HTTP/1.1\r\nHost: h\r\n\r\n").header("Location"));
        location.set("https://gitlab.example.com/oauth/authorize?client_id=1");
        assertEquals("https://gitlab.example.com/oauth/authorize?client_id=1",
                RawHttp.exchange(port(), "GET / HTTP/1.1\r\nHost: h\r\n\r\n").header("Location"));
    }

    @Test
    void cookiesFromOneClientAreNeverSentForAnother() throws Exception {
        servers.upstreamHandler = (req, resp) -> {
            received.set(Recorded.of(req));
            resp.addHeader("Set-Cookie", "MMAUTHTOKEN=secret-of-alice; Path=/; HttpOnly");
        };
        RawHttp.Response alice = RawHttp.exchange(port(), "POST /api/v4/users/login HTTP/1.1\r\nHost: h\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertEquals("MMAUTHTOKEN=secret-of-alice; Path=/; HttpOnly", alice.header("Set-Cookie"),
                "the cookie goes to Alice");
        RawHttp.exchange(port(), "GET /api/v4/users/me HTTP/1.1\r\nHost: h\r\n\r\n");
        assertFalse(received.get().has("cookie"), "Bob's request carries no cookie of Alice's");
    }

    @Test
    void noAcceptEncodingOrUserAgentIsAddedAndTheClientsAreForwarded() throws Exception {
        RawHttp.exchange(port(), "GET /api/v4/system/ping HTTP/1.1\r\nHost: h\r\n\r\n");
        assertFalse(received.get().has("accept-encoding"), "no Accept-Encoding the client did not send");
        assertFalse(received.get().has("user-agent"), "no User-Agent the client did not send");

        RawHttp.exchange(port(), "GET /api/v4/system/ping HTTP/1.1\r\nHost: h\r\nUser-Agent: Mattermost-Mobile/2.0\r\n"
                + "Accept-Encoding: br\r\n\r\n");
        assertEquals(List.of("Mattermost-Mobile/2.0"), received.get().values("user-agent"));
        assertEquals(List.of("br"), received.get().values("accept-encoding"));
    }

    @Test
    void rangeRequestsAreRelayedWithTheirPartialContent() throws Exception {
        byte[] file = new byte[10_000];
        new Random(7).nextBytes(file);
        servers.upstreamHandler = (req, resp) -> {
            received.set(Recorded.of(req));
            // The upstream answers bytes=1000-1999 as Mattermost's file API would (RFC 9110 §14.4).
            resp.setStatus(206);
            resp.setHeader("Content-Range", "bytes 1000-1999/10000");
            resp.setHeader("Accept-Ranges", "bytes");
            resp.setContentLength(1000);
            resp.getOutputStream().write(file, 1000, 1000);
        };
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(servers.gateway("/api/v4/files/abc")).header("Range", "bytes=1000-1999").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(206, response.statusCode());
        assertEquals("bytes 1000-1999/10000", response.headers().firstValue("Content-Range").orElseThrow());
        assertEquals(List.of("bytes=1000-1999"), received.get().values("range"));
        assertArrayEquals(java.util.Arrays.copyOfRange(file, 1000, 2000), response.body());
    }

    @Test
    void gzipBodiesPassThroughByteForByte() throws Exception {
        ByteArrayOutputStream gzipped = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(gzipped)) {
            gzip.write("{\"id\":\"x\"}".repeat(5000).getBytes(StandardCharsets.UTF_8));
        }
        byte[] compressed = gzipped.toByteArray();
        servers.upstreamHandler = (req, resp) -> {
            received.set(Recorded.of(req));
            resp.setContentType("application/json");
            resp.setHeader("Content-Encoding", "gzip");
            resp.setContentLength(compressed.length);
            resp.getOutputStream().write(compressed);
        };
        HttpResponse<byte[]> response = HttpClient.newHttpClient().send(
                HttpRequest.newBuilder(servers.gateway("/api/v4/posts")).header("Accept-Encoding", "gzip").build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals("gzip", response.headers().firstValue("Content-Encoding").orElseThrow());
        assertEquals(String.valueOf(compressed.length), response.headers().firstValue("Content-Length").orElseThrow());
        assertArrayEquals(MessageDigest.getInstance("SHA-256").digest(compressed),
                MessageDigest.getInstance("SHA-256").digest(response.body()), "the compressed bytes are untouched");
        assertEquals(List.of("gzip"), received.get().values("accept-encoding"));
    }

    @Test
    void expectContinueGetsA100ThenTheBodyIsRelayed() throws Exception {
        try (RawHttp http = new RawHttp(port())) {
            http.send("PUT /api/v4/files HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 5\r\n\r\n");
            RawHttp.Response interim = http.readHead();
            assertEquals(100, interim.status(), "the client is told to send its body");
            http.send("hello");
            assertEquals(200, http.readResponse(false).status());
        }
        assertEquals("hello", new String(received.get().body(), StandardCharsets.UTF_8));
        assertFalse(received.get().has("expect"), "the gateway answered the expectation itself");
    }

    @Test
    void bodyOverTheLimitWithExpectContinueGets413WithoutA100OrAnUpstreamCall() throws Exception {
        servers.updateProxy(p -> p.withMaxRequestBodyBytes(1024));
        try (RawHttp http = new RawHttp(port())) {
            http.send("POST /api/v4/files HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 4096\r\n\r\n");
            RawHttp.Response response = http.readResponse(false);
            assertEquals(413, response.status(), "a final answer instead of 100 Continue");
            assertEquals("application/json", response.header("Content-Type"));
            assertTrue(response.bodyText().contains("\"status_code\":413"), response.bodyText());
        }
        assertEquals(0, upstreamCalls.get(), "the upstream is never contacted");
    }

    @Test
    void bodyOverTheLimitOutsideTheApiGetsAn413HtmlPage() throws Exception {
        servers.updateProxy(p -> p.withMaxRequestBodyBytes(10));
        RawHttp.Response response = RawHttp.exchange(port(),
                "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 11\r\n\r\nhello world");
        assertEquals(413, response.status());
        assertTrue(response.header("Content-Type").startsWith("text/html"));
        assertTrue(response.bodyText().contains("larger than this server accepts"));
        assertEquals(0, upstreamCalls.get());
    }

    @Test
    void the413NamesTheLimitInBothShapesAndIsLoggedAtWarn() throws Exception {
        servers.updateProxy(p -> p.withMaxRequestBodyBytes(50L << 20));
        RawHttp.Response json;
        RawHttp.Response html;
        List<ch.qos.logback.classic.spi.ILoggingEvent> warnings;
        try (LogCapture log = new LogCapture()) {
            json = RawHttp.exchange(port(),
                    "POST /api/v4/files HTTP/1.1\r\nHost: h\r\nContent-Length: 52428801\r\n\r\n");
            html = RawHttp.exchange(port(), "POST /upload HTTP/1.1\r\nHost: h\r\nContent-Length: 52428801\r\n\r\n");
            warnings = log.warnings();
        }
        assertEquals(413, json.status());
        assertEquals("The request body is larger than this server accepts (at most 50MiB).",
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.body()).get("message").asText());
        assertEquals(413, html.status());
        assertTrue(html.bodyText().contains("(at most 50MiB)"), html.bodyText());
        assertEquals(2, warnings.size(), "one warning per refused upload, as for a 502: " + warnings);
        String logged = warnings.get(0).getFormattedMessage();
        assertTrue(logged.contains(json.header("X-Request-Id")) && logged.contains("413"), logged);
        assertTrue(logged.contains("52428801") && logged.contains("52428800"), "declared length and limit: " + logged);
        assertEquals(0, upstreamCalls.get());
    }

    @Test
    void aLimitThatIsNoRoundSizeIsNamedInBytes() throws Exception {
        servers.updateProxy(p -> p.withMaxRequestBodyBytes(1000));
        RawHttp.Response response = RawHttp.exchange(port(),
                "POST /api/v4/files HTTP/1.1\r\nHost: h\r\nContent-Length: 1001\r\n\r\n");
        assertTrue(response.bodyText().contains("(at most 1kB)"), response.bodyText());
        servers.updateProxy(p -> p.withMaxRequestBodyBytes(1001));
        response = RawHttp.exchange(port(), "POST /api/v4/files HTTP/1.1\r\nHost: h\r\nContent-Length: 1002\r\n\r\n");
        assertTrue(response.bodyText().contains("(at most 1001 bytes)"), response.bodyText());
    }

    @Test
    void bodyWithinTheLimitIsRelayed() throws Exception {
        servers.updateProxy(p -> p.withMaxRequestBodyBytes(11));
        RawHttp.Response response = RawHttp.exchange(port(),
                "POST /upload HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n");
        assertEquals(200, response.status());
        assertEquals("hello world", new String(received.get().body(), StandardCharsets.UTF_8));
        assertFalse(received.get().has("transfer-encoding") && received.get().has("content-length"));
    }

    @Test
    void streamedResponsesReachTheClientBeforeTheUpstreamFinishes() throws Exception {
        CountDownLatch clientSawFirstPart = new CountDownLatch(1);
        AtomicReference<Boolean> upstreamWaited = new AtomicReference<>();
        servers.upstreamHandler = (req, resp) -> {
            resp.setContentType("text/event-stream");
            resp.getOutputStream().write("first;".getBytes(StandardCharsets.UTF_8));
            resp.flushBuffer();
            upstreamWaited.set(clientSawFirstPart.await(10, TimeUnit.SECONDS));
            resp.getOutputStream().write("second;".getBytes(StandardCharsets.UTF_8));
        };
        try (RawHttp http = new RawHttp(port())) {
            http.send("GET /api/v4/websocket-fallback HTTP/1.1\r\nHost: h\r\n\r\n");
            http.readHead();
            String firstChunk = "";
            while (!firstChunk.contains("first;")) {
                firstChunk += http.readLine();
            }
            clientSawFirstPart.countDown();
        }
        assertTrue(waitFor(() -> upstreamWaited.get() != null));
        assertTrue(upstreamWaited.get(), "the first part reached the client while the upstream was still open");
    }

    @Test
    void upstreamUrlChangeAppliesToTheNextRequestWithoutRestart() throws Exception {
        Tomcat second = LoopbackTomcat.create(java.nio.file.Files.createTempDirectory("ssogate-second"));
        Connector connector = second.getConnector();
        Context context = second.addContext("", null);
        Tomcat.addServlet(context, "second", new jakarta.servlet.http.HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(jakarta.servlet.http.HttpServletRequest req,
                    jakarta.servlet.http.HttpServletResponse resp) throws java.io.IOException {
                resp.getWriter().write("second upstream");
            }
        });
        context.addServletMappingDecoded("/", "second");
        second.start();
        try {
            assertEquals("ok", RawHttp.exchange(port(), "GET /x HTTP/1.1\r\nHost: h\r\n\r\n").bodyText());
            servers.updateProxy(p -> p.withUpstreamUrl(URI.create("http://127.0.0.1:" + connector.getLocalPort())));
            assertEquals("second upstream",
                    RawHttp.exchange(port(), "GET /x HTTP/1.1\r\nHost: h\r\n\r\n").bodyText());
        } finally {
            second.stop();
            second.destroy();
        }
    }

    @Test
    void sequentialRequestsReuseOnePooledKeepAliveConnection() throws Exception {
        List<Integer> upstreamPeerPorts = new java.util.concurrent.CopyOnWriteArrayList<>();
        servers.upstreamHandler = (req, resp) -> {
            upstreamPeerPorts.add(req.getRemotePort());
            resp.getWriter().write("ok");
        };
        for (int i = 0; i < 3; i++) {
            assertEquals(200, RawHttp.exchange(port(), "GET /x HTTP/1.1\r\nHost: h\r\n\r\n").status());
            // The client may have its answer a moment before the gateway returns the connection.
            assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0));
        }
        assertEquals(1, upstreamPeerPorts.stream().distinct().count(),
                "one upstream connection served all three: " + upstreamPeerPorts);
    }

    @Test
    void idlePooledConnectionsAreClosedAfterTheIdleTimeout() throws Exception {
        servers.updateProxy(p -> p.withTimeouts(null, null, Duration.ofSeconds(2), null));
        assertEquals(200, RawHttp.exchange(port(), "GET /x HTTP/1.1\r\nHost: h\r\n\r\n").status());
        // The gateway may still be releasing the connection when the client has its answer.
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getAvailable() == 1),
                "kept alive after use");
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getAvailable() == 0),
                "evicted once idle longer than idleTimeout");
    }

    @Test
    void destroyClosesThePoolAndLaterConfigChangesStartNoNewOne() throws Exception {
        io.ssogate.core.config.LiveConfig live = new io.ssogate.core.config.LiveConfig(
                new io.ssogate.core.config.GatewayConfig(null,
                        io.ssogate.core.config.ProxyConfig.of(URI.create("http://127.0.0.1:" + servers.upstreamPort())),
                        null));
        ProxyServlet servlet = new ProxyServlet(live, null);
        servlet.destroy();
        live.update(c -> c.withProxy(c.proxy().withUpstreamUrl(URI.create("http://127.0.0.1:1"))));
        assertEquals(URI.create("http://127.0.0.1:" + servers.upstreamPort()),
                servlet.upstreamUrlInUse(), "a destroyed servlet ignores configuration changes");
    }

    @Test
    void anInvalidUpstreamChangeIsRefusedAndTheProxyKeepsServing() throws Exception {
        URI before = servers.proxyServlet.upstreamUrlInUse();
        IllegalArgumentException refused = org.junit.jupiter.api.Assertions.assertThrows(
                IllegalArgumentException.class,
                () -> servers.updateProxy(p -> p.withUpstreamUrl(URI.create("ftp://127.0.0.1/mm"))));
        assertTrue(refused.getMessage().contains("proxy.upstreamUrl") && refused.getMessage().contains("[ftp://127.0.0.1/mm]"),
                refused.getMessage());
        assertEquals(before, servers.proxyServlet.upstreamUrlInUse());
        assertEquals("ok", RawHttp.exchange(port(), "GET /x HTTP/1.1\r\nHost: h\r\n\r\n").bodyText());
    }

    @Test
    void upgradeWithoutARelayAnswers501() throws Exception {
        RawHttp.Response response = RawHttp.exchange(port(), "GET /api/v4/websocket HTTP/1.1\r\nHost: h\r\n"
                + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n");
        assertEquals(501, response.status());
        assertTrue(response.bodyText().contains("\"status_code\":501"));
        assertEquals(0, upstreamCalls.get());
    }

    @Test
    void anH2cUpgradeOfferIsAnsweredAsPlainHttp11() throws Exception {
        RawHttp.Response response = RawHttp.exchange(port(), "GET /api/v4/system/ping HTTP/1.1\r\nHost: h\r\n"
                + "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        assertEquals(200, response.status(), "RFC 7540 §3.2: answer as though Upgrade were absent");
        assertEquals("ok", response.bodyText());
        assertFalse(received.get().has("upgrade"));
        assertFalse(received.get().has("http2-settings"), "listed in Connection, so hop-by-hop");
    }

    @Test
    void upgradeRequestsAreHandedToTheRelay() throws Exception {
        AtomicReference<String> relayed = new AtomicReference<>();
        try (TestServers withRelay = new TestServers("", UnaryOperator.identity(), (req, resp, requestId) -> {
            relayed.set(req.getHeader("Upgrade") + " " + req.getRequestURI() + " " + requestId.length());
            resp.setStatus(418);
        })) {
            RawHttp.Response response = RawHttp.exchange(withRelay.gatewayPort(),
                    "GET /api/v4/websocket HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Upgrade\r\n"
                            + "Upgrade: websocket\r\n\r\n");
            assertEquals(418, response.status());
            assertEquals("websocket /api/v4/websocket 26", relayed.get(),
                    "the relay gets the proxy's request id, so one request has one id");
        }
    }

    static boolean waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            Thread.sleep(20);
        }
        return condition.getAsBoolean();
    }

    @Test
    void pathBelowTheUpstreamPathAndContextPathIsRewrittenBack() throws Exception {
        try (TestServers sub = new TestServers("/chat",
                p -> p.withUpstreamUrl(URI.create(p.upstreamUrl() + "/base/")), null)) {
            String upstreamBase = "http://127.0.0.1:" + sub.upstreamPort() + "/base";
            sub.upstreamHandler = (req, resp) -> {
                received.set(Recorded.of(req));
                resp.setStatus(302);
                resp.setHeader("Location", upstreamBase + "/chat/login");
                resp.addHeader("Set-Cookie", "MMAUTHTOKEN=abc; Path=/base/chat; Domain=127.0.0.1; Max-Age=3600; "
                        + "HttpOnly; Secure; SameSite=Lax");
                resp.addHeader("Set-Cookie", "MMCSRF=x; Path=/base; Domain=other.example");
            };
            RawHttp.Response response = RawHttp.exchange(sub.gatewayPort(),
                    "GET /chat/api/v4/users/me?a=b HTTP/1.1\r\nHost: chat.example.com\r\n\r\n");
            assertEquals("/base/chat/api/v4/users/me", received.get().requestUri(),
                    "upstream path, then the full request URI with its context path");
            assertEquals("http://chat.example.com/chat/login", response.header("Location"));
            assertEquals(List.of("MMAUTHTOKEN=abc; Path=/chat; Max-Age=3600; HttpOnly; Secure; SameSite=Lax",
                    "MMCSRF=x; Path=/; Domain=other.example"), response.headers("Set-Cookie"));
        }
        assertNotNull(received.get());
    }
}
