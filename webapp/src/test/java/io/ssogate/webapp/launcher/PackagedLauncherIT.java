package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.webapp.support.ChildJvm;
import io.ssogate.webapp.support.FreePort;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code ssogate.jar}, run as an admin runs it: demo mode, a clean stop on SIGTERM, and a
 * start that fails (a busy port) ending the process by itself.
 */
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
        HeldUpstream upstream = new HeldUpstream(workDir.resolve("upstream"));
        try {
            int port = FreePort.pick();
            Path config = Files.writeString(workDir.resolve("ssogate.yaml"), """
                    server:
                      port: %d
                      dataDir: %s
                      shutdownGrace: 10s
                    proxy:
                      upstreamUrl: http://127.0.0.1:%d
                    """.formatted(port, workDir.resolve("data"), upstream.port()));
            try (ChildJvm gateway = ChildJvm.start(List.of(ChildJvm.java(), "-jar", System.getProperty("ssogate.jar"),
                    "--config", config.toString()), workDir, Map.of())) {
                gateway.awaitLine("started in", Duration.ofSeconds(60));
                URI held = URI.create("http://127.0.0.1:" + port + "/held");
                CompletableFuture<HttpResponse<String>> inFlight = client.sendAsync(
                        HttpRequest.newBuilder(held).build(), HttpResponse.BodyHandlers.ofString());
                assertTrue(upstream.arrived.await(20, TimeUnit.SECONDS), "the request reached the upstream through the gateway");

                // SIGTERM. Not Process.destroy(), which also closes our end of the output pipe.
                gateway.process().toHandle().destroy();
                gateway.awaitLine("Stopping: letting in-flight requests finish", Duration.ofSeconds(20));
                // Tomcat's own unload delay is 2 s; outliving it shows server.shutdownGrace (10 s) at work.
                assertFalse(gateway.process().waitFor(3, TimeUnit.SECONDS), "the stop waits for the request in flight");
                upstream.release.countDown();

                HttpResponse<String> response = inFlight.get(20, TimeUnit.SECONDS);
                assertEquals(200, response.statusCode(), "the in-flight request finished");
                assertEquals("finally", response.body());
                assertTrue(gateway.process().waitFor(20, TimeUnit.SECONDS), gateway::output);
                assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(held).build(),
                        HttpResponse.BodyHandlers.ofString()), "the listener is closed after the stop");
            }
        } finally {
            upstream.close();
        }
    }

    @Test
    void busyPortEndsTheProcessWithOneLineAndStatusOne() throws Exception {
        Path config = Files.writeString(workDir.resolve("ssogate.yaml"), """
                server:
                  dataDir: %s
                proxy:
                  upstreamUrl: http://127.0.0.1:9
                """.formatted(workDir.resolve("data")));
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            Exited gateway = runToExit(List.of(ChildJvm.java(), "-jar", System.getProperty("ssogate.jar"),
                    "--config", config.toString(), "--port", String.valueOf(port)));

            assertEquals(1, gateway.status, gateway::toString);
            assertEquals(List.of("ssogate: port " + port + " on 127.0.0.1 is already in use"), gateway.stderr,
                    gateway::toString);
            assertFalse(gateway.stdout.contains("started"), gateway::toString);
        }
    }

    @Test
    void demoOnABusyPortEndsWithOneLineStatusOneAndStopsTheEmulator() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // The demo gives its emulator the gateway's URL as Site URL: that names this test's emulator.
            String emulatorArgument = "--site-url http://127.0.0.1:" + port;
            try {
                Exited demo = runToExit(List.of(ChildJvm.java(),
                        "-Dssogate.emulator.jar=" + System.getProperty("ssogate.emulator.jar"),
                        "-jar", System.getProperty("ssogate.jar"), "--demo", "--port", String.valueOf(port)));

                assertEquals(1, demo.status, demo::toString);
                assertEquals(List.of("ssogate: port " + port + " on 127.0.0.1 is already in use"), demo.stderr,
                        demo::toString);
                assertFalse(demo.stdout.contains("started"), demo::toString);
                assertFalse(demo.stdout.contains("Demo:"), demo::toString);

                // The emulator did start (it wrote its port), and is gone with the launcher.
                int emulatorPort = Integer.parseInt(Files.readString(workDir.resolve("data/emulator.port")).trim());
                assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + emulatorPort + "/api/v4/system/ping")).build(),
                        HttpResponse.BodyHandlers.ofString()), "nothing listens on the emulator's port");
                assertEquals(List.of(), processesWith(emulatorArgument).map(ProcessHandle::pid).toList(),
                        "no emulator process is left");
            } finally {
                processesWith(emulatorArgument).forEach(ProcessHandle::destroyForcibly);
            }
        }
    }

    private static Stream<ProcessHandle> processesWith(String argument) {
        return ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(argument));
    }

    /** A process that ended on its own, with what it wrote. */
    private record Exited(int status, String stdout, List<String> stderr) {
        @Override
        public String toString() {
            return "exit " + status + "\nstdout:\n" + stdout + "\nstderr:\n" + String.join("\n", stderr);
        }
    }

    /** Runs {@code command} until it exits by itself; a process still running after a minute fails the test. */
    private Exited runToExit(List<String> command) throws Exception {
        Path stdout = workDir.resolve("stdout.txt");
        Path stderr = workDir.resolve("stderr.txt");
        Process process = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(stdout.toFile()).redirectError(stderr.toFile()).start();
        try {
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), () -> "the process did not end by itself; stdout:\n"
                    + read(stdout) + "\nstderr:\n" + read(stderr));
            return new Exited(process.exitValue(), Files.readString(stdout), Files.readAllLines(stderr));
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    private HttpResponse<String> get(URI uri) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** An upstream that signals when a request arrives and answers it only when the test says so. */
    private static final class HeldUpstream implements AutoCloseable {

        final CountDownLatch arrived = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Tomcat tomcat = new Tomcat();

        HeldUpstream(Path baseDir) throws Exception {
            tomcat.setBaseDir(baseDir.toString());
            tomcat.setPort(0);
            tomcat.getConnector().setProperty("address", "127.0.0.1");
            Context context = tomcat.addContext("", null);
            Tomcat.addServlet(context, "held", new HttpServlet() {
                @Override
                protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                    arrived.countDown();
                    try {
                        if (!release.await(60, TimeUnit.SECONDS)) {
                            resp.sendError(504, "never released");
                            return;
                        }
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    resp.setContentType("text/plain");
                    resp.getWriter().write("finally");
                }
            });
            context.addServletMappingDecoded("/held", "held");
            tomcat.start();
        }

        int port() {
            return tomcat.getConnector().getLocalPort();
        }

        @Override
        public void close() throws Exception {
            release.countDown();
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
