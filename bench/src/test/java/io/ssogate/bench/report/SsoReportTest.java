package io.ssogate.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class SsoReportTest {

    /** 100,000 requests, so µs/req = gateway CPU ms / 100 and switches/req = switches / 100,000. */
    private static Measurement run(String target, double rate, double p99, double cpuMs, long errors) {
        return new Measurement("get-c64", target, "req/s", rate, p99 / 4, p99, 100_000, errors,
                new ProcessCost(2000, 200_000, 1000), new ProcessCost(cpuMs, 150_000, 10_000), 4000, 100);
    }

    /** Alternated as run.sh measures: no SSO, valid session, no SSO, valid session. */
    private static final List<Measurement> ROUNDS = List.of(
            run("ssogate", 11000, 16.0, 11000, 0),
            run("ssogate-sso", 10500, 16.2, 11500, 0),
            run("ssogate", 12000, 15.0, 10000, 0),
            run("ssogate-sso", 11500, 15.2, 10300, 0));

    @Test
    void mediansOfTheRoundsSideBySideWithTheirDifference() {
        String[] lines = SsoReport.sessionSection(ROUNDS).split("\n");

        assertTrue(List.of(lines).contains("| get-c64 | ssogate (no SSO) | 11,500 req/s | 15.50 | 105.0 µs | 1.60 | 0 |"),
                String.join("\n", lines));
        assertTrue(List.of(lines).contains("| get-c64 | ssogate (valid session) | 11,000 req/s | 15.70 | 109.0 µs | 1.60 | 0 |"),
                String.join("\n", lines));
        assertTrue(List.of(lines).contains("| get-c64 | **valid session − no SSO** | -4.3% | +0.20 | +4.0 µs | +0.00 | - |"),
                String.join("\n", lines));
    }

    @Test
    void theVerdictNeedsBothFiguresUnderTheTargetAndNoFailedRequest() {
        String section = SsoReport.sessionSection(ROUNDS);
        assertTrue(section.contains("- get-c64: CPU +4.0 µs/request (under 10 µs), p99 +0.20 ms (not under 0.2 ms): **FAIL**"),
                section);

        assertEquals("get-c64: CPU +4.0 µs/request (under 10 µs), p99 +0.15 ms (under 0.2 ms): **PASS**",
                SsoReport.verdict("get-c64", 4.0, 0.15, 0));
        assertEquals("get-c64: CPU +12.0 µs/request (not under 10 µs), p99 +0.15 ms (under 0.2 ms): **FAIL**",
                SsoReport.verdict("get-c64", 12.0, 0.15, 0));
        assertEquals("get-c64: CPU +4.0 µs/request (under 10 µs), p99 +0.15 ms (under 0.2 ms), 3 failed requests: **FAIL**",
                SsoReport.verdict("get-c64", 4.0, 0.15, 3));
    }

    @Test
    void everyRoundIsListedInTheOrderItRanWithItsNumber() {
        String section = SsoReport.sessionSection(ROUNDS);

        assertTrue(section.contains("| get-c64 | 1 | no SSO | 11,000 req/s | 4.00 | 16.00 | 0 | 110.0 µs | 1.60 | 1.50 / 0.10 | 100% |"),
                section);
        assertTrue(section.contains("| get-c64 | 2 | valid session | 11,500 req/s | 3.80 | 15.20 | 0 | 103.0 µs |"), section);
        assertTrue(section.contains("(no SSO, valid session, no SSO, ..., 2 rounds)"), section);
    }

    @Test
    void aTargetWithoutRunsIsNotMeasuredRatherThanCompared() {
        String section = SsoReport.sessionSection(List.of(run("ssogate", 11000, 16.0, 11000, 0)));

        assertTrue(section.contains("| get-c64 | ssogate (valid session) | not measured |"), section);
        assertTrue(section.contains("- get-c64: not measured (valid session has no run)"), section);
        assertTrue(SsoReport.sessionSection(List.of()).contains("Not measured"));
    }

    @Test
    void medianOfAnEvenCountIsTheMeanOfTheMiddleTwo() {
        assertEquals(2.5, SsoReport.median(new double[] {4, 1, 2, 3}));
        assertEquals(3, SsoReport.median(new double[] {5, 3, 1}));
        assertTrue(Double.isNaN(SsoReport.median(new double[0])));
    }

    @Test
    void callbackPercentilesAreNearestRankOverTheMeasuredSignInsOnly() {
        List<String> lines = new java.util.ArrayList<>(List.of("# warmup=20", "# failed=1", "# gateway_cpu_ms=2000"));
        for (int i = 1; i <= 200; i++) {
            lines.add(String.format(java.util.Locale.ROOT, "%.3f", i / 10.0)); // 0.1 .. 20.0 ms
        }
        SsoReport.Callbacks callbacks = SsoReport.Callbacks.parse(lines);

        assertEquals(20, callbacks.warmup());
        assertEquals(1, callbacks.failed());
        assertEquals(OptionalDouble.of(2000), callbacks.gatewayCpuMs());
        String section = SsoReport.callbackSection(callbacks);
        assertTrue(section.contains("| 200 | 1 | 10.00 | 19.80 | 10.05 | 20.00 | 10.0 ms |"), section);
        assertTrue(section.contains("after 20 warm-up sign-ins"), section);
    }

    @Test
    void noCallbackMeasuredSaysSo() {
        String section = SsoReport.callbackSection(SsoReport.Callbacks.parse(List.of("# warmup=20", "# failed=3")));

        assertTrue(section.contains("Not measured (3 sign-ins failed"), section);
    }
}
