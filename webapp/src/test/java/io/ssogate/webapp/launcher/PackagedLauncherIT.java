package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.ssogate.webapp.support.ChildJvm;
import io.ssogate.webapp.support.FreePort;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.ConnectException;
import java.net.CookieManager;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.catalina.Context;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged {@code ssogate.jar}, run as an admin runs it: demo mode (a sign-in through the demo OpenID
 * provider), a clean stop on SIGTERM, and a start that fails (a busy port) ending the process by itself.
 */
class PackagedLauncherIT {

    @TempDir
    Path workDir;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * What the README tells a newcomer to do, without a browser: open the gateway, type alice's email,
     * sign in at the demo OpenID provider, and find her signed in at {@code /sso/me}. Redirects are
     * followed by hand, so each hop of the sign-in is checked.
     */
    @Test
    void demoSignsAliceInThroughTheDemoOpenIdProviderAndLandsHerInMattermost() throws Exception {
        int port = FreePort.pick();
        try (ChildJvm demo = ChildJvm.start(List.of(ChildJvm.java(),
                "-Dssogate.emulator.jar=" + System.getProperty("ssogate.emulator.jar"),
                "-jar", System.getProperty("ssogate.jar"), "--demo", "--port", String.valueOf(port)),
                workDir, Map.of())) {
            demo.awaitLine("started in", Duration.ofSeconds(60));
            URI gateway = URI.create("http://127.0.0.1:" + port);
            demo.awaitLine("sign in as alice@demo.example at " + gateway + "/", Duration.ofSeconds(5));
            demo.awaitLine("SCIM provisioning of the demo tenant: base URL " + gateway + "/scim/v2,",
                    Duration.ofSeconds(5));
            String token = demo.awaitLine(" scim_", Duration.ofSeconds(5)).strip();
            assertTrue(token.matches("scim_[A-Za-z0-9_-]{43}"), "the demo's SCIM token, alone on its line: " + token);
            URI issuer = URI.create(Files.readString(workDir.resolve("data/demo-oidc.issuer")).trim());
            CookieManager cookies = new CookieManager();
            // HTTP/1.1 as a browser speaks it: the client's default HTTP/2 attempt adds "Upgrade: h2c", which
            // the gateway's sign-in check takes for a WebSocket handshake (401, not a redirect).
            HttpClient browser = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).cookieHandler(cookies)
                    .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();

            // A page load without a session goes to the sign-in page.
            HttpResponse<String> home = send(browser, HttpRequest.newBuilder(gateway.resolve("/")).build());
            assertEquals(302, home.statusCode(), home::toString);
            URI signInPage = gateway.resolve(location(home));
            assertEquals("/sso/login", signInPage.getPath());

            HttpResponse<String> emailPage = send(browser, HttpRequest.newBuilder(signInPage).build());
            assertEquals(200, emailPage.statusCode(), emailPage::body);
            assertTrue(emailPage.body().contains("Demo Corp"), "the demo company's name on the page");
            String csrf = hiddenField(emailPage.body(), "csrf");
            assertTrue(cookies.getCookieStore().getCookies().stream().anyMatch(c -> c.getName().equals("SSOGATE_CSRF")),
                    "the CSRF cookie is set with the form: " + cookies.getCookieStore().getCookies());

            // The typed email picks the demo tenant, whose IdP is the demo provider; the email goes along as a hint.
            HttpResponse<String> toProvider = send(browser, HttpRequest.newBuilder(gateway.resolve("/sso/login"))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(form(Map.of("csrf", csrf, "redirect_to", hiddenField(emailPage.body(), "redirect_to"),
                            "email", "alice@demo.example"))).build());
            assertEquals(303, toProvider.statusCode(), toProvider::body);
            URI authorize = URI.create(location(toProvider));
            assertEquals(URI.create(issuer + "/authorize"), withoutQuery(authorize),
                    "the demo provider's authorization endpoint");
            assertTrue(authorize.getQuery().contains("login_hint=alice@demo.example"), authorize::toString);
            assertTrue(authorize.getQuery().contains("client_id=ssogate-demo"), authorize::toString);

            // The provider's page asks for the email, already filled in; signing in there returns to the gateway.
            HttpResponse<String> providerPage = send(browser, HttpRequest.newBuilder(authorize).build());
            assertEquals(200, providerPage.statusCode(), providerPage::body);
            assertTrue(providerPage.body().contains("value=\"alice@demo.example\""), providerPage::body);
            HttpResponse<String> backToGateway = send(browser, HttpRequest.newBuilder(authorize)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(form(Map.of("username", "alice@demo.example"))).build());
            assertEquals(302, backToGateway.statusCode(), backToGateway::body);
            URI callback = URI.create(location(backToGateway));
            assertEquals(gateway.resolve("/sso/callback"), withoutQuery(callback), callback::toString);

            HttpResponse<String> signedIn = send(browser, HttpRequest.newBuilder(callback).build());
            assertEquals(302, signedIn.statusCode(), signedIn::body);
            assertEquals(gateway.resolve("/"), gateway.resolve(location(signedIn)), "back to the page first asked for");

            HttpResponse<String> me = send(browser, HttpRequest.newBuilder(gateway.resolve("/sso/me")).build());
            assertEquals(200, me.statusCode(), me::body);
            JsonNode who = new ObjectMapper().readTree(me.body());
            assertTrue(who.path("signedIn").asBoolean(), me.body());
            assertEquals("alice@demo.example", who.path("email").asText(), me.body());
            assertEquals("Alice Adams", who.path("displayName").asText(), me.body());
            assertEquals("alice", who.path("username").asText(), me.body());
            assertEquals("demo", who.path("tenant").asText(), me.body());
            assertEquals("demo-oidc", who.path("idp").asText(), me.body());

            // Signed in, the first page load logs alice into Mattermost (her account taken over, its password
            // vaulted) and comes back to the same page with Mattermost's cookies.
            HttpResponse<String> injected = send(browser, HttpRequest.newBuilder(gateway.resolve("/")).build());
            assertEquals(302, injected.statusCode(), injected::toString);
            assertEquals(gateway.resolve("/"), gateway.resolve(location(injected)));
            assertTrue(injected.headers().allValues("Set-Cookie").stream().anyMatch(c -> c.startsWith("MMAUTHTOKEN=")),
                    () -> injected.headers().toString());
            HttpResponse<String> page = send(browser, HttpRequest.newBuilder(gateway.resolve("/")).build());
            assertEquals(200, page.statusCode(), page::toString);
            assertTrue(page.body().contains("current_user"), "the emulator's page, through the gateway");
            HttpResponse<String> mattermostMe = send(browser, HttpRequest.newBuilder(gateway.resolve("/api/v4/users/me"))
                    .header("X-Requested-With", "XMLHttpRequest").build());
            assertEquals(200, mattermostMe.statusCode(), mattermostMe::body);
            assertEquals("alice@demo.example", new ObjectMapper().readTree(mattermostMe.body()).path("email").asText(),
                    "logged into Mattermost as alice");

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
                // Before the start was reported, the request path ran hot (here on the upstream's 404s).
                assertTrue(gateway.output().contains("Warm-up: 10000 requests through the request path in"),
                        gateway::output);
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
    void demoOnABusyPortEndsWithOneLineStatusOneAndStopsTheEmulatorAndTheProvider() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            // The demo gives its emulator the gateway's URL as Site URL: that names this test's emulator.
            String emulatorArgument = "--site-url http://127.0.0.1:" + port;
            // The demo gives its OpenID provider an issuer file in this test's data directory.
            String oidcArgument = "--issuer-file " + workDir.resolve("data/demo-oidc.issuer").toAbsolutePath();
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

                // So did the demo OpenID provider, and it is gone too.
                URI issuer = URI.create(Files.readString(workDir.resolve("data/demo-oidc.issuer")).trim());
                assertThrows(ConnectException.class, () -> client.send(HttpRequest.newBuilder(
                        URI.create(issuer + "/.well-known/openid-configuration")).build(),
                        HttpResponse.BodyHandlers.ofString()), "nothing listens on the provider's port");
                assertEquals(List.of(), processesWith(oidcArgument).map(ProcessHandle::pid).toList(),
                        "no OpenID provider process is left");
            } finally {
                processesWith(emulatorArgument).forEach(ProcessHandle::destroyForcibly);
                processesWith(oidcArgument).forEach(ProcessHandle::destroyForcibly);
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

    private static HttpResponse<String> send(HttpClient browser, HttpRequest request)
            throws IOException, InterruptedException {
        return browser.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String location(HttpResponse<?> response) {
        return response.headers().firstValue("Location")
                .orElseThrow(() -> new AssertionError("no Location header: " + response));
    }

    /** The value of a hidden {@code <input type="hidden" name="NAME" value="...">} of a page. */
    private static String hiddenField(String html, String name) {
        Matcher field = Pattern.compile("<input type=\"hidden\" name=\"" + Pattern.quote(name)
                + "\" value=\"([^\"]*)\"").matcher(html);
        assertTrue(field.find(), () -> "no hidden field " + name + " in:\n" + html);
        return unescapeHtml(field.group(1));
    }

    /** Undoes the page template's escaping of an attribute value: named and numeric character references. */
    private static String unescapeHtml(String text) {
        Matcher reference = Pattern.compile("&(#x[0-9a-fA-F]+|#[0-9]+|amp|quot|lt|gt|apos);").matcher(text);
        StringBuilder out = new StringBuilder();
        while (reference.find()) {
            String name = reference.group(1);
            String character = switch (name) {
                case "amp" -> "&";
                case "quot" -> "\"";
                case "lt" -> "<";
                case "gt" -> ">";
                case "apos" -> "'";
                default -> Character.toString(name.startsWith("#x") ? Integer.parseInt(name.substring(2), 16)
                        : Integer.parseInt(name.substring(1)));
            };
            reference.appendReplacement(out, Matcher.quoteReplacement(character));
        }
        return reference.appendTail(out).toString();
    }

    private static URI withoutQuery(URI uri) {
        return URI.create(uri.getScheme() + "://" + uri.getRawAuthority() + uri.getRawPath());
    }

    private static HttpRequest.BodyPublisher form(Map<String, String> fields) {
        return HttpRequest.BodyPublishers.ofString(String.join("&", fields.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList()));
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
