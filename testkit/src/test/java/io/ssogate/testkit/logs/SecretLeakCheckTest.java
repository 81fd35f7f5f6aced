package io.ssogate.testkit.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import ch.qos.logback.classic.Level;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;
import org.junit.platform.testkit.engine.Events;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs small test classes through the JUnit engine and looks at which of them the check fails, and how. */
class SecretLeakCheckTest {

    static final String SECRET = "Correct-Horse-Battery";

    @Test
    void aSecretInALogMessageFailsTheTestThatLoggedItWithoutRepeatingIt() {
        Throwable failure = onlyFailure(LogsTheSecret.class);

        assertTrue(failure.getMessage().contains("secret #1 in log WARN " + LogsTheSecret.class.getName()),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("password is <secret #1>"), failure.getMessage());
        assertFalse(failure.getMessage().contains(SECRET), failure.getMessage());
    }

    @Test
    void aSecretInTheCauseOfALoggedExceptionIsFound() {
        assertTrue(onlyFailure(LogsAnExceptionCarryingTheSecret.class).getMessage().contains("secret #1"));
    }

    @Test
    void aSecretLoggedBelowTheConfiguredLevelIsFoundToo() {
        assertTrue(onlyFailure(LogsTheSecretAtTrace.class).getMessage().contains("log TRACE"));
    }

    @Test
    void aSecretWrittenToStandardErrorIsFound() {
        Throwable failure = onlyFailure(PrintsTheSecret.class);

        assertTrue(failure.getMessage().contains("secret #1 in System.err: connecting with <secret #1>"),
                failure.getMessage());
    }

    @Test
    void aSecretRegisteredDuringTheTestIsWatchedToo() {
        assertTrue(onlyFailure(RegistersWhileRunning.class).getMessage().contains("secret #2"));
    }

    @Test
    void outputWithoutSecretsPassesAndTheStreamsAreGivenBack() {
        PrintStream out = System.out;

        Events tests = EngineTestKit.engine("junit-jupiter").selectors(selectClass(StaysQuiet.class)).execute()
                .testEvents();

        assertEquals(1, tests.succeeded().count());
        assertEquals(0, tests.failed().count());
        assertSame(out, System.out, "System.out is restored after the class");
    }

    @Test
    void tooShortASecretIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> new SecretLeakCheck("abc"));
    }

    private static Throwable onlyFailure(Class<?> testClass) {
        List<Event> failed = EngineTestKit.engine("junit-jupiter").selectors(selectClass(testClass)).execute()
                .testEvents().failed().list();
        assertEquals(1, failed.size(), "exactly the one test fails");
        return failed.get(0).getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow()
                .getThrowable().orElseThrow();
    }

    // The classes below are run by the tests above, not by the build (they are nested, which Surefire skips).

    static class LogsTheSecret {
        @RegisterExtension
        static final SecretLeakCheck LEAKS = new SecretLeakCheck(SECRET);

        @Test
        void logs() {
            LoggerFactory.getLogger(LogsTheSecret.class).warn("password is {}", SECRET);
        }
    }

    static class LogsAnExceptionCarryingTheSecret {
        @RegisterExtension
        static final SecretLeakCheck LEAKS = new SecretLeakCheck(SECRET);

        @Test
        void logs() {
            Exception e = new IllegalStateException("start failed", new RuntimeException("bad password " + SECRET));
            LoggerFactory.getLogger(LogsAnExceptionCarryingTheSecret.class).error("could not start", e);
        }
    }

    static class LogsTheSecretAtTrace {
        @RegisterExtension
        static final SecretLeakCheck LEAKS = new SecretLeakCheck(SECRET);

        @Test
        void logs() {
            Logger log = LoggerFactory.getLogger(LogsTheSecretAtTrace.class);
            ((ch.qos.logback.classic.Logger) log).setLevel(Level.INFO);
            log.trace("token {}", SECRET);
        }
    }

    static class PrintsTheSecret {
        @RegisterExtension
        static final SecretLeakCheck LEAKS = new SecretLeakCheck(SECRET);

        @Test
        void prints() {
            System.err.println("connecting with " + SECRET);
        }
    }

    static class RegistersWhileRunning {
        @RegisterExtension
        final SecretLeakCheck leaks = new SecretLeakCheck(SECRET);

        @Test
        void logs() {
            String generated = leaks.register("generated-" + System.nanoTime());
            LoggerFactory.getLogger(RegistersWhileRunning.class).info("made {}", generated);
        }
    }

    static class StaysQuiet {
        @RegisterExtension
        static final SecretLeakCheck LEAKS = new SecretLeakCheck(SECRET);

        @Test
        void logsSomethingElse() {
            LoggerFactory.getLogger(StaysQuiet.class).info("password is {}", "<redacted>");
            System.out.println("nothing secret here");
        }
    }
}
