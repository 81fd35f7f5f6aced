package io.ssogate.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.bench.ws.WebSocketEchoLoad;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BenchUpstreamTest {

    private static BenchUpstream upstream;
    private static HttpClient client;

    @BeforeAll
    static void start() {
        upstream = BenchUpstream.start(0);
        client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    }

    @AfterAll
    static void stop() {
        upstream.close();
    }

    @Test
    void pingAnswersSmallJsonLikeMattermost() throws Exception {
        HttpResponse<String> response = get(BenchUpstream.PING_PATH, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertTrue(response.body().contains("\"status\":\"OK\""), response.body());
        int size = response.body().length();
        assertTrue(size > 150 && size < 250, "the small-GET benchmark needs a ~200-byte body, got " + size);
    }

    @Test
    void downloadStreamsExactlyTheRequestedBytesAcrossChunks() throws Exception {
        long bytes = 5L * 1024 * 1024 + 1; // not a multiple of the 64 KiB chunk
        HttpResponse<InputStream> response = get(BenchUpstream.DOWNLOAD_PATH + "?bytes=" + bytes,
                HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(bytes), response.headers().firstValue("Content-Length").orElse(""),
                "a known length lets every proxy stream without chunked encoding");
        assertEquals(bytes, drain(response.body()));
    }

    @Test
    void downloadWithoutAValidByteCountIsA400WithTheReason() throws Exception {
        HttpResponse<String> missing = get(BenchUpstream.DOWNLOAD_PATH, HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> garbage = get(BenchUpstream.DOWNLOAD_PATH + "?bytes=lots", HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> negative = get(BenchUpstream.DOWNLOAD_PATH + "?bytes=-1", HttpResponse.BodyHandlers.ofString());

        assertEquals(400, missing.statusCode());
        assertTrue(missing.body().contains("[bytes] is required"), missing.body());
        assertEquals(400, garbage.statusCode());
        assertTrue(garbage.body().contains("got [lots]"), garbage.body());
        assertEquals(400, negative.statusCode());
    }

    @Test
    void uploadAnswersTheNumberOfBytesReceived() throws Exception {
        int bytes = 3 * 1024 * 1024 + 7;
        for (String method : new String[] {"POST", "PUT"}) {
            HttpRequest request = HttpRequest.newBuilder(url(BenchUpstream.UPLOAD_PATH))
                    .method(method, HttpRequest.BodyPublishers.ofInputStream(() -> new ZeroStream(bytes)))
                    .build();

            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

            assertEquals(200, response.statusCode(), method);
            assertEquals("{\"bytes\":" + bytes + "}", response.body(), method);
        }
    }

    @Test
    void unknownRouteIsA404() throws Exception {
        assertEquals(404, get("/api/v4/users/me", HttpResponse.BodyHandlers.discarding()).statusCode());
    }

    @Test
    void webSocketEndpointEchoesEveryMessage() throws Exception {
        URI ws = URI.create("ws://127.0.0.1:" + upstream.port() + BenchUpstream.WEBSOCKET_PATH);

        WebSocketEchoLoad.EchoLoadResult result = WebSocketEchoLoad.run(ws, 5, Duration.ofMillis(500));

        assertEquals(0, result.failedConnections());
        assertEquals(0, result.errors(), "an echo that differs from the message sent counts as an error");
        assertTrue(result.roundTrips() >= 5, "each connection completes round trips: " + result);
        assertTrue(result.p99Micros() >= result.p50Micros());
    }

    private <T> HttpResponse<T> get(String path, HttpResponse.BodyHandler<T> handler) throws Exception {
        return client.send(HttpRequest.newBuilder(url(path)).timeout(Duration.ofSeconds(30)).build(), handler);
    }

    private static URI url(String path) {
        return URI.create(upstream.baseUri() + path);
    }

    private static long drain(InputStream in) throws IOException {
        try (in) {
            byte[] buffer = new byte[8192];
            long total = 0;
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
            }
            return total;
        }
    }

    /** {@code size} zero bytes, generated on the fly so the test streams rather than holds the body. */
    private static final class ZeroStream extends InputStream {
        private long left;

        ZeroStream(long size) {
            this.left = size;
        }

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(len, left);
            java.util.Arrays.fill(b, off, off + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
