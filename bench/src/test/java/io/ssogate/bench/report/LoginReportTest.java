package io.ssogate.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class LoginReportTest {

    /** 200 logins of 0.5 .. 100 ms in steps of 0.5 ms (the login part a fifth), over 4 s of wall time, 16 at once. */
    private static List<String> roundFile(String name, int failed) {
        List<String> lines = new ArrayList<>(List.of("# round=" + name, "# concurrency=16", "# people=200",
                "# failed=" + failed, "# wall_ms=4000.0", "# gateway_cpu_ms=2000", "# emulator_cpu_ms=500"));
        for (int i = 1; i <= 200; i++) {
            // callback to cookies, then the Mattermost login part of it (a fifth)
            lines.add(String.format(Locale.ROOT, "%.3f %.3f", i / 2.0, i / 10.0));
        }
        return lines;
    }

    @Test
    void aRoundIsReadFromItsFileWithNearestRankPercentilesAndLoginsPerSecondOfTheWallTime() {
        LoginReport.Round round = LoginReport.Round.parse(roundFile("first", 0));

        assertEquals("first", round.name());
        assertEquals(16, round.concurrency());
        assertEquals(200, round.millis().length);
        assertEquals(50.0, round.percentileMs(50));
        assertEquals(99.0, round.percentileMs(99));
        assertEquals(100.0, round.maxMs());
        assertEquals(OptionalDouble.of(10.0), round.loginPercentileMs(50));
        assertEquals(OptionalDouble.of(19.8), round.loginPercentileMs(99));
        assertEquals(50.0, round.loginsPerSecond());
        assertEquals(OptionalDouble.of(2000), round.gatewayCpuMs());
        assertEquals(OptionalDouble.empty(), round.idpCpuMs());
    }

    @Test
    void theRoundTableShowsLatencyRateAndEachProcesssCpuPerLogin() {
        String section = LoginReport.loginSection(List.of(LoginReport.Round.parse(roundFile("first", 0))));

        assertTrue(section.contains("| first | 16 | 200 | 0 | 50.00 | 99.00 | 100.00 | 10.00 | 19.80 | 50.0 | 10.00 ms | 2.50 ms | - |"),
                section);
    }

    @Test
    void theP99TargetIsFiftyMillisecondsWithNoLoginFailed() {
        List<String> fast = new ArrayList<>(List.of("# round=returning", "# concurrency=64", "# wall_ms=1000"));
        for (int i = 1; i <= 100; i++) {
            fast.add(i == 100 ? "80.0" : "50.0");
        }
        assertEquals("returning at 64: p99 50.00 ms (≤ 50 ms), 100.0 logins/s (64 in flight at that rate: 640 ms each"
                        + " on average, mostly waiting): **PASS**",
                LoginReport.verdict(LoginReport.Round.parse(fast)));
        fast.set(1, "# concurrency=1");
        assertEquals("returning at 1: p99 50.00 ms (≤ 50 ms), 100.0 logins/s: **PASS**",
                LoginReport.verdict(LoginReport.Round.parse(fast)));
        assertEquals("first at 16: p99 99.00 ms (over 50 ms), 50.0 logins/s (16 in flight at that rate: 320 ms each"
                        + " on average, mostly waiting): **FAIL**",
                LoginReport.verdict(LoginReport.Round.parse(roundFile("first", 0))));
        fast.add(0, "# failed=2");
        assertTrue(LoginReport.verdict(LoginReport.Round.parse(fast)).endsWith(", 2 failed logins: **FAIL**"));
    }

    @Test
    void aRoundWhereNobodyLoggedInIsNotMeasuredRatherThanPassed() {
        String section = LoginReport.loginSection(List.of(LoginReport.Round.parse(
                List.of("# round=first", "# concurrency=16", "# people=50", "# failed=50", "# wall_ms=10"))));

        assertTrue(section.contains("| first | 16 | 0 | 50 | - |"), section);
        // a file of one column (an older driver) has no login split
        assertEquals(OptionalDouble.empty(), LoginReport.Round.parse(List.of("# round=first", "12.5")).loginPercentileMs(50));
        assertTrue(section.contains("- first at 16: not measured (nobody logged in)"), section);
        assertTrue(LoginReport.loginSection(List.of()).contains("Not measured"));
    }

    private static Measurement get(String target, double rate, double p99, double cpuMs) {
        return new Measurement("get-c64", target, "req/s", rate, p99 / 4, p99, 100_000, 0,
                new ProcessCost(3000, 100_000, 1000), new ProcessCost(cpuMs, 150_000, 10_000), 4000, 100);
    }

    @Test
    void aLoggedInGetIsComparedWithNoSsoAsMedianMinusMedianAgainstTheSessionTarget() {
        String section = LoginReport.getSection(List.of(
                get("ssogate", 10000, 10.0, 10000),
                get("ssogate-login", 9800, 10.1, 10300),
                get("ssogate", 10000, 10.0, 10000),
                get("ssogate-login", 9800, 10.1, 10500)));

        assertTrue(section.contains("| get-c64 | **logged in − no SSO** | -2.0% | +0.10 | +4.0 µs | +0.00 | - |"), section);
        assertTrue(section.contains("- get-c64: CPU +4.0 µs/request (under 10 µs), p99 +0.10 ms (under 0.2 ms): **PASS**"),
                section);
        assertTrue(section.contains("| get-c64 | logged in | 9,800 req/s | 2.53 | 10.10 | 0 | 103.0 µs | 1.60 | 30.0 µs | 100% |"),
                section);
        assertTrue(section.contains("- get-c64, round by round (logged in − the no-SSO run before it): +3.0 µs, +5.0 µs;"
                + " median +4.0 µs"), section);
    }

    @Test
    void pairedRoundsShowTheDifferenceEachPairSawEvenWhenTheMachineDrifted() {
        // The machine slows down between the pairs: the medians mix fast and slow moments, the pairs do not.
        String line = LoginReport.pairedCpu("get-c64",
                List.of(get("ssogate", 1, 1, 8000), get("ssogate", 1, 1, 10000), get("ssogate", 1, 1, 8200)),
                List.of(get("ssogate-login", 1, 1, 8100), get("ssogate-login", 1, 1, 10200), get("ssogate-login", 1, 1, 10300)));

        assertTrue(line.endsWith("+1.0 µs, +2.0 µs, +21.0 µs; median +2.0 µs (informative; the verdict above is on the medians)"),
                line);
    }
}
