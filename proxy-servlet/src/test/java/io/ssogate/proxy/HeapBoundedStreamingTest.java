package io.ssogate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * 1 GiB each way through the proxy in a JVM limited to 128 MiB of heap (the {@code heap} surefire
 * execution), gateway and upstream included: only streaming can pass. Both ends checksum the bytes.
 */
@Tag("heap")
class HeapBoundedStreamingTest {

    private static final long ONE_GIB = 1L << 30;
    private static final int BLOCK = 64 * 1024;
    private static TestServers servers;

    @BeforeAll
    static void startServers() throws Exception {
        assertTrue(Runtime.getRuntime().maxMemory() <= 160L * 1024 * 1024,
                "run with -Xmx128m (the heap execution), was " + Runtime.getRuntime().maxMemory());
        servers = new TestServers();
    }

    @AfterAll
    static void stopServers() throws Exception {
        servers.close();
    }

    /** Block {@code index} of the test stream: random-looking and different per block, so order matters. */
    private static void fillBlock(byte[] block, long index) {
        long x = index * 0x9E3779B97F4A7C15L + 1;
        for (int i = 0; i < block.length; i += 8) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            for (int b = 0; b < 8; b++) {
                block[i + b] = (byte) (x >>> (b * 8));
            }
        }
    }

    /** The test stream, generated on the fly; never held in memory. */
    private static final class GeneratedStream extends InputStream {
        private final byte[] block = new byte[BLOCK];
        private final long length;
        private final CRC32C crc = new CRC32C();
        private long position;

        GeneratedStream(long length) {
            this.length = length;
        }

        @Override
        public int read() {
            throw new UnsupportedOperationException();
        }

        @Override
        public int read(byte[] buffer, int offset, int count) {
            if (position >= length) {
                return -1;
            }
            int inBlock = (int) (position % BLOCK);
            if (inBlock == 0) {
                fillBlock(block, position / BLOCK);
            }
            int n = (int) Math.min(Math.min(count, BLOCK - inBlock), length - position);
            System.arraycopy(block, inBlock, buffer, offset, n);
            crc.update(buffer, offset, n);
            position += n;
            return n;
        }
    }

    private static long[] countAndChecksum(InputStream in) throws IOException {
        byte[] buffer = new byte[BLOCK];
        CRC32C crc = new CRC32C();
        long total = 0;
        int n;
        while ((n = in.read(buffer)) != -1) {
            crc.update(buffer, 0, n);
            total += n;
        }
        return new long[] {total, crc.getValue()};
    }

    @Test
    void oneGibDownloadStreamsThroughASmallHeap() throws Exception {
        AtomicLong sentCrc = new AtomicLong();
        servers.upstreamHandler = (req, resp) -> {
            resp.setContentType("application/octet-stream");
            resp.setContentLengthLong(ONE_GIB);
            GeneratedStream body = new GeneratedStream(ONE_GIB);
            try (OutputStream out = resp.getOutputStream()) {
                body.transferTo(out);
            }
            sentCrc.set(body.crc.getValue());
        };
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(servers.gateway("/api/v4/files/big")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertEquals(String.valueOf(ONE_GIB), response.headers().firstValue("Content-Length").orElseThrow());
        long[] received;
        try (InputStream body = response.body()) {
            received = countAndChecksum(body);
        }
        assertEquals(ONE_GIB, received[0], "every byte arrived");
        assertEquals(sentCrc.get(), received[1], "in order and unchanged");
    }

    @Test
    void oneGibUploadStreamsThroughASmallHeap() throws Exception {
        AtomicLong receivedCount = new AtomicLong();
        AtomicLong receivedCrc = new AtomicLong();
        servers.upstreamHandler = (req, resp) -> {
            long[] received = countAndChecksum(req.getInputStream());
            receivedCount.set(received[0]);
            receivedCrc.set(received[1]);
            resp.setStatus(201);
        };
        GeneratedStream upload = new GeneratedStream(ONE_GIB);
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<Void> response = client.send(
                HttpRequest.newBuilder(servers.gateway("/api/v4/files"))
                        .POST(HttpRequest.BodyPublishers.fromPublisher(
                                HttpRequest.BodyPublishers.ofInputStream(() -> upload), ONE_GIB))
                        .build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(201, response.statusCode());
        assertEquals(ONE_GIB, receivedCount.get(), "every byte arrived");
        assertEquals(upload.crc.getValue(), receivedCrc.get(), "in order and unchanged");
    }
}
