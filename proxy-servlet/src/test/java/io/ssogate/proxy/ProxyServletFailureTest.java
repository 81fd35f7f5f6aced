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
import java.util.concurrent.atomic.AtomicReference;
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
        ch.qos.logback.classic.Logger logger = (ch.qos.logback.classic.Logger)
                org.slf4j.LoggerFactory.getLogger("io.ssogate");
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        RawHttp.Response response;
        try {
            response = RawHttp.exchange(port(),
                    "GET /api/v4/users/me?access_token=s3cr3t HTTP/1.1\r\nHost: h\r\nAuthorization: Bearer t0k3n\r\n\r\n");
        } finally {
            logger.detachAppender(appender);
        }
        List<String> warnings = appender.list.stream()
                .filter(e -> e.getLevel() == ch.qos.logback.classic.Level.WARN)
                .map(ch.qos.logback.classic.spi.ILoggingEvent::getFormattedMessage).toList();
        assertEquals(1, warnings.size(), "exactly one warning: " + warnings);
        assertTrue(warnings.get(0).contains(response.header("X-Request-Id")), warnings.get(0));
        assertTrue(warnings.get(0).contains("502"), warnings.get(0));
        for (ch.qos.logback.classic.spi.ILoggingEvent event : appender.list) {
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
        servers.upstreamHandler = (req, resp) -> {
            Thread.sleep(1500);
            resp.getWriter().write("too late");
        };
        assertMattermostError(RawHttp.exchange(port(), "GET /api/v4/posts HTTP/1.1\r\nHost: h\r\n\r\n"), 504);
        RawHttp.Response page = RawHttp.exchange(port(), "GET /team/channels/town-square HTTP/1.1\r\nHost: h\r\n\r\n");
        assertEquals(504, page.status());
        assertTrue(page.bodyText().contains("took too long"), page.bodyText());
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
        CountDownLatch upstreamSawClose = new CountDownLatch(1);
        AtomicReference<Long> bytesWritten = new AtomicReference<>(0L);
        servers.upstreamHandler = (req, resp) -> {
            resp.setContentLengthLong(1L << 34); // 16 GiB: only an abort ends this before the test does
            byte[] chunk = new byte[64 * 1024];
            try {
                for (long sent = 0; sent < (1L << 34); sent += chunk.length) {
                    resp.getOutputStream().write(chunk);
                    bytesWritten.set(sent);
                }
            } catch (IOException expected) {
                upstreamSawClose.countDown();
            }
        };
        try (RawHttp http = new RawHttp(port())) {
            http.send("GET /api/v4/files/huge HTTP/1.1\r\nHost: h\r\n\r\n");
            http.readHead();
            http.in.readNBytes(1024 * 1024);
        }
        assertTrue(upstreamSawClose.await(10, TimeUnit.SECONDS), "the upstream sees its connection closed");
        assertTrue(bytesWritten.get() < (1L << 32), "the proxy did not drain the body: " + bytesWritten.get());
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

    @Test
    void clientAbortMidChunkedUploadNeverReachesTheUpstreamAsACompleteBody() throws Exception {
        AtomicInteger completeBodies = new AtomicInteger();
        CountDownLatch upstreamDone = new CountDownLatch(1);
        servers.upstreamHandler = (req, resp) -> {
            try (InputStream body = req.getInputStream()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
                completeBodies.incrementAndGet();
            } catch (IOException expected) {
                // the connection was reset mid-body, as it should be
            } finally {
                upstreamDone.countDown();
            }
        };
        try (RawHttp http = new RawHttp(port())) {
            http.send("POST /api/v4/files HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = new byte[32 * 1024];
            for (int i = 0; i < 4; i++) {
                http.send(Integer.toHexString(chunk.length) + "\r\n");
                http.send(chunk);
                http.send("\r\n");
            }
            Thread.sleep(200); // let the proxy start streaming upstream, then vanish mid-body
        }
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0),
                "the upstream connection is released");
        upstreamDone.await(2, TimeUnit.SECONDS);
        assertEquals(0, completeBodies.get(),
                "a truncated chunked upload must not reach Mattermost terminated like a complete one");
    }

    @Test
    void chunkedBodyGrowingPastTheLimitGets413AndTheUpstreamRequestIsAborted() throws Exception {
        servers.updateProxy(p -> p.withMaxRequestBodyBytes(64 * 1024));
        AtomicInteger completeBodies = new AtomicInteger();
        AtomicInteger abortedBodies = new AtomicInteger();
        servers.upstreamHandler = (req, resp) -> {
            try (InputStream body = req.getInputStream()) {
                body.transferTo(java.io.OutputStream.nullOutputStream());
                completeBodies.incrementAndGet();
            } catch (IOException expected) {
                abortedBodies.incrementAndGet();
            }
        };
        try (RawHttp http = new RawHttp(port())) {
            http.send("POST /api/v4/files HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
            byte[] chunk = new byte[16 * 1024];
            for (int i = 0; i < 8; i++) {
                http.send(Integer.toHexString(chunk.length) + "\r\n");
                http.send(chunk);
                http.send("\r\n");
            }
            http.send("0\r\n\r\n");
            assertMattermostError(http.readResponse(false), 413);
        }
        assertTrue(waitFor(() -> servers.proxyServlet.upstreamPoolStats().getLeased() == 0),
                "the discarded upstream connection is not leased any more");
        // The upstream either saw the connection reset mid-body or (when the reset overtook the request
        // in its receive queue) never saw the request at all; it must never get a complete body.
        Thread.sleep(200);
        assertEquals(0, completeBodies.get(), "the upstream never gets a complete over-limit body");
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
        try (TestServers filtered = new TestServers("", java.util.function.UnaryOperator.identity(), null,
                sessionFilter)) {
            filtered.upstreamHandler = (req, resp) -> {
                resp.setHeader("X-Upstream", "yes");
                resp.setContentLength(100_000);
                resp.flushBuffer(); // the head arrives, the body never does: the gateway's read fails
                Thread.sleep(1500);
            };
            filtered.updateProxy(p -> p.withTimeouts(null, Duration.ofMillis(300), null, null));
            RawHttp.Response response = RawHttp.exchange(filtered.gatewayPort(),
                    "GET /api/v4/files/x HTTP/1.1\r\nHost: h\r\n\r\n");
            assertMattermostError(response, 504);
            assertEquals("SSOGATE_SESSION=s1; HttpOnly", response.header("Set-Cookie"), "the filter's cookie survives");
            assertEquals(null, response.header("X-Upstream"), "the upstream's headers do not describe our error");
        }
    }

    @Test
    void theProxyRecoversAfterFailures() throws Exception {
        servers.upstreamHandler = (req, resp) -> resp.getWriter().write("fine");
        assertEquals("fine", RawHttp.exchange(port(), "GET /x HTTP/1.1\r\nHost: h\r\n\r\n").bodyText());
    }
}
