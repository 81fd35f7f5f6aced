package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.webapp.support.FreePort;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A start that fails after storage opened (a busy port, Tomcat unable to set up) ends with one line on
 * stderr, exit status 1, nothing announced, and the database closed: a second start can have it.
 */
class LauncherStartFailureTest {

    /** Without the fix the launcher serves on without a listener, so {@code run} would never return. */
    private static final Duration RETURNS_WITHIN = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return assertTimeoutPreemptively(RETURNS_WITHIN, () -> Launcher.run(args,
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
    }

    private Path config(int port) throws IOException {
        return Files.writeString(dir.resolve("ssogate.yaml"), """
                server:
                  port: %d
                  dataDir: %s
                proxy:
                  upstreamUrl: http://127.0.0.1:9
                """.formatted(port, dataDir()));
    }

    private Path dataDir() {
        return dir.resolve("data");
    }

    @Test
    void busyPortFailsTheStartWithOneLineAndReleasesTheDatabase() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            int port = taken.getLocalPort();
            assertEquals(1, run("--config", config(port).toString()), () -> err + "\n" + out);
            assertEquals("ssogate: port " + port + " on 127.0.0.1 is already in use\n", err.toString(StandardCharsets.UTF_8));
        }
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("started"), out::toString);
        assertDatabaseUnlocked();
    }

    @Test
    void tomcatFailingToSetUpFailsTheStartWithOneLineAndReleasesTheDatabase() throws Exception {
        // Tomcat's base directory cannot be created where a file is in the way.
        Files.createDirectories(dataDir());
        Files.writeString(dataDir().resolve("tomcat"), "in the way");
        int port = FreePort.pick();

        assertEquals(1, run("--config", config(port).toString()), () -> err + "\n" + out);
        assertEquals("ssogate: could not start the gateway on 127.0.0.1:" + port + ": FileAlreadyExistsException: "
                + dataDir().resolve("tomcat").toAbsolutePath() + "\n", err.toString(StandardCharsets.UTF_8));
        assertFalse(out.toString(StandardCharsets.UTF_8).contains("started"), out::toString);
        assertDatabaseUnlocked();
    }

    /**
     * H2 holds a lock on its file while the database is open. Opening it again in this JVM would prove
     * nothing (H2 shares an open database within a JVM), but taking the lock does: the JVM refuses a second
     * lock on a file it already locks ({@code OverlappingFileLockException}).
     */
    private void assertDatabaseUnlocked() throws IOException {
        Path file = dataDir().resolve("ssogate.mv.db");
        assertTrue(Files.isRegularFile(file), "storage was opened before the start failed");
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            assertNotNull(lock, "no other process holds the database");
        }
    }
}
