package io.ssogate.webapp.launcher;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The OpenID provider that {@code --demo} signs people in through: the test kit's demo provider on
 * mock-oauth2-server, run as a child process from the emulator's jar (its second main class). The gateway
 * reaches it over HTTP only, as it would a company's IdP; production code never links against the test kit.
 */
public final class DemoOidcProcess implements AutoCloseable {

    static final String MAIN_CLASS = "io.ssogate.testkit.oidc.DemoOidcProvider";
    /** The line the provider prints when it is ready; the issuer URL follows. Kept in step with the test kit. */
    static final String READY = "Demo OIDC provider ready, issuer: ";
    static final String ISSUER_ID = "demo";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

    private final Process process;
    private final URI issuer;

    private DemoOidcProcess(Process process, URI issuer) {
        this.process = process;
        this.issuer = issuer;
    }

    /**
     * Starts the provider and waits for its ready line. Its output goes to {@code dataDir/demo-oidc.log};
     * it also writes its issuer URL to {@code dataDir/demo-oidc.issuer}, for scripts.
     */
    public static DemoOidcProcess start(Path dataDir) throws IOException {
        Path jar = DemoEmulatorProcess.locateJar().orElseThrow(() -> new IOException("the demo needs the emulator jar ["
                + DemoEmulatorProcess.DEFAULT_JAR + "], which also holds its OpenID provider: build it with "
                + "./mvnw -q -pl testkit -am package -DskipTests, or run ./ssogate --demo"));
        Files.createDirectories(dataDir);
        Path log = dataDir.resolve("demo-oidc.log");
        // Absolute: its command line then names this data directory, telling two demos on one machine apart.
        Path issuerFile = dataDir.resolve("demo-oidc.issuer").toAbsolutePath();
        Files.deleteIfExists(issuerFile);
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx128m", "-cp", jar.toString(), MAIN_CLASS,
                "--port", "0", "--issuer", ISSUER_ID, "--issuer-file", issuerFile.toString());
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        CompletableFuture<URI> ready = new CompletableFuture<>();
        // Reads the ready line, then keeps draining the output into the log so the provider never blocks on it.
        Thread reader = new Thread(() -> copyOutput(process, log, ready), "demo-oidc-output");
        reader.setDaemon(true);
        reader.start();
        try {
            return new DemoOidcProcess(process, ready.get(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
        } catch (ExecutionException e) {
            stop(process);
            throw new IOException(e.getCause().getMessage() + "; see " + log, e.getCause());
        } catch (TimeoutException e) {
            stop(process);
            throw new IOException("the demo OpenID provider did not start within " + START_TIMEOUT.toSeconds()
                    + " s; see " + log);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stop(process);
            throw new IOException("interrupted while starting the demo OpenID provider", e);
        }
    }

    private static void copyOutput(Process process, Path log, CompletableFuture<URI> ready) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             BufferedWriter out = Files.newBufferedWriter(log, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                out.write(line);
                out.newLine();
                out.flush();
                if (!ready.isDone() && line.startsWith(READY)) {
                    ready.complete(URI.create(line.substring(READY.length()).strip()));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            ready.completeExceptionally(new IOException("reading the demo OpenID provider's output: " + e.getMessage(), e));
        }
        if (!ready.isDone()) {
            int status;
            try {
                status = process.waitFor();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                status = -1;
            }
            ready.completeExceptionally(new IOException("the demo OpenID provider exited with status " + status));
        }
    }

    /** The issuer URL, as the provider printed it. */
    public URI issuer() {
        return issuer;
    }

    public URI discoveryUri() {
        return URI.create(issuer + "/.well-known/openid-configuration");
    }

    @Override
    public void close() {
        stop(process);
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }
}
