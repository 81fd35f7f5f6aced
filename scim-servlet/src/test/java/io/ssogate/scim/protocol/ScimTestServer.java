package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.scim.config.ScimConfig;
import io.ssogate.scim.store.ScimGroupStore;
import io.ssogate.scim.store.ScimUserStore;
import io.ssogate.scim.sync.SyncQueue;
import io.ssogate.testkit.tomcat.LoopbackTomcat;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The SCIM servlet on an embedded Tomcat at {@code /scim/v2/*}, over a migrated database; two tenants with a
 * token each ({@link #TOKEN_A} for tenant {@code a}, {@link #TOKEN_B} for {@code b}), and an HTTP client.
 */
final class ScimTestServer implements AutoCloseable {

    static final String TOKEN_A = "token-of-tenant-a";
    static final String TOKEN_B = "token-of-tenant-b";
    static final ObjectMapper JSON = new ObjectMapper();

    final GatewayDatabase database;
    final AtomicInteger enqueued = new AtomicInteger();
    volatile ScimConfig config = ScimConfig.DEFAULT;
    /** The public base URL; a proxy's by default, so tests see it is the one resources name. */
    volatile boolean behindProxy = true;
    /** When set, the authenticator cannot read its tokens, as when the database is gone. */
    volatile boolean tokenStoreDown;
    private final Tomcat tomcat;
    private final HttpClient client = HttpClient.newHttpClient();

    record Response(int status, HttpResponse<String> raw, JsonNode json) {
        String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    ScimTestServer(GatewayDatabase database) throws Exception {
        this.database = database;
        ScimServlet servlet = new ScimServlet(new ScimUserStore(database.dataSource()),
                new ScimGroupStore(database.dataSource()),
                header -> tokenStoreDown ? fail() : Optional.ofNullable(header).flatMap(h -> switch (h) {
                    case "Bearer " + TOKEN_A -> Optional.of("a");
                    case "Bearer " + TOKEN_B -> Optional.of("b");
                    default -> Optional.empty();
                }),
                new SyncQueue(enqueued::incrementAndGet), () -> config, Clock.systemUTC(),
                request -> behindProxy ? URI.create("https://gw.example.test/scim/v2")
                        : URI.create(request.getScheme() + "://" + request.getServerName() + ":"
                                + request.getServerPort() + request.getContextPath() + "/scim/v2"));
        tomcat = LoopbackTomcat.create(Files.createTempDirectory("ssogate-scim"));
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "scim", servlet);
        context.addServletMappingDecoded("/scim/v2/*", "scim");
        tomcat.start();
    }

    private static Optional<String> fail() {
        throw new io.ssogate.core.storage.StorageException("could not read a SCIM token", new SQLException("down"));
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + "/scim/v2" + path);
    }

    Response get(String token, String path, String... headers) throws IOException, InterruptedException {
        return send("GET", token, path, null, null, headers);
    }

    Response post(String token, String path, String json, String... headers) throws IOException, InterruptedException {
        return send("POST", token, path, "application/scim+json", json, headers);
    }

    Response put(String token, String path, String json, String... headers) throws IOException, InterruptedException {
        return send("PUT", token, path, "application/scim+json", json, headers);
    }

    Response patch(String token, String path, String json, String... headers) throws IOException, InterruptedException {
        return send("PATCH", token, path, "application/scim+json", json, headers);
    }

    Response delete(String token, String path, String... headers) throws IOException, InterruptedException {
        return send("DELETE", token, path, null, null, headers);
    }

    Response send(String method, String token, String path, String contentType, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        for (int i = 0; i < headers.length; i += 2) {
            request.header(headers[i], headers[i + 1]);
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        JsonNode json = response.body().isEmpty() ? null : JSON.readTree(response.body());
        return new Response(response.statusCode(), response, json);
    }

    /** A POST whose body is streamed without a Content-Length (chunked), as a client that does not know it. */
    Response postChunked(String token, String path, byte[] body) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(path))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(body)))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/scim+json").build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), response,
                response.body().isEmpty() ? null : JSON.readTree(response.body()));
    }

    /** Rows of the outbox for {@code userId}. */
    int outboxRows(String userId) throws SQLException {
        return count("SELECT COUNT(*) FROM scim_outbox WHERE user_id = ?", userId);
    }

    int count(String sql, String... parameters) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    String string(String sql, String... parameters) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? rs.getString(1) : null;
            }
        }
    }

    boolean bool(String sql, String... parameters) throws SQLException {
        try (Connection c = database.dataSource().getConnection();
             PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                s.setString(i + 1, parameters[i]);
            }
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    static String json(Map<String, ?> value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        tomcat.stop();
        tomcat.destroy();
    }
}
