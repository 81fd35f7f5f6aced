package io.ssogate.testkit.postgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs zonky's PostgreSQL binaries as {@code nobody} when the tests run as root.
 *
 * <p>Why: {@code initdb} and {@code postgres} refuse to run with effective uid 0 ("root" execution of the
 * PostgreSQL server is not permitted), and CI containers and this build machine run as root. zonky's
 * launcher has no hook to change user; it only prefixes {@code unshare -U}, which Docker's default seccomp
 * profile forbids. So we unpack the same binaries into a directory owned by {@code nobody} and start them
 * through util-linux {@code setpriv}, which drops uid, gid and supplementary groups before exec, so the
 * process we wait on is the postmaster itself.
 */
final class UnprivilegedPostgres implements RunningPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(UnprivilegedPostgres.class);
    private static final String USER = "nobody";
    /** Debian and Alpine call nobody's group "nogroup"; Red Hat and Fedora call it "nobody". */
    private static final String GROUP = groupOfNobody();
    private static final String SUPERUSER = "postgres";
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path base;
    private final Process postmaster;
    private final PostgresEndpoint endpoint;

    private UnprivilegedPostgres(Path base, Process postmaster, PostgresEndpoint endpoint) {
        this.base = base;
        this.postmaster = postmaster;
        this.endpoint = endpoint;
    }

    static UnprivilegedPostgres start() throws IOException, InterruptedException {
        requireSetpriv();
        Path base = Files.createTempDirectory("ssogate-test-pg-");
        try {
            PostgresBinaries.unpackInto(base);
            Files.createDirectories(base.resolve("socket"));
            giveToNobody(base);
            run(base, "initdb.log", List.of(base.resolve("bin/initdb").toString(),
                    "-D", base.resolve("data").toString(), "-U", SUPERUSER, "-A", "trust",
                    "-E", "UTF8", "--locale=C", "--no-sync"));
            Path hba = base.resolve("data/pg_hba.conf");
            ClientAuthentication.writeInto(hba.getParent());
            giveToNobody(hba);
            int port = freeLoopbackPort();
            Process postmaster = asNobody(base, List.of(base.resolve("bin/postgres").toString(),
                    "-D", base.resolve("data").toString(),
                    "-p", Integer.toString(port),
                    "-c", "listen_addresses=127.0.0.1",
                    "-c", "unix_socket_directories=" + base.resolve("socket"),
                    // A throwaway test cluster: durability costs time and buys nothing.
                    "-c", "fsync=off", "-c", "synchronous_commit=off", "-c", "full_page_writes=off",
                    "-c", "max_connections=200"))
                    .redirectErrorStream(true)
                    .redirectOutput(base.resolve("postgres.log").toFile())
                    .start();
            PostgresEndpoint endpoint = new PostgresEndpoint(
                    "jdbc:postgresql://127.0.0.1:" + port + "/postgres", SUPERUSER, "");
            UnprivilegedPostgres server = new UnprivilegedPostgres(base, postmaster, endpoint);
            server.awaitReady();
            LOG.info("PostgreSQL started as [{}] on [127.0.0.1:{}] in [{}]", USER, port, base);
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            deleteQuietly(base);
            throw e;
        }
    }

    @Override
    public PostgresEndpoint endpoint() {
        return endpoint;
    }

    @Override
    public void stop() {
        try {
            // Immediate mode: the data is deleted next, and smart mode would wait for this JVM's own pools.
            Process stop = asNobody(base, List.of(base.resolve("bin/pg_ctl").toString(),
                    "-D", base.resolve("data").toString(), "stop", "-m", "immediate", "-w"))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            stop.waitFor(10, TimeUnit.SECONDS);
            if (!postmaster.waitFor(10, TimeUnit.SECONDS)) {
                postmaster.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            postmaster.destroyForcibly();
        } catch (InterruptedException e) {
            postmaster.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            deleteQuietly(base);
        }
    }

    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        SQLException last = null;
        while (System.nanoTime() < deadline) {
            if (!postmaster.isAlive()) {
                throw new IOException("postgres exited with status [" + postmaster.exitValue() + "]: "
                        + tail(base.resolve("postgres.log")));
            }
            try (Connection probe = DriverManager.getConnection(endpoint.adminUrl(), SUPERUSER, "")) {
                if (probe.isValid(1)) {
                    return;
                }
            } catch (SQLException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        postmaster.destroyForcibly();
        throw new IOException("postgres did not accept connections within " + STARTUP_TIMEOUT + ": "
                + (last == null ? "" : last.getMessage() + "; ") + tail(base.resolve("postgres.log")));
    }

    private static void run(Path base, String logName, List<String> command)
            throws IOException, InterruptedException {
        Path log = base.resolve(logName);
        Process process = asNobody(base, command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!process.waitFor(STARTUP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IOException(Path.of(command.get(0)).getFileName() + " timed out: " + tail(log));
        }
        if (process.exitValue() != 0) {
            throw new IOException(Path.of(command.get(0)).getFileName() + " failed with status ["
                    + process.exitValue() + "]: " + tail(log));
        }
    }

    private static ProcessBuilder asNobody(Path base, List<String> command) {
        List<String> full = new ArrayList<>(List.of("setpriv", "--reuid=" + USER, "--regid=" + GROUP,
                "--clear-groups", "--"));
        full.addAll(command);
        ProcessBuilder builder = new ProcessBuilder(full).directory(base.toFile());
        // The C locale exists everywhere; a missing LANG locale would make initdb fail.
        builder.environment().put("LC_ALL", "C");
        builder.environment().put("HOME", base.toString());
        return builder;
    }

    private static void giveToNobody(Path base) throws IOException {
        UserPrincipalLookupService lookup = base.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = lookup.lookupPrincipalByName(USER);
        GroupPrincipal group = lookup.lookupPrincipalByGroupName(GROUP);
        try (Stream<Path> paths = Files.walk(base)) {
            paths.forEach(path -> {
                PosixFileAttributeView view = Files.getFileAttributeView(
                        path, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS);
                try {
                    view.setOwner(user);
                    view.setGroup(group);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static void requireSetpriv() throws IOException {
        String path = System.getenv().getOrDefault("PATH", "/usr/bin:/bin");
        for (String dir : path.split(":")) {
            if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, "setpriv"))) {
                return;
            }
        }
        throw new IOException("the tests run as root, PostgreSQL refuses to, and util-linux 'setpriv' (used to"
                + " run it as " + USER + ") is not on the PATH; install util-linux or run the tests as another user");
    }

    private static String groupOfNobody() {
        UserPrincipalLookupService lookup = Path.of("/").getFileSystem().getUserPrincipalLookupService();
        for (String candidate : List.of("nogroup", "nobody")) {
            try {
                lookup.lookupPrincipalByGroupName(candidate);
                return candidate;
            } catch (IOException notThisOne) {
                // try the next spelling
            }
        }
        return "nogroup";
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return socket.getLocalPort();
        }
    }

    private static String tail(Path log) {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
        } catch (IOException e) {
            return "(no log at " + log + ")";
        }
    }

    static void deleteQuietly(Path dir) {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted((a, b) -> b.getNameCount() - a.getNameCount()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    LOG.warn("Could not delete [{}]: {}", path, e.toString());
                }
            });
        } catch (IOException e) {
            LOG.warn("Could not delete [{}]: {}", dir, e.toString());
        }
    }
}
