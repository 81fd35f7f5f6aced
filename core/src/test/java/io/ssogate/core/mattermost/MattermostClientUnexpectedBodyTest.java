package io.ssogate.core.mattermost;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What answers is not always Mattermost: a proxy in front of it may send its own HTML page, even with 200.
 * Such a body is an error naming the status and content type, never an empty user, and never quoted (a
 * page may echo the request, token included).
 */
class MattermostClientUnexpectedBodyTest {

    private static final String SECRET_IN_PAGE = "echoed-token-s3cr3t";

    private HttpServer server;
    private MattermostClient client;

    private static final String PAGE = "<!DOCTYPE html><html><body>Sign in to the proxy. You sent "
            + SECRET_IN_PAGE + "</body></html>";

    private void answerEveryRequestWith(int status, String contentType) throws IOException {
        answerEveryRequestWith(status, contentType, PAGE);
    }

    private void answerEveryRequestWith(int status, String contentType, String body) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        byte[] page = body.getBytes(StandardCharsets.UTF_8);
        server.createContext("/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            exchange.getResponseHeaders().set("Content-Type", contentType);
            exchange.sendResponseHeaders(status, page.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(page);
            }
        });
        server.start();
        client = new MattermostClient(URI.create("http://127.0.0.1:" + server.getAddress().getPort()),
                "admin-token", Duration.ofSeconds(5));
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void htmlPageWith200IsAnErrorNamingStatusAndContentTypeNotAnEmptyUser() throws IOException {
        answerEveryRequestWith(200, "text/html; charset=utf-8");

        MattermostApiException e = assertThrows(MattermostApiException.class, () -> client.getUser("abc"));

        assertEquals(200, e.statusCode());
        assertTrue(e.getMessage().contains("200") && e.getMessage().contains("text/html"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET_IN_PAGE), "the body is never quoted: " + e.getMessage());
    }

    @Test
    void htmlPageOnLoginIsAnErrorNotASessionWithoutToken() throws IOException {
        answerEveryRequestWith(200, "text/html");

        MattermostApiException e = assertThrows(MattermostApiException.class,
                () -> client.login("alice", "Passw0rd!", null));

        assertTrue(e.getMessage().contains("text/html"), e.getMessage());
    }

    @Test
    void proxyNotFoundPageIsAnErrorNotAnAbsentUser() throws IOException {
        // Mattermost's own 404 for an unknown user is JSON; a proxy's 404 page says nothing about the
        // user, and reading it as "no such user" would make provisioning create a duplicate.
        answerEveryRequestWith(404, "text/html");

        MattermostApiException e = assertThrows(MattermostApiException.class,
                () -> client.findUserByUsername("alice"));

        assertEquals(404, e.statusCode());
        assertFalse(e.isNotFound());
        assertFalse(e.getMessage().contains(SECRET_IN_PAGE), e.getMessage());
    }

    @Test
    void jsonFollowedByMoreTextIsNotJson() throws IOException {
        answerEveryRequestWith(200, "application/json", "{\"id\":\"abc\"} " + PAGE);

        MattermostApiException e = assertThrows(MattermostApiException.class, () -> client.getUser("abc"));

        assertTrue(e.getMessage().contains("application/json"), e.getMessage());
        assertFalse(e.getMessage().contains(SECRET_IN_PAGE), e.getMessage());
    }

    @Test
    void proxyErrorPageMakesPingUnhealthy() throws IOException {
        answerEveryRequestWith(200, "text/html");

        assertFalse(client.ping());
    }
}
