package io.ssogate.testkit.emulator;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static io.ssogate.testkit.emulator.EmulatorClient.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** EmulatorMain in its own JVM, as scripts run it. */
class EmulatorMainTest {

    @Test
    void startsStandaloneWritesThePortFileAndServesSeededUsers(@TempDir Path dir) throws Exception {
        Path portFile = dir.resolve("emulator.port");
        Path seed = dir.resolve("users.json");
        Files.writeString(seed, """
                [{"username":"frank","email":"frank@example.com","password":"Fr4nk-pass"}]
                """);
        Process p = emulatorMain("--port", "0", "--admin-token", "mainTestAdminToken",
                "--seed-users", seed.toString(), "--port-file", portFile.toString())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String line = out.readLine();
            assertNotNull(line, "the emulator printed its ready line");
            assertTrue(line.matches("Mattermost emulator listening on http://127\\.0\\.0\\.1:\\d+"), line);
            int port = Integer.parseInt(Files.readString(portFile).trim());
            assertTrue(line.endsWith(":" + port), "port file and ready line agree");
            EmulatorClient client = new EmulatorClient(URI.create("http://127.0.0.1:" + port));
            assertEquals("OK", json(client.get("/api/v4/system/ping")).get("status").asText());
            client.login("frank", "Fr4nk-pass");
            assertEquals("admin", json(client.get("/api/v4/users/me", "Authorization", "Bearer mainTestAdminToken")).get("username").asText());
        } finally {
            p.destroy();
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** EmulatorMain in a child JVM with this test's class path. */
    private static ProcessBuilder emulatorMain(String... args) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), EmulatorMain.class.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command);
    }

    @Test
    void badOptionsExitWithUsage() throws Exception {
        Process p = emulatorMain("--port", "seventy").redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(2, p.exitValue());
        assertTrue(output.contains("--port must be a number"), output);
    }

    @Test
    void helpPrintsUsageOnStdoutAndExitsZero() throws Exception {
        Process p = emulatorMain("--help").redirectError(ProcessBuilder.Redirect.DISCARD).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), output);
        assertTrue(output.startsWith("usage: "), output);
        for (String option : List.of("--port", "--bind", "--admin-token", "--seed-users", "--site-url", "--port-file", "--help")) {
            assertTrue(output.contains(option), "usage names " + option + ": " + output);
        }
    }
}
