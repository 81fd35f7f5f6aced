package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --check-config} validates and exits: 0 when valid, 2 with {@code file:line: key: problem}. */
class LauncherCheckConfigTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Launcher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void validFileExitsZero() throws Exception {
        Path file = Files.writeString(dir.resolve("ok.yaml"), """
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                """);
        assertEquals(0, run("--check-config", "--config", file.toString()), err::toString);
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("is valid"));
    }

    @Test
    void unknownKeyExitsTwoNamingFileLineAndKey() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                  conectTimeout: 5s
                """);
        assertEquals(2, run("--check-config", "--config", file.toString()));
        String message = err.toString(StandardCharsets.UTF_8);
        assertTrue(message.contains(file + ":3:"), message);
        assertTrue(message.contains("proxy.conectTimeout"), message);
    }

    @Test
    void missingFileExitsWithItsName() {
        assertEquals(1, run("--check-config", "--config", dir.resolve("absent.yaml").toString()));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("absent.yaml"));
    }

    @Test
    void unknownOptionPrintsUsageAndExitsTwo() {
        assertEquals(2, run("--frobnicate"));
        assertTrue(err.toString(StandardCharsets.UTF_8).contains("Usage: ssogate"));
    }
}
