package io.ssogate.testkit.emulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/** Plain HTTP and WebSocket calls to an emulator, with no cookie jar: every test states its headers. */
final class EmulatorClient {
    static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    EmulatorClient(URI base) {
        this.base = base;
    }

    HttpResponse<String> send(String method, String path, String body, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            b.header("Content-Type", "application/json");
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        try {
            return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpResponse<String> get(String path, String... headers) {
        return send("GET", path, null, headers);
    }

    HttpResponse<String> post(String path, String body, String... headers) {
        return send("POST", path, body, headers);
    }

    HttpResponse<String> put(String path, String body, String... headers) {
        return send("PUT", path, body, headers);
    }

    /** Logs in without X-Requested-With; returns the Token header. */
    String login(String loginId, String password) {
        HttpResponse<String> r = post("/api/v4/users/login",
                "{\"login_id\":\"" + loginId + "\",\"password\":\"" + password + "\"}");
        assertEquals(200, r.statusCode(), r.body());
        return r.headers().firstValue("Token").orElseThrow();
    }

    static JsonNode json(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(r.body(), e);
        }
    }

    /** Asserts the status and the Mattermost error id, and that the body has all five AppError fields. */
    static JsonNode assertError(HttpResponse<String> r, int status, String id) {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode body = json(r);
        assertEquals(id, body.path("id").asText(), r.body());
        for (String f : List.of("id", "message", "detailed_error", "request_id", "status_code")) {
            assertNotNull(body.get(f), "error body field " + f + " missing: " + r.body());
        }
        assertEquals("", body.get("detailed_error").asText());
        assertEquals(status, body.get("status_code").asInt());
        assertEquals(r.headers().firstValue("X-Request-Id").orElseThrow(), body.get("request_id").asText(),
                "the body's request_id repeats the X-Request-Id header");
        return body;
    }

    static String bearer(String token) {
        return "Bearer " + token;
    }

    /** A WebSocket client that queues every text message it receives. */
    Socket openSocket(String path, Map<String, String> headers) {
        Socket s = new Socket();
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        URI ws = URI.create("ws://" + base.getAuthority() + path);
        s.ws = b.buildAsync(ws, s).join();
        return s;
    }

    CompletableFuture<WebSocket> openSocketAsync(String path, Map<String, String> headers) {
        WebSocket.Builder b = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        headers.forEach(b::header);
        return b.buildAsync(URI.create("ws://" + base.getAuthority() + path), new Socket());
    }

    static final class Socket implements WebSocket.Listener {
        final BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        private final StringBuilder partial = new StringBuilder();
        WebSocket ws;

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    messages.add(JSON.readTree(partial.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                partial.setLength(0);
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.completeExceptionally(error);
        }

        void send(String text) {
            ws.sendText(text, true).join();
        }

        JsonNode next() {
            try {
                JsonNode m = messages.poll(5, TimeUnit.SECONDS);
                assertNotNull(m, "no WebSocket message within 5 s");
                return m;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        void close() {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
        }
    }
}
