package io.ssogate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.coyote.AbstractProtocol;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Guards the proxied request's cost without timing anything: the bytes the gateway's threads allocate per
 * small GET, after warm-up, counted by the JVM. Allocation follows work (every header copied, every
 * wrapper made), is deterministic enough to bound, and is what the garbage collector later pays for.
 * A change that makes the request path allocate much more fails here, on any machine.
 */
class AllocationGuardTest {

    /**
     * Measured at 15.6 to 17.3 KB per request when the budget was set (the HttpCore exchange engine, JDK 17,
     * Tomcat 11); the HttpClient execution chain it replaced measured 22 KB and would fail here. The
     * margin absorbs JIT variation, not a new copy of the headers.
     */
    static final long BUDGET_BYTES_PER_REQUEST = 20 * 1024;

    private static final int WARM_UP_REQUESTS = 20_000;
    private static final int MEASURED_REQUESTS = 10_000;
    private static final byte[] BODY = "{\"id\":\"abc\",\"username\":\"alice\",\"roles\":\"system_user\"}"
            .getBytes(StandardCharsets.UTF_8);

    private final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
    private TestServers servers;

    @BeforeEach
    void start() throws Exception {
        servers = new TestServers();
        // As the launcher's connector: one client connection carries every request (Tomcat's default is 100).
        servers.gatewayTomcat.getConnector().setProperty("maxKeepAliveRequests", "-1");
        servers.upstreamHandler = (request, response) -> {
            response.setContentType("application/json");
            response.setContentLength(BODY.length);
            response.getOutputStream().write(BODY);
        };
    }

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    @Test
    void aProxiedSmallGetAllocatesNoMoreThanItsBudget() throws IOException {
        // Tomcat names the connector's threads after the protocol handler as it was named before binding
        // (http-nio-127.0.0.1-auto-2); once bound, the handler's name also carries the port.
        String gatewayThreads = ((AbstractProtocol<?>) servers.gatewayTomcat.getConnector().getProtocolHandler())
                .getName().replace("\"", "").replace("-" + servers.gatewayPort(), "") + "-";
        try (Socket socket = new Socket("127.0.0.1", servers.gatewayPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            exchange(out, in, WARM_UP_REQUESTS);
            Map<Long, Long> before = allocatedBy(gatewayThreads);
            exchange(out, in, MEASURED_REQUESTS);
            Map<Long, Long> after = allocatedBy(gatewayThreads);

            long allocated = 0;
            for (Map.Entry<Long, Long> thread : after.entrySet()) {
                allocated += thread.getValue() - before.getOrDefault(thread.getKey(), 0L);
            }
            long perRequest = allocated / MEASURED_REQUESTS;
            System.out.println("gateway threads allocated " + perRequest + " bytes per proxied small GET");
            assertTrue(perRequest > 0, "the gateway's threads were found and measured");
            assertTrue(perRequest <= BUDGET_BYTES_PER_REQUEST, "a proxied small GET allocated " + perRequest
                    + " bytes in the gateway, over its budget of " + BUDGET_BYTES_PER_REQUEST);
        }
    }

    /** Sends {@code count} keep-alive GETs on one connection, reading each answer to its end. */
    private static void exchange(OutputStream out, InputStream in, int count) throws IOException {
        byte[] request = ("GET /api/v4/users/me?include=roles HTTP/1.1\r\nHost: chat.example.com\r\n"
                + "User-Agent: allocation-guard\r\nAccept: application/json\r\nCookie: MMAUTHTOKEN=t; MMUSERID=u\r\n"
                + "X-Requested-With: XMLHttpRequest\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < count; i++) {
            out.write(request);
            out.flush();
            assertEquals(BODY.length, readResponse(in), "response " + i);
        }
    }

    /** Reads one response with a Content-Length body; returns the body's length. */
    private static int readResponse(InputStream in) throws IOException {
        int contentLength = -1;
        StringBuilder line = new StringBuilder();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed mid-response");
            }
            if (b == '\n') {
                String header = line.toString().trim();
                line.setLength(0);
                if (header.isEmpty()) {
                    break;
                }
                if (header.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                    contentLength = Integer.parseInt(header.substring(15).trim());
                }
            } else {
                line.append((char) b);
            }
        }
        for (int i = 0; i < contentLength; i++) {
            if (in.read() < 0) {
                throw new IOException("body cut short");
            }
        }
        return contentLength;
    }

    private Map<Long, Long> allocatedBy(String threadNamePrefix) {
        Map<Long, Long> allocated = new HashMap<>();
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            if (thread.getName().startsWith(threadNamePrefix)) {
                allocated.put(thread.getId(), threads.getThreadAllocatedBytes(thread.getId()));
            }
        }
        return allocated;
    }
}
