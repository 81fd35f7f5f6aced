package io.ssogate.webapp.war;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.webapp.support.ChildJvm;
import io.ssogate.webapp.support.FreePort;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ssogate.war dropped into stock Tomcat 10.1 and 11 distributions (from Maven Central) as ROOT.war,
 * configured through $CATALINA_BASE/conf/ssogate.yaml, proxies HTTP and a WebSocket to Mattermost.
 */
class StockTomcatWarIT {

    private static MattermostEmulator mattermost;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startMattermost() {
        mattermost = MattermostEmulator.builder().port(0).seedDemoUsers().build().start();
    }

    @AfterAll
    static void stopMattermost() {
        mattermost.close();
    }

    @ParameterizedTest(name = "Tomcat {0}")
    @ValueSource(strings = {"tomcat10.version", "tomcat11.version"})
    void warDeployedAsRootProxiesHttpAndWebSocket(String versionProperty, @TempDir Path base) throws Exception {
        String version = System.getProperty(versionProperty);
        Path home = Path.of(System.getProperty("stock.tomcat.dir"), "apache-tomcat-" + version);
        int port = FreePort.pick();
        prepareCatalinaBase(home, base, port);

        try (ChildJvm tomcat = ChildJvm.start(List.of("bash", home.resolve("bin/catalina.sh").toString(), "run"),
                base, Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", base.toString(),
                        "JAVA_HOME", System.getProperty("java.home"), "CATALINA_OPTS", "-Xmx256m",
                        "CATALINA_PID", base.resolve("tomcat.pid").toString()))) {
            URI gateway = URI.create("http://127.0.0.1:" + port);
            HttpResponse<String> ping = awaitUp(gateway.resolve("/api/v4/system/ping"), tomcat);
            assertEquals(200, ping.statusCode(), tomcat::output);
            assertTrue(ping.body().contains("\"status\":\"OK\""), ping.body());
            assertTrue(ping.headers().firstValue("X-Request-Id").isPresent(), "Mattermost's own headers pass through");

            HttpResponse<String> login = client.send(HttpRequest.newBuilder(gateway.resolve("/api/v4/users/login"))
                    .POST(HttpRequest.BodyPublishers.ofString("{\"login_id\":\"alice\",\"password\":\"Passw0rd!\"}"))
                    .header("Content-Type", "application/json").build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, login.statusCode(), login.body());
            String token = login.headers().firstValue("Token").orElseThrow();

            LinkedBlockingQueue<String> events = new LinkedBlockingQueue<>();
            WebSocket socket = client.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + token)
                    .buildAsync(URI.create("ws://127.0.0.1:" + port + "/api/v4/websocket"), collector(events))
                    .get(10, TimeUnit.SECONDS);
            String hello = events.poll(10, TimeUnit.SECONDS);
            assertNotNull(hello, "hello event over the tunnel");
            assertTrue(hello.contains("\"event\":\"hello\""), hello);

            String aliceId = mattermost.findUser("alice").orElseThrow().id();
            mattermost.pushEvent(aliceId, "posted", Map.of("message", "through " + version));
            String posted = poll(events, "posted");
            assertTrue(posted.contains("through " + version), posted);
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(5, TimeUnit.SECONDS);
        }
    }

    /**
     * The README's optional set-up: the valve jar in Tomcat's lib and the valve in the Host. It is loaded by
     * Tomcat's common class loader, finds the WAR's published step pipeline through the servlet context,
     * and runs it (it says so once in Tomcat's log), while the WAR keeps working as before.
     */
    @ParameterizedTest(name = "Tomcat {0}")
    @ValueSource(strings = {"tomcat10.version", "tomcat11.version"})
    void gatewayValveInTomcatsOwnLibRunsTheWarsStepsAndTheWarStillProxies(String versionProperty, @TempDir Path base)
            throws Exception {
        String version = System.getProperty(versionProperty);
        Path home = Path.of(System.getProperty("stock.tomcat.dir"), "apache-tomcat-" + version);
        int port = FreePort.pick();
        prepareCatalinaBase(home, base, port);
        Files.createDirectories(base.resolve("lib"));
        Files.copy(Path.of(System.getProperty("ssogate.valve.jar")), base.resolve("lib/ssogate-sso-valve.jar"));
        Path serverXml = base.resolve("conf/server.xml");
        String withValve = Files.readString(serverXml).replaceFirst("(<Host [^>]*>)",
                "$1\n        <Valve className=\"io.ssogate.sso.tomcat.GatewayValve\"/>");
        Files.writeString(serverXml, withValve);

        try (ChildJvm tomcat = ChildJvm.start(List.of("bash", home.resolve("bin/catalina.sh").toString(), "run"),
                base, Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", base.toString(),
                        "JAVA_HOME", System.getProperty("java.home"), "CATALINA_OPTS", "-Xmx256m",
                        "CATALINA_PID", base.resolve("tomcat.pid").toString()))) {
            HttpResponse<String> ping = awaitUp(URI.create("http://127.0.0.1:" + port + "/api/v4/system/ping"), tomcat);
            assertEquals(200, ping.statusCode(), tomcat::output);
            assertTrue(ping.body().contains("\"status\":\"OK\""), ping.body());
            tomcat.awaitLine("ssogate's request steps run in GatewayValve for context []", Duration.ofSeconds(10));
        }
    }

    private static void prepareCatalinaBase(Path home, Path base, int port) throws IOException {
        Path conf = Files.createDirectories(base.resolve("conf"));
        try (Stream<Path> files = Files.list(home.resolve("conf"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                Files.copy(file, conf.resolve(file.getFileName()));
            }
        }
        String serverXml = Files.readString(conf.resolve("server.xml"))
                .replace("port=\"8080\"", "port=\"" + port + "\" address=\"127.0.0.1\"")
                .replace("port=\"8005\"", "port=\"-1\"");
        Files.writeString(conf.resolve("server.xml"), serverXml);
        Files.writeString(conf.resolve("ssogate.yaml"), """
                server:
                  dataDir: %s
                proxy:
                  upstreamUrl: %s
                """.formatted(base.resolve("data"), mattermost.baseUri()));
        for (String dir : List.of("logs", "temp", "work", "webapps")) {
            Files.createDirectories(base.resolve(dir));
        }
        Files.copy(Path.of(System.getProperty("ssogate.war")), base.resolve("webapps/ROOT.war"),
                StandardCopyOption.REPLACE_EXISTING);
    }

    private HttpResponse<String> awaitUp(URI uri, ChildJvm tomcat) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri)
                        .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 404 && response.statusCode() != 503) {
                    return response;
                }
            } catch (IOException notYet) {
                // Tomcat still starting
            }
            if (!tomcat.process().isAlive()) {
                break;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("ssogate in stock Tomcat did not answer; output:\n" + tomcat.output());
    }

    private static String poll(LinkedBlockingQueue<String> events, String eventName) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            String event = events.poll(250, TimeUnit.MILLISECONDS);
            if (event != null && event.contains("\"event\":\"" + eventName + "\"")) {
                return event;
            }
        }
        throw new AssertionError("no " + eventName + " event arrived");
    }

    static WebSocket.Listener collector(LinkedBlockingQueue<String> events) {
        return new WebSocket.Listener() {
            private final StringBuilder partial = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    events.add(partial.toString());
                    partial.setLength(0);
                }
                webSocket.request(1);
                return CompletableFuture.completedFuture(null);
            }
        };
    }
}
