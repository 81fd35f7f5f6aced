package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.testkit.emulator.MattermostEmulator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The embedded gateway as the launcher builds it: connector settings a proxy needs, quiet errors. That
 * start waits for storage is {@link EmbeddedGatewayStartFailureTest}'s: only a storage failure shows it.
 */
class EmbeddedGatewayTest {

    @TempDir
    Path temp;

    private MattermostEmulator mattermost;
    private EmbeddedGateway gateway;

    @BeforeEach
    void start() {
        mattermost = MattermostEmulator.builder().port(0).seedDemoUsers().build().start();
        gateway = EmbeddedGateway.start(new GatewayConfig(
                ServerConfig.defaults().withPort(0).withDataDir(temp.resolve("data")),
                ProxyConfig.of(mattermost.baseUri()), DatabaseConfig.embedded()));
    }

    @AfterEach
    void stop() {
        gateway.close();
        mattermost.close();
    }

    /** Tomcat's connector rejects {@code %2F} by default (400); the gateway's passes it through. */
    @Test
    void encodedSlashReachesMattermostAsSent() throws Exception {
        HttpResponse<String> echo = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(gateway.baseUri() + "/__emulator/echo/a%2Fb?x=%2F")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, echo.statusCode(), echo.body());
        assertTrue(echo.body().contains("a%2Fb"), echo.body());
    }

    /** Tomcat's own error page would name "Apache Tomcat/11…"; the gateway's error report valve does not. */
    @Test
    void malformedRequestGetsABareErrorWithoutServerNameOrStackTrace() throws IOException {
        String answer = rawExchange("GET /api/v4/users/me HTTP/1.1\r\nHost: h\r\nContent-Length: x\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertFalse(answer.contains("Tomcat"), answer);
        assertFalse(answer.contains("Exception"), answer);
    }

    private String rawExchange(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            ByteArrayOutputStream answer = new ByteArrayOutputStream();
            byte[] buffer = new byte[4096];
            int n;
            while ((n = in.read(buffer)) != -1) {
                answer.write(buffer, 0, n);
                if (answer.toString(StandardCharsets.ISO_8859_1).contains("</html>")) {
                    break;
                }
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
