package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.ConfigLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --check-config [FILE]} and {@code --config FILE --check-config} validate and exit: 0 when valid,
 * 2 with one {@code file:line: key: problem} line per problem.
 */
class LauncherCheckConfigTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return Launcher.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path validFile() throws Exception {
        return Files.writeString(dir.resolve("ok.yaml"), """
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                """);
    }

    @Test
    void checkConfigTakesTheFileAsItsValue() throws Exception {
        Path file = validFile();
        assertEquals(0, run("--check-config", file.toString()), this::err);
        assertEquals("ssogate: configuration " + file + " is valid\n", out());
    }

    @Test
    void checkConfigWithoutAValueChecksTheConfigFile() throws Exception {
        Path file = validFile();
        assertEquals(0, run("--config", file.toString(), "--check-config"), this::err);
        assertEquals("ssogate: configuration " + file + " is valid\n", out());
        out.reset();
        assertEquals(0, run("--check-config", "--config", file.toString()), this::err);
        assertEquals("ssogate: configuration " + file + " is valid\n", out());
    }

    @Test
    void eachProblemIsOneLineNamingFileLineAndKeyAndExitsTwo() throws Exception {
        Path file = Files.writeString(dir.resolve("bad.yaml"), """
                proxy:
                  upstreamUrl: http://127.0.0.1:8065
                  conectTimeout: 5s
                server:
                  prot: 8080
                """);
        assertEquals(2, run("--check-config", file.toString()));
        // Whatever the loader reports (one problem, or every problem of the file), each line is printed.
        String problems = assertThrows(ConfigException.class, () -> new ConfigLoader().load(file)).getMessage();
        String expected = problems.lines().map(line -> "ssogate: configuration error: " + line + "\n")
                .collect(Collectors.joining());
        assertEquals(expected, err());
        assertTrue(err().startsWith("ssogate: configuration error: " + file + ":3: proxy.conectTimeout: "), err());
        assertEquals("", out());
    }

    @Test
    void missingFileExitsTwoWithOneLineNamingIt() {
        Path absent = dir.resolve("absent.yaml");
        assertEquals(2, run("--check-config", absent.toString()));
        assertEquals("ssogate: configuration file [" + absent + "] not found"
                + " (use --config FILE, or --demo to try ssogate without one)\n", err());
        err.reset();
        assertEquals(2, run("--config", absent.toString(), "--check-config"));
        assertEquals(1, err().lines().count(), this::err);
        assertTrue(err().contains("[" + absent + "] not found"), this::err);
    }

    @Test
    void twoDifferentFilesAreAUsageError() throws Exception {
        Path file = validFile();
        assertEquals(2, run("--check-config", file.toString(), "--config", dir.resolve("other.yaml").toString()));
        assertTrue(err().startsWith("ssogate: --check-config " + file + " and --config "), this::err);
        assertTrue(err().contains("Usage: ssogate"), this::err);
    }

    @Test
    void theDemoConfigurationIsBuiltInAndValid() {
        assertEquals(0, run("--demo", "--check-config"), this::err);
        assertEquals("ssogate: the demo configuration is built in and valid\n", out());
    }

    @Test
    void theDemoReadsNoConfigurationFile() throws Exception {
        assertEquals(2, run("--demo", "--check-config", validFile().toString()));
        assertTrue(err().startsWith("ssogate: --demo runs a built-in configuration"), this::err);
        err.reset();
        assertEquals(2, run("--demo", "--config", validFile().toString(), "--check-config"));
        assertTrue(err().startsWith("ssogate: --demo runs a built-in configuration"), this::err);
    }
}
