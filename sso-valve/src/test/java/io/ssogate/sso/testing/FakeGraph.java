package io.ssogate.sso.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A stand-in for Microsoft Graph on 127.0.0.1: answers each request with what the test set for its path
 * and records what it was sent. Only the expected access token gets an answer; any other gets a 401, as
 * Graph would.
 */
public final class FakeGraph implements AutoCloseable {

    /** What was sent: the path with its query, as received, and the Authorization header (null when none). */
    public record Request(String pathAndQuery, String authorization) {
    }

    /** The answer for one path. */
    public interface Answer {
        void respond(HttpExchange exchange) throws IOException;
    }

    private final HttpServer server;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final CountDownLatch release = new CountDownLatch(1);
    private final String token;

    public FakeGraph(String token) throws IOException {
        this.token = token;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(threads);
        server.start();
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Answers requests under {@code path} with {@code answer}, once the token checked out. */
    public FakeGraph on(String path, Answer answer) {
        server.createContext(path, exchange -> {
            requests.add(new Request(exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization")));
            try (exchange) {
                if (token != null && !("Bearer " + token).equals(exchange.getRequestHeaders().getFirst("Authorization"))) {
                    send(exchange, 401, "{\"error\":{\"code\":\"InvalidAuthenticationToken\"}}");
                } else {
                    answer.respond(exchange);
                }
            }
        });
        return this;
    }

    /** A 200 with a JSON body. */
    public static Answer json(String body) {
        return exchange -> send(exchange, 200, body);
    }

    public static Answer status(int status) {
        return exchange -> send(exchange, status, "{\"error\":{\"code\":\"whatever\"}}");
    }

    /** Answers nothing until the fake is closed: a Graph that hangs. */
    public Answer hang() {
        return exchange -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
    }

    public static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
