package io.ssogate.testkit;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class ExternalRequirementTest {

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

    private String printed() {
        return printed.toString(StandardCharsets.UTF_8);
    }

    @Test
    void presentRequirementNeitherSkipsNorPrints() {
        assertDoesNotThrow(() -> ExternalRequirement.require(true, "the spec",
                Map.of(ExternalRequirement.REQUIRE_VARIABLE, "1")::get, out));
        assertEquals("", printed());
    }

    @Test
    void missingRequirementOutsideCiSkipsTheTestAndPrintsWhy() {
        TestAbortedException skipped = assertThrows(TestAbortedException.class,
                () -> ExternalRequirement.require(false, "the spec (shared/x in /src)", name -> null, out));
        assertTrue(skipped.getMessage().startsWith("not found: the spec (shared/x in /src); test skipped"),
                skipped::getMessage);
        assertEquals("SKIPPED: " + skipped.getMessage() + System.lineSeparator(), printed());
        assertTrue(printed().contains("SSOGATE_REQUIRE_EXTERNAL=1"), "the reason says how to make it a failure");
    }

    @Test
    void missingRequirementFailsTheTestWhenTheVariableRequiresIt() {
        for (String on : new String[] {"1", "true", " TRUE "}) {
            AssertionFailedError failed = assertThrows(AssertionFailedError.class, () -> ExternalRequirement.require(
                    false, "the spec", Map.of(ExternalRequirement.REQUIRE_VARIABLE, on)::get, out), on);
            assertTrue(failed.getMessage().startsWith("not found: the spec; SSOGATE_REQUIRE_EXTERNAL=1"),
                    failed::getMessage);
        }
        assertEquals("", printed(), "a failure carries its own message");
    }

    @Test
    void otherValuesOfTheVariableStillSkip() {
        for (String off : new String[] {"0", "", "false", "no"}) {
            assertThrows(TestAbortedException.class, () -> ExternalRequirement.require(
                    false, "the spec", Map.of(ExternalRequirement.REQUIRE_VARIABLE, off)::get, out), off);
        }
    }
}
