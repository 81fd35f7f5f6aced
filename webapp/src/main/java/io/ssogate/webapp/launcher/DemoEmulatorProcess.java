package io.ssogate.webapp.launcher;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * The Mattermost emulator that {@code --demo} puts behind the gateway, run as a child process from
 * its own jar ({@code testkit/target/mattermost-emulator.jar}). The gateway reaches it over HTTP only,
 * exactly as it would reach a real Mattermost; production code never links against the test kit.
 */
final class DemoEmulatorProcess implements AutoCloseable {

    /** Where the {@code ssogate} script says the emulator jar is. */
    static final String JAR_PROPERTY = "ssogate.emulator.jar";
    static final Path DEFAULT_JAR = Path.of("testkit", "target", "mattermost-emulator.jar");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Process process;
    private final URI baseUri;

    private DemoEmulatorProcess(Process process, URI baseUri) {
        this.process = process;
        this.baseUri = baseUri;
    }

    /**
     * Starts the emulator with the demo company's people (alice and bob {@code @demo.example}, with passwords
     * nobody knows: the gateway takes their accounts over at their first sign-in) and the given admin token.
     */
    static DemoEmulatorProcess start(Path dataDir, URI siteUrl, String adminToken) throws IOException {
        Path jar = locateJar().orElseThrow(() -> new IOException("the demo needs the Mattermost emulator jar ["
                + DEFAULT_JAR + "]: build it with ./mvnw -q -pl testkit -am package -DskipTests, or run ./ssogate --demo"));
        Files.createDirectories(dataDir);
        Path portFile = dataDir.resolve("emulator.port");
        Files.deleteIfExists(portFile);
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx256m");
        command.add("-jar");
        command.add(jar.toString());
        Path people = dataDir.resolve("demo-people.json");
        Files.writeString(people, """
                [{"username": "alice", "email": "alice@demo.example", "password": "%s"},
                 {"username": "bob", "email": "bob@demo.example", "password": "%s"}]
                """.formatted(unknownPassword(), unknownPassword()), StandardCharsets.UTF_8);
        command.addAll(List.of("--port", "0", "--seed-users", people.toString(), "--admin-token", adminToken,
                "--site-url", siteUrl.toString(), "--port-file", portFile.toString()));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(dataDir.resolve("emulator.log").toFile())
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("the Mattermost emulator exited with status " + process.exitValue()
                        + "; see " + dataDir.resolve("emulator.log"));
            }
            String port = Files.exists(portFile) ? Files.readString(portFile, StandardCharsets.UTF_8).trim() : "";
            if (!port.isEmpty()) {
                return new DemoEmulatorProcess(process, URI.create("http://127.0.0.1:" + port));
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IOException("interrupted while starting the emulator", e);
            }
        }
        process.destroyForcibly();
        throw new IOException("the Mattermost emulator did not start within " + START_TIMEOUT.toSeconds() + " s");
    }

    private static String unknownPassword() {
        byte[] bytes = new byte[24];
        RANDOM.nextBytes(bytes);
        return "Demo-" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "9!";
    }

    static Optional<Path> locateJar() {
        String configured = System.getProperty(JAR_PROPERTY);
        Path jar = configured != null ? Path.of(configured) : DEFAULT_JAR;
        return Files.isRegularFile(jar) ? Optional.of(jar) : Optional.empty();
    }

    URI baseUri() {
        return baseUri;
    }

    @Override
    public void close() {
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
