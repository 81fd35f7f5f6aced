package io.ssogate.proxy;

import static io.ssogate.proxy.ProxyServletTest.waitFor;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssogate.core.config.ProxyConfig;
import java.io.IOException;
import java.io.InputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What the client gets when the upstream or the client fails, and that the pool recovers. */
class ProxyServletFailureTest {

    private static TestServers servers;
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
    void resetConfig() {
        servers.config.update(c -> c.withProxy(ProxyConfig.of(URI.create("http://127.0.0.1:" + servers.upstreamPort()))));
        servers.upstreamHandler = (req, resp) -> upstreamCalls.incrementAndGet();
    }

    private int port() {
        return servers.gatewayPort();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void assertMattermostError(RawHttp.Response response, int status) throws IOException {
        assertEquals(status, response.status());
        assertEquals("application/json", response.header("Content-Type"));
        JsonNode body = new ObjectMapper().readTree(response.body());
        assertEquals(status, body.get("status_code").asInt());
        assertTrue(body.get("id").asText().endsWith(".app_error"), body.toString());
        assertFalse(body.get("message").asText().isBlank());
        assertEquals("", body.get("detailed_error").asText());
        String requestId = body.get("request_id").asText();
        assertTrue(requestId.matches("[a-z0-9]{26}"), "26-character Mattermost-style id: " + requestId);
        assertEquals(requestId, response.header("X-Request-Id"));
        assertEquals(5, body.size(), "exactly Mattermost's five AppError fields");
    }

    @Test
    void refusedUpstreamAnswers502WithMattermostJsonUnderApi() throws Exception {
        int closed = closedPort();
        servers.updateProxy(p -> p.withUpstreamUrl(URI.create("http://127.0.0.1:" + closed)));
        RawHttp.Response response = RawHttp.exchange(port(), "GET /api/v4/users/me HTTP/1.1\r\nHost: h\r\n\r\n");
        assertMattermostError(response, 502);
        assertFalse(response.bodyText().contains(String.valueOf(closed)), "no upstream address to the client");
    }

    @Test
    void aFailedRequestIsLoggedOnceAtWarnWithItsIdAndWithoutItsQuery() throws Exception {
        int closed = closedPort();
        servers.updateProxy(p -> p.withUpstreamUrl(URI.create("http://127.0.0.1:" + closed)));
        RawHttp.Response response;
        List<ch.qos.logback.classic.spi.ILoggingEvent> events;
        try (LogCapture log = new LogCapture()) {
            response = RawHttp.exchange(port(),
                    "GET /api/v4/users/me?access_token=s3cr3t HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t0k3n\r\n\r\n");
            events = log.events();
        }
        List<String> warnings = events.stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), "exactly one warning: " + warnings);
        assertTrue(warnings.get(0).contains(response.header("X-Request-Id")), warnings.get(0));
        assertTrue(warnings.get(0).contains("502"), warnings.get(0));
        for (ch.qos.logback.classic.spi.ILoggingEvent event : events) {
            assertFalse(event.getFormattedMessage().contains("s3cr3t"), "no query secrets in logs");
            assertFalse(event.getFormattedMessage().contains("t0k3n"), "no credentials in logs");
        }
    }

    @Test
    void refusedUpstreamAnswers502WithAnHtmlPageElsewhere() throws Exception {
        int closed = closedPort();
        servers.updateProxy(p -> p.withUpstreamUrl(URI.create("http://127.0.0.1:" + closed)));
        RawHttp.Response response = RawHttp.exchange(port(), "GET /login HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(502, response.status());
        assertEquals("text/html;charset=UTF-8", response.header("Content-Type"));
        String html = response.bodyText();
        assertTrue(html.contains("Mattermost could not be reached"), html);
        assertTrue(html.contains(response.header("X-Request-Id")), "the page shows the id for support");
        assertFalse(html.contains(String.valueOf(closed)), "no upstream address to the client");
        assertFalse(html.contains("Exception"), "no stack trace");
    }

    @Test
    void slowUpstreamAnswers504InBothShapes() throws Exception {
        servers.updateProxy(p -> p.withTimeouts(null, Duration.ofMillis(300), null, null));
        CountDownLatch testDone = new CountDownLatch(1);
        servers.upstreamHandler = (req, resp) -> {
            testDone.await(10, TimeUnit.SECONDS); // slower than the response timeout, as long as the test needs
            resp.getWriter().write("too late");
        };
        try {
            assertMattermostError(RawHttp.exchange(port(), "GET /api/v4/posts HTTP/1.1\r\nHost: h\r\n\r\n"), 504);
            RawHttp.Response page = RawHttp.exchange(port(),
                    "GET /team/channels/town-square HTTP/1.1\r\nHost: h\r\n\r\n");
            assertEquals(504, page.status());
            assertTrue(page.bodyText().contains("took too long"), page.bodyText());
        } finally {
            testDone.countDown();
        }
    }

    @Test
    void upstreamDyingMidBodyCutsTheClientResponseShort() throws Exception {
        servers.upstreamHandler = (req, resp) -> {
            resp.setContentLength(1_000_000);
            resp.getOutputStream().write(new byte[10_000]);
            resp.flushBuffer();
            throw new IllegalStateException("upstream crashes mid-body");
        };
        try (RawHttp http = new RawHttp(port())) {
            http.send("GET /api/v4/files/big HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThrows(IOException.class, () -> http.readResponse(false),
                    "the client must see a broken response, never a complete-looking one");
        }
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0));
    }

    @Test
    void clientAbortMidDownloadReleasesTheUpstreamConnectionAtOnce() throws Exception {
        EndlessDownload download = new EndlessDownload();
        servers.upstreamHandler = download;
        try (RawHttp http = new RawHttp(port())) {
            http.send("GET /api/v4/files/huge HTTP/1.1\r\nHost: h\r\n\r\n");
            http.readHead();
            http.in.readNBytes(1024 * 1024);
        }
        assertTrue(download.cut.await(10, TimeUnit.SECONDS), "the upstream sees its connection closed");
        assertTrue(download.wasCutEarly(), "the proxy did not drain the body: " + download.bytesWritten.get());
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0),
                "the pooled connection is released");
    }

    @Test
    void clientAbortMidUploadReleasesTheUpstreamConnection() throws Exception {
        CountDownLatch upstreamSawAbort = new CountDownLatch(1);
        servers.upstreamHandler = (req, resp) -> {
            try (InputStream body = req.getInputStream()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
            } catch (IOException expected) {
                upstreamSawAbort.countDown();
            }
        };
        try (RawHttp http = new RawHttp(port())) {
            http.send("PUT /api/v4/files HTTP/1.1\r\nHost: h\r\nContent-Length: 100000000\r\n\r\n");
            http.send(new byte[1024 * 1024]);
        }
        assertTrue(upstreamSawAbort.await(10, TimeUnit.SECONDS), "the upstream request is aborted too");
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0),
                "the pooled connection is released");
    }

    /** An upstream that counts the bodies it reads whole and those cut off, and says when it has begun. */
    private static final class CountingUpstream implements TestServers.Handler {
        final CountDownLatch bodyArriving = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicInteger completeBodies = new AtomicInteger();
        final AtomicInteger cutBodies = new AtomicInteger();

        @Override
        public void handle(jakarta.servlet.http.HttpServletRequest req, jakarta.servlet.http.HttpServletResponse resp) {
            try (InputStream body = req.getInputStream()) {
                if (body.read() >= 0) {
                    bodyArriving.countDown();
                }
                body.transferTo(java.io.OutputStream.nullOutputStream());
                completeBodies.incrementAndGet();
            } catch (IOException expected) {
                cutBodies.incrementAndGet(); // the connection was reset mid-body, as it should be
            } finally {
                done.countDown();
            }
        }
    }

    private static void sendChunks(RawHttp http, int count, int size) throws IOException {
        byte[] chunk = new byte[size];
        for (int i = 0; i < count; i++) {
            http.send(Integer.toHexString(size) + "\r\n");
            http.send(chunk);
            http.send("\r\n");
        }
    }

    @Test
    void clientAbortMidChunkedUploadNeverReachesTheUpstreamAsACompleteBody() throws Exception {
        CountingUpstream upstream = new CountingUpstream();
        servers.upstreamHandler = upstream;
        try (RawHttp http = new RawHttp(port())) {
            http.send("POST /api/v4/files HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
            sendChunks(http, 4, 32 * 1024);
            assertTrue(upstream.bodyArriving.await(10, TimeUnit.SECONDS),
                    "the proxy streams the body upstream before the client vanishes mid-body");
        }
        assertTrue(upstream.done.await(10, TimeUnit.SECONDS), "the upstream's read of the body ends");
        assertEquals(0, upstream.completeBodies.get(),
                "a truncated chunked upload must not reach Mattermost terminated like a complete one");
        assertEquals(1, upstream.cutBodies.get());
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0),
                "the upstream connection is released");
    }

    @Test
    void chunkedBodyGrowingPastTheLimitGets413AndTheUpstreamRequestIsAborted() throws Exception {
        servers.updateProxy(p -> p.withMaxRequestBodyBytes(64 * 1024));
        CountingUpstream upstream = new CountingUpstream();
        servers.upstreamHandler = upstream;
        RawHttp.Response response;
        try (RawHttp http = new RawHttp(port())) {
            http.send("POST /api/v4/files HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
            sendChunks(http, 2, 16 * 1024);
            // Under the limit so far: the upstream has the request and is reading its body when it grows past.
            assertTrue(upstream.bodyArriving.await(10, TimeUnit.SECONDS), "the upstream is reading the body");
            sendChunks(http, 6, 16 * 1024);
            http.send("0\r\n\r\n");
            response = http.readResponse(false);
        }
        assertMattermostError(response, 413);
        assertTrue(response.bodyText().contains("(at most 64KiB)"), "the answer names the limit: " + response.bodyText());
        assertTrue(upstream.done.await(10, TimeUnit.SECONDS), "the upstream's read of the body ends");
        assertEquals(0, upstream.completeBodies.get(), "the upstream never gets a complete over-limit body");
        assertEquals(1, upstream.cutBodies.get(), "it sees the body cut off");
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0),
                "the discarded upstream connection is not leased any more");
    }

    @Test
    void connectTimeoutMapsTo502AndAResponseTimeoutTo504() {
        // A connect timeout cannot be provoked on loopback; the mapping itself is pinned here.
        assertEquals(ProxyError.BAD_GATEWAY, servers.proxyServlet.upstreamFailureError(
                new org.apache.hc.client5.http.ConnectTimeoutException("connect timed out")));
        assertEquals(ProxyError.GATEWAY_TIMEOUT, servers.proxyServlet.upstreamFailureError(
                new java.net.SocketTimeoutException("Read timed out")));
        assertEquals(ProxyError.BAD_GATEWAY, servers.proxyServlet.upstreamFailureError(
                new org.apache.hc.core5.http.NoHttpResponseException("closed")));
        assertEquals(ProxyError.INVALID_UPSTREAM_RESPONSE, servers.proxyServlet.upstreamFailureError(
                new org.apache.hc.client5.http.ClientProtocolException("Invalid status line")));
    }

    @Test
    void concurrentExchangesAllCompleteAndReturnTheirConnections() throws Exception {
        byte[] payload = new byte[256 * 1024];
        new java.util.Random(3).nextBytes(payload);
        servers.upstreamHandler = (req, resp) -> {
            resp.setContentLength(payload.length);
            resp.getOutputStream().write(payload);
        };
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
        List<java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<byte[]>>> responses =
                new java.util.ArrayList<>();
        for (int i = 0; i < 16; i++) {
            responses.add(client.sendAsync(java.net.http.HttpRequest.newBuilder(servers.gateway("/f/" + i)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()));
        }
        for (java.util.concurrent.CompletableFuture<java.net.http.HttpResponse<byte[]>> response : responses) {
            java.net.http.HttpResponse<byte[]> done = response.get(30, TimeUnit.SECONDS);
            assertEquals(200, done.statusCode());
            org.junit.jupiter.api.Assertions.assertArrayEquals(payload, done.body());
        }
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0));
        assertTrue(servers.proxyServlet.upstreamPoolStats().getAvailable() > 0, "connections kept alive for reuse");
    }

    @Test
    void anErrorAnswerKeepsHeadersSetByFiltersInFrontButNotTheUpstreams() throws Exception {
        jakarta.servlet.Filter sessionFilter = (req, resp, chain) -> {
            ((jakarta.servlet.http.HttpServletResponse) resp).addHeader("Set-Cookie", "SSOGATE_SESSION=s1; HttpOnly");
            chain.doFilter(req, resp);
        };
        CountDownLatch testDone = new CountDownLatch(1);
        try (TestServers filtered = new TestServers("", java.util.function.UnaryOperator.identity(), null,
                sessionFilter)) {
            filtered.upstreamHandler = (req, resp) -> {
                resp.setHeader("X-Upstream", "yes");
                resp.setContentLength(100_000);
                resp.flushBuffer(); // the head arrives, the body never does: the gateway's read fails
                testDone.await(10, TimeUnit.SECONDS);
            };
            filtered.updateProxy(p -> p.withTimeouts(null, Duration.ofMillis(300), null, null));
            try {
                RawHttp.Response response = RawHttp.exchange(filtered.gatewayPort(),
                        "GET /api/v4/files/x HTTP/1.1\r\nHost: h\r\n\r\n");
                assertMattermostError(response, 504);
                assertEquals("SSOGATE_SESSION=s1; HttpOnly", response.header("Set-Cookie"),
                        "the filter's cookie survives");
                assertEquals(null, response.header("X-Upstream"), "the upstream's headers do not describe our error");
            } finally {
                testDone.countDown(); // before the servers stop, which waits for the upstream's request
            }
        }
    }

    @Test
    void theProxyRecoversAfterFailures() throws Exception {
        // One pooled connection: an exchange a failure left holding it would starve every request after it.
        servers.config.update(c -> c.withProxy(new ProxyConfig(
                URI.create("http://127.0.0.1:" + servers.upstreamPort()), null, null, null, null, 0, 1, null)));
        EndlessDownload download = new EndlessDownload();
        servers.upstreamHandler = (req, resp) -> {
            switch (req.getRequestURI()) {
                case "/crash" -> {
                    resp.setContentLength(1_000_000);
                    resp.getOutputStream().write(new byte[10_000]);
                    resp.flushBuffer();
                    throw new IllegalStateException("upstream crashes mid-body");
                }
                case "/huge" -> download.handle(req, resp);
                default -> resp.getWriter().write("fine");
            }
        };
        try (RawHttp http = new RawHttp(port())) {
            http.send("GET /crash HTTP/1.1\r\nHost: h\r\n\r\n");
            assertThrows(IOException.class, () -> http.readResponse(false));
        }
        try (RawHttp http = new RawHttp(port())) {
            http.send("GET /huge HTTP/1.1\r\nHost: h\r\n\r\n");
            http.readHead();
            http.in.readNBytes(1024 * 1024); // then the client vanishes mid-download
        }
        for (int i = 0; i < 3; i++) {
            assertEquals("fine", RawHttp.exchange(port(), "GET /x HTTP/1.1\r\nHost: h\r\n\r\n").bodyText());
        }
    }
}
