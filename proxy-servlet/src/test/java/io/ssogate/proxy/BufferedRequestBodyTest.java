package io.ssogate.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.ssogate.proxy.hooks.BufferedRequestBody;
import jakarta.servlet.Filter;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A body a step in front read to judge it still reaches the upstream, byte for byte, framed by its length. */
class BufferedRequestBodyTest {

    private static final String BODY = "{ \"login_id\" : \"admin\",\n\t\"password\":\"p\\u00e4ss \u00e9\" }";

    private final AtomicReference<Recorded> received = new AtomicReference<>();
    private TestServers servers;

    @BeforeEach
    void start() throws Exception {
        // As the password guard does: read the whole body off the stream, then hand it on as an attribute.
        Filter reader = (request, response, chain) -> {
            byte[] body = request.getInputStream().readAllBytes();
            BufferedRequestBody.attach(request, body);
            chain.doFilter(request, response);
        };
        servers = new TestServers("", UnaryOperator.identity(), null, reader);
        servers.upstreamHandler = (req, resp) -> {
            received.set(Recorded.of(req));
            resp.setStatus(204);
        };
    }

    @AfterEach
    void stop() throws Exception {
        servers.close();
    }

    @Test
    void aBodyWithContentLengthArrivesAsSent() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);

        RawHttp.Response response = RawHttp.exchange(servers.gatewayPort(), "POST /api/v4/users/login HTTP/1.1\r\n"
                + "Host: h\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n"
                + new String(body, StandardCharsets.ISO_8859_1)); // RawHttp writes each char as one byte

        assertEquals(204, response.status());
        assertArrayEquals(body, received.get().body());
        assertEquals(List.of(Integer.toString(body.length)), received.get().values("content-length"));
    }

    @Test
    void aChunkedBodyArrivesWhole() throws Exception {
        byte[] body = BODY.getBytes(StandardCharsets.UTF_8);
        String first = new String(body, 0, 10, StandardCharsets.ISO_8859_1);
        String rest = new String(body, 10, body.length - 10, StandardCharsets.ISO_8859_1);

        RawHttp.Response response = RawHttp.exchange(servers.gatewayPort(), "POST /api/v4/users/login HTTP/1.1\r\n"
                + "Host: h\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "a\r\n" + first + "\r\n" + Integer.toHexString(body.length - 10) + "\r\n" + rest + "\r\n0\r\n\r\n");

        assertEquals(204, response.status());
        assertArrayEquals(body, received.get().body());
        assertFalse(received.get().has("transfer-encoding"), "framed by the length the proxy now knows");
    }
}
