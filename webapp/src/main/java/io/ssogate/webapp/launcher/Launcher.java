package io.ssogate.webapp.launcher;

import io.ssogate.core.config.ConfigException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code java -jar ssogate.jar}, which the {@code ssogate} script runs: the command line, on picocli.
 * The main command, {@link SsogateCommand}, runs the gateway; subcommands are picocli command classes
 * listed in {@link #SUBCOMMANDS}. Every command shares the exit statuses and the error lines made here:
 * 0 when it succeeded, 2 for a usage or configuration error, 1 when it failed (the gateway could not
 * start).
 */
public final class Launcher {

    static final int EXIT_OK = CommandLine.ExitCode.OK;
    static final int EXIT_FAILED = CommandLine.ExitCode.SOFTWARE;
    static final int EXIT_USAGE = CommandLine.ExitCode.USAGE;

    /**
     * The subcommands of {@code ssogate}, each a picocli {@code @Command} class (with its own help text),
     * such as {@code scim-token} and {@code vault} in later issues. Listed here rather than on
     * {@link SsogateCommand} so that adding one leaves the main command alone.
     */
    static final List<Class<?>> SUBCOMMANDS = List.of(ScimTokenCommand.class, VaultCommand.class);

    /**
     * {@code -Dssogate.exitAfterStart=true}: start, report "started in N ms", stop again. For measuring
     * the start time from a script; not an admin option.
     */
    static final String EXIT_AFTER_START = "ssogate.exitAfterStart";

    private static final String PREFIX = "ssogate: ";
    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private Launcher() {
    }

    public static void main(String[] args) {
        // Tomcat logs through java.util.logging; send it to the same place as ours.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int status = run(args, System.out, System.err);
        if (status != EXIT_OK || Boolean.getBoolean(EXIT_AFTER_START)) {
            System.exit(status);
        }
    }

    /** Runs {@code args}; serving the gateway returns only once the JVM is asked to stop. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        return run(commandLine(SUBCOMMANDS), args, out, err);
    }

    /** The command tree: {@link SsogateCommand} with {@code subcommands} below it. */
    static CommandLine commandLine(List<?> subcommands) {
        CommandLine commandLine = new CommandLine(new SsogateCommand());
        subcommands.forEach(commandLine::addSubcommand);
        return commandLine;
    }

    /** Runs {@code args} on {@code commandLine}; its subcommands must be added already (picocli copies the settings down). */
    static int run(CommandLine commandLine, String[] args, PrintStream out, PrintStream err) {
        return commandLine
                .setOut(new PrintWriter(out, true))
                .setErr(new PrintWriter(err, true))
                // picocli would read arguments from a file named "@file": a surprise no admin asked for.
                .setExpandAtFiles(false)
                .setParameterExceptionHandler(Launcher::usageError)
                .setExecutionExceptionHandler(Launcher::failure)
                .execute(args);
    }

    /** An unknown option, a missing or bad value: say what, suggest the likely option, show that command's usage. */
    private static int usageError(ParameterException e, String[] args) {
        CommandLine command = e.getCommandLine();
        PrintWriter err = command.getErr();
        err.println(PREFIX + e.getMessage());
        UnmatchedArgumentException.printSuggestions(e, err);
        command.usage(err);
        return EXIT_USAGE;
    }

    /** What a command threw, as the lines an admin reads; the stack trace only at debug level. */
    private static int failure(Exception e, CommandLine command, ParseResult parsed) {
        PrintWriter err = command.getErr();
        if (e instanceof ConfigException) {
            // One problem per line: the loader may report every problem of the file at once.
            e.getMessage().lines().forEach(line -> err.println(PREFIX + "configuration error: " + line));
            return EXIT_USAGE;
        }
        err.println(PREFIX + (e.getMessage() == null ? e.toString() : e.getMessage()));
        log.debug("{} failed", command.getCommandName(), e);
        return e instanceof UsageError ? EXIT_USAGE : EXIT_FAILED;
    }
}
