package io.ssogate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Requests framed in ways a parser in front of the gateway might read differently (request smuggling,
 * RFC 9112 §11.2), sent on raw sockets: what the gateway's Tomcat does with them and what reaches the
 * upstream. Tomcat parses the request before any valve, filter or servlet runs and has no setting for
 * these cases; the tests pin its behaviour so that a Tomcat upgrade that changes it is noticed.
 */
class RequestFramingTest {

    private static TestServers servers;
    private final List<Recorded> received = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void startServers() throws Exception {
        servers = new TestServers();
    }

    @AfterAll
    static void stopServers() throws Exception {
        servers.close();
    }

    @BeforeEach
    void recordEveryUpstreamRequest() {
        servers.upstreamHandler = (req, resp) -> {
            received.add(Recorded.of(req));
            resp.getWriter().write("ok");
        };
    }

    /** The client's connection ends after the response: bytes it sent past the request are never parsed. */
    private static void assertClosedAfterResponse(RawHttp http) throws IOException {
        assertEquals(-1, http.in.read(), "the gateway closed the connection");
    }

    /**
     * nginx (since 1.21.1) refuses this with 400; Tomcat takes RFC 9112 §6.1's other choice. Its
     * Http11Processor (prepareInputFilters) removes the Content-Length field before any valve, filter or
     * servlet runs, reads the body as chunked, and closes the connection after the response; no
     * connector setting makes it refuse instead. The proxy cannot tell such a request from a chunked
     * one, but nothing ambiguous is left: the bytes after the chunked body are never read as a request,
     * and the upstream gets a chunked body without Content-Length.
     */
    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"Content-Length: 3\r\nTransfer-Encoding: chunked",
        "Transfer-Encoding: chunked\r\nContent-Length: 3"})
    void bothContentLengthAndTransferEncodingAreReadAsChunkedAndTheConnectionIsClosed(String fields)
            throws Exception {
        try (RawHttp http = new RawHttp(servers.gatewayPort())) {
            http.send("POST /api/v4/posts HTTP/1.1\r\nHost: h\r\n" + fields + "\r\n\r\n"
                    + "5\r\nhello\r\n0\r\n\r\n"
                    + "GET /smuggled HTTP/1.1\r\nHost: h\r\n\r\n");
            RawHttp.Response response = http.readResponse(false);
            assertEquals(200, response.status());
            assertEquals("close", response.header("Connection"), "RFC 9112 §6.1: the connection must close");
            assertClosedAfterResponse(http);
        }
        assertEquals(1, received.size(), "the request after the body was never parsed: " + received);
        Recorded upstream = received.get(0);
        assertEquals("/api/v4/posts", upstream.requestUri());
        assertEquals("hello", new String(upstream.body(), StandardCharsets.UTF_8), "framed by Transfer-Encoding alone");
        assertFalse(upstream.has("content-length"), "RFC 9112 §6.3: the received Content-Length is not forwarded");
    }

    /**
     * RFC 9112 §5.2 lets a server reject obs-fold with 400 or replace it with spaces; Tomcat always does
     * the latter (HttpHeaderParser) and has no setting to refuse. The upstream then gets one plain line.
     */
    @Test
    void anObsFoldedHeaderLineIsJoinedToItsFieldWithASpace() throws Exception {
        RawHttp.Response response = RawHttp.exchange(servers.gatewayPort(),
                "GET /x HTTP/1.1\r\nHost: h\r\nX-Folded: first\r\n  second\r\nX-After: a\r\n\r\n");
        assertEquals(200, response.status());
        assertEquals(List.of("first second"), received.get(0).values("x-folded"),
                "RFC 9112 §5.2: replaced by a space, sent upstream on one line");
        assertEquals(List.of("a"), received.get(0).values("x-after"));
    }

    /**
     * RFC 9112 §2.2 lets a recipient take a bare LF as a line end; Tomcat does so in the request line and
     * the header fields (Http11InputBuffer creates its HttpHeaderParser tolerant, with no setting), while
     * chunk-size lines and trailers require CRLF. The gateway writes CRLF upstream either way.
     */
    @Test
    void bareLineFeedsEndLinesLikeCrlf() throws Exception {
        RawHttp.Response response = RawHttp.exchange(servers.gatewayPort(),
                "GET /x HTTP/1.1\nHost: h\nX-Bare: lf\r\nX-Crlf: crlf\n\n");
        assertEquals(200, response.status());
        assertEquals(List.of("lf"), received.get(0).values("x-bare"));
        assertEquals(List.of("crlf"), received.get(0).values("x-crlf"));
    }

    static Stream<Arguments> ambiguousFraming() {
        String http11 = "POST /api/v4/posts HTTP/1.1\r\nHost: h\r\n";
        return Stream.of(
                Arguments.of("two different Content-Lengths",
                        http11 + "Content-Length: 5\r\nContent-Length: 6\r\n", 400),
                Arguments.of("chunked twice", http11 + "Transfer-Encoding: chunked, chunked\r\n", 400),
                Arguments.of("chunked not last",
                        http11 + "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip\r\n", 400),
                Arguments.of("an unknown transfer coding", http11 + "Transfer-Encoding: xchunked\r\n", 501),
                Arguments.of("a space before the colon", http11 + "Content-Length : 5\r\n", 400),
                Arguments.of("a lone CR in a value", http11 + "X-Split: a\rb\r\n", 400),
                // RFC 9112 §6.1 (faulty framing, close after): Tomcat 11.0.27 refuses it, 11.0.25 did not.
                Arguments.of("Transfer-Encoding in HTTP/1.0, with a Content-Length",
                        "POST /api/v4/posts HTTP/1.0\r\nHost: h\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n",
                        400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("ambiguousFraming")
    void ambiguousFramingIsRefusedBeforeTheUpstreamSeesIt(String what, String head, int status) throws Exception {
        try (RawHttp http = new RawHttp(servers.gatewayPort())) {
            http.send(head + "\r\n5\r\nhello\r\n0\r\n\r\n");
            RawHttp.Response response = http.readResponse(false);
            assertEquals(status, response.status(), what);
            assertClosedAfterResponse(http);
        }
        assertTrue(received.isEmpty(), what + " reached the upstream: " + received);
    }
}
