package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** The launcher's command line: help, version, usage errors, and how a subcommand plugs in. */
class LauncherCommandLineTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return run(Launcher.commandLine(Launcher.SUBCOMMANDS), args);
    }

    private int run(CommandLine commandLine, String... args) {
        return Launcher.run(commandLine, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void helpDescribesEveryOptionAndTheExitStatusesAndExitsZero() {
        assertEquals(0, run("--help"));
        String help = out();
        assertTrue(help.startsWith("Usage: ssogate "), help);
        for (String option : List.of("--config=FILE", "--port=N", "--demo", "--check-config[=FILE]", "--help",
                "--version", "Exit status:", "2   a usage or configuration error")) {
            assertTrue(help.contains(option), () -> option + " in\n" + help);
        }
        assertTrue(help.endsWith("conf/ssogate.yaml.\n"), help);
        assertEquals("", err());
    }

    @Test
    void versionNamesTheBuild() {
        assertEquals(0, run("--version"));
        // Tests run from classes, not the packaged jar, so there is no Implementation-Version.
        assertEquals("ssogate development build\n", out());
    }

    @Test
    void unknownOptionIsAnErrorWithASuggestionNeverIgnored() {
        assertEquals(2, run("--cofnig", "x.yaml"));
        String message = err();
        assertTrue(message.startsWith("ssogate: Unknown options: '--cofnig', 'x.yaml'"), message);
        assertTrue(message.contains("Possible solutions: --config"), message);
        assertTrue(message.contains("Usage: ssogate"), message);
        assertEquals("", out());
    }

    @Test
    void strayArgumentIsAnError() {
        assertEquals(2, run("start"));
        assertTrue(err().startsWith("ssogate: Unmatched argument at index 0: 'start'"), this::err);
    }

    @Test
    void optionWithoutItsValueIsAnError() {
        assertEquals(2, run("--config"));
        assertTrue(err().startsWith("ssogate: Missing required parameter for option '--config' (FILE)"), this::err);
    }

    @Test
    void portMustBeANumberFrom1To65535() {
        assertEquals(2, run("--port", "http"));
        assertTrue(err().contains("a port is a number from 1 to 65535, not [http]"), this::err);
        err.reset();
        assertEquals(2, run("--port", "65536"));
        assertTrue(err().contains("a port is a number from 1 to 65535, not [65536]"), this::err);
    }

    @Test
    void anOptionGivenTwiceIsAnError() {
        assertEquals(2, run("--port", "8081", "--port", "8082"));
        assertTrue(err().contains("should be specified only once"), this::err);
    }

    @Test
    void missingDefaultConfigurationExitsTwoSuggestingDemo() {
        // The tests' working directory (webapp/) has no conf/ssogate.yaml.
        assertEquals(2, run());
        assertEquals("ssogate: configuration file [conf/ssogate.yaml] not found"
                + " (use --config FILE, or --demo to try ssogate without one)\n", err());
    }

    /** A subcommand as the next issues add them ({@code scim-token}, {@code vault}): its own class and help. */
    @Command(name = "probe", mixinStandardHelpOptions = true, description = "Looks at the configuration file.")
    static final class ProbeCommand implements Callable<Integer> {

        @ParentCommand
        SsogateCommand ssogate;

        @Option(names = "--fail", description = "fail the way a command fails")
        boolean fail;

        Path configFile;

        @Override
        public Integer call() {
            configFile = ssogate.configFile();
            if (fail) {
                throw new IllegalStateException("the probe failed");
            }
            return 0;
        }
    }

    @Test
    void aSubcommandReadsTheConfigFileGivenBeforeOrAfterItsName() {
        ProbeCommand probe = new ProbeCommand();
        assertEquals(0, run(Launcher.commandLine(List.of(probe)), "--config", "a.yaml", "probe"), this::err);
        assertEquals(Path.of("a.yaml"), probe.configFile);

        ProbeCommand after = new ProbeCommand();
        assertEquals(0, run(Launcher.commandLine(List.of(after)), "probe", "--config", "b.yaml"), this::err);
        assertEquals(Path.of("b.yaml"), after.configFile);
        // The main command did not run: it would have looked for the file and exited 2.
        assertEquals("", err());
    }

    @Test
    void aSubcommandHasItsOwnHelpAndSharesTheExitStatuses() {
        ProbeCommand probe = new ProbeCommand();
        assertEquals(0, run(Launcher.commandLine(List.of(probe)), "probe", "--help"));
        assertTrue(out().startsWith("Usage: ssogate probe "), this::out);
        assertTrue(out().contains("Looks at the configuration file."), this::out);
        assertNull(probe.configFile, "help only");

        assertEquals(1, run(Launcher.commandLine(List.of(new ProbeCommand())), "probe", "--fail"));
        assertEquals("ssogate: the probe failed\n", err());
        err.reset();
        assertEquals(2, run(Launcher.commandLine(List.of(new ProbeCommand())), "probe", "--port", "1"));
        assertTrue(err().startsWith("ssogate: Unknown options: '--port', '1'"), this::err);
        assertTrue(err().contains("Usage: ssogate probe"), this::err);
    }
}
