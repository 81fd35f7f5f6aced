package io.ssogate.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.bench.report.Promises.Check;
import io.ssogate.bench.report.Promises.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromisesTest {

    private static final String STARTUP = Promises.STARTUP_PREFIX + "30s";

    /** A run of 1,000 requests whose proxy spent {@code proxyCpuMs} (so µs/req = proxyCpuMs). */
    private static Measurement run(String scenario, String target, double rate, double p99Ms, long errors,
                                   double proxyCpuMs) {
        ProcessCost upstream = new ProcessCost(100, 1000, 10);
        ProcessCost proxy = Measurement.DIRECT.equals(target) ? null : new ProcessCost(proxyCpuMs, 2000, 20);
        return new Measurement(scenario, target, "req/s", rate, p99Ms / 2, p99Ms, 1000, errors, upstream, proxy,
                200, 100);
    }

    private static Measurement run(String scenario, String target, double rate, double p99Ms, long errors) {
        return run(scenario, target, rate, p99Ms, errors, 50);
    }

    /** Every promise met exactly at its boundary; indexes match the order of {@link Promises#check}. */
    private static List<Measurement> passingRun() {
        List<Measurement> all = new ArrayList<>();
        all.add(run(Promises.GET_C64, Measurement.DIRECT, 20000, 5, 0));
        all.add(run(Promises.GET_C64, Measurement.NGINX, 10000, 8, 0, 100));
        all.add(run(Promises.GET_C64, Measurement.HAPROXY, 12000, 7, 0, 80));
        all.add(run(Promises.GET_C64, Measurement.SSOGATE, 7000, 10, 0, 170)); // 0.7x rate, +2 ms, 1.7x CPU
        all.add(run(Promises.DOWNLOAD, Measurement.NGINX, 1000, 60, 0));
        all.add(run(Promises.DOWNLOAD, Measurement.SSOGATE, 900, 70, 0)); // 0.9x
        all.add(run(Promises.UPLOAD, Measurement.NGINX, 1000, 60, 0));
        all.add(run(Promises.UPLOAD, Measurement.SSOGATE, 1000, 70, 0)); // 1.0x
        all.add(run(Promises.WS_C1000, Measurement.DIRECT, 30000, 40, 0));
        all.add(run(Promises.WS_C1000, Measurement.SSOGATE, 20000, 80, 0)); // 2x
        all.add(run(STARTUP, Measurement.SSOGATE, 3000, 50, 0, 340)); // 2x steady state's 170
        return all;
    }

    private static Check check(List<Measurement> all, String promiseStart) {
        return Promises.check(all).stream().filter(c -> c.promise().startsWith(promiseStart)).findFirst()
                .orElseThrow(() -> new AssertionError("no promise starting with " + promiseStart));
    }

    private static void replace(List<Measurement> all, Measurement replacement) {
        all.replaceAll(m -> m.scenario().equals(replacement.scenario()) && m.target().equals(replacement.target())
                ? replacement : m);
    }

    @Test
    void everyPromiseMetAtItsBoundaryPasses() {
        List<Check> checks = Promises.check(passingRun());

        assertEquals(7, checks.size());
        checks.forEach(check -> assertEquals(Verdict.PASS, check.verdict(), check.toString()));
    }

    @Test
    void smallGetCpuAboveOnePointSevenTimesNginxFails() {
        List<Measurement> all = passingRun();
        replace(all, run(Promises.GET_C64, Measurement.SSOGATE, 7000, 10, 0, 171));

        Check cpu = check(all, "Small GET at 64 connections: ssogate CPU/req");

        assertEquals(Verdict.FAIL, cpu.verdict());
        assertEquals("1.71x (171.0 µs vs nginx 100.0 µs)", cpu.measured());
    }

    @Test
    void smallGetBelowSevenTenthsOfNginxRateFails() {
        List<Measurement> all = passingRun();
        replace(all, run(Promises.GET_C64, Measurement.SSOGATE, 6999, 10, 0, 170));

        Check throughput = check(all, "Small GET at 64 connections: ssogate req/s");

        assertEquals(Verdict.FAIL, throughput.verdict());
        assertTrue(throughput.measured().startsWith("0.70x (6,999 req/s vs nginx 10,000 req/s)"), throughput.measured());
    }

    @Test
    void smallGetP99MoreThanTwoMillisecondsAboveNginxFails() {
        List<Measurement> all = passingRun();
        replace(all, run(Promises.GET_C64, Measurement.SSOGATE, 9000, 10.01, 0, 170));

        assertEquals(Verdict.FAIL, check(all, "Small GET at 64 connections: ssogate p99").verdict());
    }

    @Test
    void firstSecondsAfterStartAboveTwiceSteadyStateCpuFail() {
        List<Measurement> all = passingRun();
        replace(all, run(STARTUP, Measurement.SSOGATE, 3000, 50, 0, 341));

        Check startup = check(all, "First 30 s after start");

        assertEquals(Verdict.FAIL, startup.verdict());
        assertEquals("2.01x (341.0 µs vs steady state 170.0 µs)", startup.measured());
    }

    @Test
    void aShortenedStartUpWindowIsNamedInThePromise() {
        List<Measurement> all = passingRun();
        all.removeIf(m -> m.scenario().equals(STARTUP));
        all.add(run(Promises.STARTUP_PREFIX + "5s", Measurement.SSOGATE, 3000, 50, 0, 200));

        Check startup = check(all, "First ");

        assertEquals("First 5 s after start, small GET at 64 connections: ssogate CPU/req <= 2x steady state",
                startup.promise());
        assertEquals(Verdict.PASS, startup.verdict());
    }

    @Test
    void withoutAStartUpRunItsPromiseIsNotMeasured() {
        List<Measurement> all = passingRun();
        all.removeIf(m -> m.scenario().equals(STARTUP));

        assertEquals(Verdict.NOT_MEASURED, check(all, "First 30 s after start").verdict());
    }

    @Test
    void uploadSlowerThanNginxFailsAndDownloadBelowNineTenthsFails() {
        List<Measurement> all = passingRun();
        replace(all, run(Promises.UPLOAD, Measurement.SSOGATE, 999, 70, 0));
        replace(all, run(Promises.DOWNLOAD, Measurement.SSOGATE, 899, 70, 0));

        assertEquals(Verdict.FAIL, check(all, "50 MiB upload").verdict());
        assertEquals(Verdict.FAIL, check(all, "50 MiB download").verdict());
    }

    @Test
    void webSocketP99AboveTwiceDirectFails() {
        List<Measurement> all = passingRun();
        replace(all, run(Promises.WS_C1000, Measurement.SSOGATE, 20000, 80.1, 0));

        Check ws = check(all, "WebSocket echo");

        assertEquals(Verdict.FAIL, ws.verdict());
        assertEquals("2.00x (80.10 ms vs direct 40.00 ms)", ws.measured());
    }

    @Test
    void aFastRunWithFailedRequestsFails() {
        List<Measurement> all = passingRun();
        replace(all, run(Promises.DOWNLOAD, Measurement.SSOGATE, 5000, 10, 3));

        Check download = check(all, "50 MiB download");

        assertEquals(Verdict.FAIL, download.verdict());
        assertTrue(download.measured().endsWith("3 errors"), download.measured());
    }

    @Test
    void alternatedRoundsAreNeverTakenForTheSmallGetsOrTheStartUpRun() {
        List<Measurement> all = new ArrayList<>();
        // Failing figures in every round, ahead of the real runs: a prefix match would find them first.
        for (String target : List.of(Measurement.SSOGATE, Measurement.NGINX, Measurement.SSOGATE_BEFORE)) {
            all.add(run(Promises.ROUND_PREFIX + 2, target, 100, 99, 5, 999));
            all.add(run(Promises.ROUND_PREFIX + 10, target, 100, 99, 5, 999));
        }
        all.addAll(passingRun());

        Promises.check(all).forEach(check -> assertEquals(Verdict.PASS, check.verdict(), check.toString()));
        assertEquals(STARTUP, Promises.startup(all).orElseThrow().scenario());
        assertEquals(2, Promises.round(Promises.ROUND_PREFIX + 2).orElseThrow());
        assertEquals(10, Promises.round("get-c64-round-10").orElseThrow());
        assertTrue(Promises.round(Promises.GET_C64).isEmpty());
        assertTrue(Promises.round(STARTUP).isEmpty());
        assertTrue(Promises.round("get-c16").isEmpty());
    }

    @Test
    void anEarlierBuildTakesNoPartInTheVerdicts() {
        List<Measurement> all = passingRun();
        all.add(0, run(Promises.GET_C64, Measurement.SSOGATE_BEFORE, 100, 99, 5, 999));
        all.removeIf(m -> m.target().equals(Measurement.SSOGATE) && m.scenario().equals(Promises.GET_C64));
        all.add(run(Promises.GET_C64, Measurement.SSOGATE, 7000, 10, 0, 170));

        Promises.check(all).forEach(check -> assertEquals(Verdict.PASS, check.verdict(), check.toString()));
    }

    @Test
    void withoutSsogateEveryPromiseIsNotMeasured() {
        List<Measurement> withoutSsogate = passingRun().stream()
                .filter(m -> !m.target().equals(Measurement.SSOGATE)).toList();

        Promises.check(withoutSsogate).forEach(check -> assertEquals(Verdict.NOT_MEASURED, check.verdict()));
    }
}
