package io.ssogate.testkit;

import java.io.PrintStream;
import java.util.Locale;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * Something a test needs that a fresh clone does not bring: a file beside the repository (Mattermost's
 * OpenAPI fragments in {@code ../shared}), a program installed on the machine (Chromium). A fresh
 * {@code git clone} and {@code ./mvnw verify} must pass with Java alone, so outside CI a missing one
 * skips the test (a JUnit assumption) and says why on the test's output. CI has them all, and a check
 * that silently stopped running would look like a check that passes: with {@value #REQUIRE_VARIABLE}=1,
 * which {@code .ci/run} exports, a missing one fails the test instead.
 */
public final class ExternalRequirement {

    /** Set to {@code 1} (or {@code true}) to make every missing external requirement a test failure. */
    public static final String REQUIRE_VARIABLE = "SSOGATE_REQUIRE_EXTERNAL";

    private ExternalRequirement() {
    }

    /**
     * Returns when {@code present}; otherwise skips the calling test, or fails it when
     * {@value #REQUIRE_VARIABLE} is set.
     *
     * @param what what is needed and where it was looked for
     *             ({@code "Mattermost's OpenAPI fragments, shared/mattermost-api/users.yaml in /src/p or a parent"})
     */
    public static void require(boolean present, String what) {
        require(present, what, System::getenv, System.out);
    }

    static void require(boolean present, String what, UnaryOperator<String> environment, PrintStream out) {
        if (present) {
            return;
        }
        if (isRequired(environment.apply(REQUIRE_VARIABLE))) {
            Assertions.fail("not found: " + what + "; " + REQUIRE_VARIABLE + "=1 (set by .ci/run) requires it");
        }
        String reason = "not found: " + what + "; test skipped (set " + REQUIRE_VARIABLE
                + "=1 to make this a failure, as .ci/run does)";
        // The assumption's message reaches only the test reports; printing it puts it in the test's output too.
        out.println("SKIPPED: " + reason);
        Assumptions.abort(reason);
    }

    private static boolean isRequired(String value) {
        if (value == null) {
            return false;
        }
        String v = value.trim().toLowerCase(Locale.ROOT);
        return v.equals("1") || v.equals("true");
    }
}
