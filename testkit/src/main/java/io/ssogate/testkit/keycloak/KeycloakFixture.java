package io.ssogate.testkit.keycloak;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real Keycloak ({@code kc.sh start-dev}) on 127.0.0.1 and a free port, with the realms {@code corp} and
 * {@code partner} (this package's {@code realm-*.json}, the same files as the shared Keycloak kit) imported
 * into an in-memory database at start. {@link Builder#start()} returns once master and both realms serve
 * OIDC discovery; {@link #close()} stops the process tree. Each fixture has its own state directory
 * (import dir and {@code keycloak.log}); nothing of the caller's terminal or pipes reaches Keycloak.
 *
 * <p>Start it once per test class (start-dev takes 25–90 s here): signing keys and sessions are new at
 * every start, so fetch JWKS and SAML metadata at run time. See the realm tables in testkit/README.md
 * (users, passwords, clients, secrets) and the {@code SSOGATE_*} variables the realm files read.
 */
public final class KeycloakFixture implements AutoCloseable {

    /** The imported realms, besides master. */
    public static final List<String> REALMS = List.of("corp", "partner");
    /** The master realm's administrator (admin console and admin REST API); test data, not a secret. */
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";
    /** The OIDC client and SAML SP entity id in both realms. */
    public static final String OIDC_CLIENT_ID = "ssogate";
    public static final String SAML_SP_ENTITY_ID = "urn:ssogate:sp";

    private static final Logger LOG = LoggerFactory.getLogger(KeycloakFixture.class);
    private static final String LOOPBACK = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /** One start at a time in this JVM; the file lock below covers other JVMs (parallel module builds). */
    private static final ReentrantLock START_LOCK = new ReentrantLock();

    private final Process process;
    private final URI baseUri;
    private final Path stateDir;
    private final Path logFile;
    private final Thread shutdownHook;

    private KeycloakFixture(Process process, URI baseUri, Path stateDir, Path logFile) {
        this.process = process;
        this.baseUri = baseUri;
        this.stateDir = stateDir;
        this.logFile = logFile;
        // A test JVM that exits without close() (a crash, a killed fork) must not leave Keycloak running.
        this.shutdownHook = new Thread(() -> ProcessTree.stop(process.toHandle(), Duration.ofSeconds(5)),
                "keycloak-fixture-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** {@code http://127.0.0.1:<port>}: every URL Keycloak emits starts with it (it runs with {@code --hostname}). */
    public URI baseUri() {
        return baseUri;
    }

    /** {@code http://127.0.0.1:<port>/realms/<realm>}: the OIDC issuer and the SAML IdP entity id. */
    public URI issuer(String realm) {
        return URI.create(baseUri + "/realms/" + realm);
    }

    public URI discoveryUri(String realm) {
        return URI.create(issuer(realm) + "/.well-known/openid-configuration");
    }

    public URI samlDescriptorUri(String realm) {
        return URI.create(issuer(realm) + "/protocol/saml/descriptor");
    }

    public Path logFile() {
        return logFile;
    }

    /** The last {@code lines} lines of Keycloak's output, to put in a failure message. */
    public String logTail(int lines) {
        return tail(logFile, lines);
    }

    public boolean isRunning() {
        return process.isAlive();
    }

    /** Stops Keycloak (TERM, then KILL after 30 s) and deletes its state directory. */
    @Override
    public void close() {
        ProcessTree.stop(process.toHandle(), STOP_GRACE);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is already shutting down; the hook does no harm on a stopped process
        }
        deleteRecursively(stateDir);
    }

    /** Settings for one Keycloak start. */
    public static final class Builder {

        private final Map<String, String> environment = new LinkedHashMap<>();
        private Duration startTimeout = Duration.ofSeconds(240);
        private KeycloakDistribution distribution;

        private Builder() {
        }

        /**
         * An environment variable for Keycloak, typically one the realm files read at import, e.g.
         * {@code SSOGATE_CORP_OIDC_BACKCHANNEL_LOGOUT_URL}. The caller's own {@code SSOGATE_*}, {@code KC_*}
         * and {@code JAVA_OPTS*} variables are not passed on, so a developer's shell cannot change a test.
         */
        public Builder env(String name, String value) {
            environment.put(name, value);
            return this;
        }

        /** How long to wait for master and both realms to answer (default 240 s). */
        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        /** Another unpacked distribution than the one testkit's build unpacked. */
        public Builder distribution(KeycloakDistribution distribution) {
            this.distribution = distribution;
            return this;
        }

        /**
         * Starts Keycloak and waits until it answers.
         *
         * @throws IllegalStateException when it exits or does not answer in time; the message holds the log tail
         */
        public KeycloakFixture start() {
            KeycloakDistribution dist = distribution != null ? distribution : KeycloakDistribution.locate();
            START_LOCK.lock();
            // The first start-dev writes Keycloak's dev-mode build into the distribution: one start at a time.
            try (FileChannel lockFile = FileChannel.open(dist.home().resolveSibling(".start.lock"),
                    StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                return startLocked(dist);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                START_LOCK.unlock();
            }
        }

        private KeycloakFixture startLocked(KeycloakDistribution dist) throws IOException {
            Path stateDir = Files.createTempDirectory("ssogate-keycloak-");
            Path importDir = Files.createDirectories(stateDir.resolve("import"));
            for (String realm : REALMS) {
                copyRealm(realm, importDir);
            }
            Path logFile = stateDir.resolve("keycloak.log");
            int port = freePort();
            URI baseUri = URI.create("http://" + LOOPBACK + ":" + port);

            ProcessBuilder pb = new ProcessBuilder(List.of(
                    dist.kcSh().toString(), "start-dev",
                    "--http-host=" + LOOPBACK,
                    "--http-port=" + port,
                    // Fixes every URL Keycloak emits (issuer, SAML entity id), however a client reaches it.
                    "--hostname=" + baseUri,
                    "--db=dev-mem",
                    // What --import-realm sets, pointed at our own import dir instead of <dist>/data/import.
                    "-Dkeycloak.migration.dir=" + importDir))
                    .directory(stateDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            configureEnvironment(pb.environment());
            long started = System.nanoTime();
            Process process;
            try {
                process = pb.start();
            } catch (IOException e) {
                deleteRecursively(stateDir);
                throw new UncheckedIOException("could not run " + dist.kcSh(), e);
            }
            KeycloakFixture fixture = new KeycloakFixture(process, baseUri, stateDir, logFile);
            try {
                awaitReady(fixture, process);
                LOG.info("Keycloak {} ready at {} after {} ms (pid {}, log {})", dist.version(), baseUri,
                        Duration.ofNanos(System.nanoTime() - started).toMillis(), process.pid(), logFile);
                return fixture;
            } catch (RuntimeException | Error e) {
                // The message already holds the log tail; a failed start leaves nothing behind.
                fixture.close();
                throw e;
            }
        }

        private void configureEnvironment(Map<String, String> env) {
            env.keySet().removeIf(name -> name.startsWith("SSOGATE_") || name.startsWith("KC_")
                    || name.startsWith("JAVA_OPTS") || name.equals("JAVA_HOME") || name.equals("JAVA"));
            // Keycloak 26 runs on 17, 21 and 25: the JDK running the tests is one of them.
            String javaHome = System.getProperty("java.home");
            env.put("JAVA_HOME", javaHome);
            env.put("JAVA", Path.of(javaHome, "bin", "java").toString());
            env.put("JAVA_OPTS_KC_HEAP", "-Xms64m -Xmx512m");
            if (Runtime.version().feature() >= 24) {
                // JDK 24+ warns about netty's sun.misc.Unsafe use at every start; keep the log clean.
                env.put("JAVA_OPTS_APPEND", "--sun-misc-unsafe-memory-access=allow");
            }
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
            env.putAll(environment);
        }

        private void awaitReady(KeycloakFixture fixture, Process process) {
            List<URI> probes = new ArrayList<>();
            probes.add(fixture.discoveryUri("master"));
            REALMS.forEach(realm -> probes.add(fixture.discoveryUri(realm)));
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            long deadline = System.nanoTime() + startTimeout.toNanos();
            int answered = 0;
            while (answered < probes.size()) {
                if (answers(http, probes.get(answered))) {
                    answered++;
                    continue;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("Keycloak exited with status " + process.exitValue()
                            + " before it answered at " + probes.get(answered) + "; last lines of its log:\n"
                            + fixture.logTail(40));
                }
                if (System.nanoTime() - deadline > 0) {
                    throw new IllegalStateException("Keycloak did not answer at " + probes.get(answered) + " within "
                            + startTimeout + "; last lines of its log:\n" + fixture.logTail(40));
                }
                awaitExit(process, POLL_INTERVAL);
            }
        }
    }

    private static boolean answers(HttpClient http, URI uri) {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    /** Waits up to {@code timeout} for the process to exit: the poll interval, cut short when Keycloak dies. */
    private static void awaitExit(Process process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            // still running: poll again
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Keycloak", e);
        }
    }

    private static void copyRealm(String realm, Path importDir) throws IOException {
        String name = "realm-" + realm + ".json";
        try (InputStream in = KeycloakFixture.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing beside " + KeycloakFixture.class.getName());
            }
            Files.copy(in, importDir.resolve(name));
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path file, int lines) {
        try {
            List<String> all = new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp dir left behind is harmless
        }
    }
}
