package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.webapp.support.ChildJvm;
import io.ssogate.webapp.support.FreePort;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged {@code ssogate.jar}, run as an admin runs it: demo mode, and a clean stop on SIGTERM. */
class PackagedLauncherIT {

    @TempDir
    Path workDir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Test
    void demoServesTheEmulatorsPagesAndApiThroughTheGateway() throws Exception {
        int port = FreePort.pick();
        try (ChildJvm demo = ChildJvm.start(List.of(ChildJvm.java(),
                "-Dssogate.emulator.jar=" + System.getProperty("ssogate.emulator.jar"),
                "-jar", System.getProperty("ssogate.jar"), "--demo", "--port", String.valueOf(port)),
                workDir, Map.of())) {
            demo.awaitLine("started in", Duration.ofSeconds(60));
            demo.awaitLine("alice", Duration.ofSeconds(5));
            URI gateway = URI.create("http://127.0.0.1:" + port);

            HttpResponse<String> page = get(gateway.resolve("/"));
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("current_user"), "the emulator's page, through the gateway");

            HttpResponse<String> ping = get(gateway.resolve("/api/v4/system/ping"));
            assertEquals(200, ping.statusCode());
            assertTrue(ping.body().contains("\"status\":\"OK\""), ping.body());

            assertTrue(Files.isDirectory(workDir.resolve("data")), "the embedded database lives under data/");
            demo.terminate(Duration.ofSeconds(30));
        }
    }

    @Test
    void sigtermLetsInFlightRequestsFinishThenStops() throws Exception {
        Tomcat upstream = slowUpstream();
        try {
            int port = FreePort.pick();
            Path config = Files.writeString(workDir.resolve("ssogate.yaml"), """
                    server:
                      port: %d
                      dataDir: %s
                      shutdownGrace: 10s
                    proxy:
                      upstreamUrl: http://127.0.0.1:%d
                    """.formatted(port, workDir.resolve("data"), upstream.getConnector().getLocalPort()));
            try (ChildJvm gateway = ChildJvm.start(List.of(ChildJvm.java(), "-jar", System.getProperty("ssogate.jar"),
                    "--config", config.toString()), workDir, Map.of())) {
                gateway.awaitLine("started in", Duration.ofSeconds(60));
                URI slow = URI.create("http://127.0.0.1:" + port + "/slow");
                CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                        HttpRequest.newBuilder(slow).build(), HttpResponse.BodyHandlers.ofString());
                Thread.sleep(500); // the request is now waiting on the slow upstream

                gateway.process().destroy(); // SIGTERM
                HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), "the in-flight request finished");
                assertEquals("finally", response.body());
                assertTrue(gateway.process().waitFor(20, TimeUnit.SECONDS), gateway::output);
                assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(slow).build(),
                        HttpResponse.BodyHandlers.ofString()), "the listener is closed after the stop");
            }
        } finally {
            upstream.stop();
            upstream.destroy();
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Tomcat slowUpstream() throws Exception {
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(workDir.resolve("upstream").toString());
        tomcat.setPort(0);
        tomcat.getConnector().setProperty("address", "127.0.0.1");
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "slow", new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                resp.setContentType("text/plain");
                resp.getWriter().write("finally");
            }
        });
        context.addServletMappingDecoded("/slow", "slow");
        tomcat.start();
        return tomcat;
    }
}
