package io.ssogate.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.bench.report.Promises.Check;
import io.ssogate.bench.report.Promises.Verdict;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class PromisesTest {

    private static Measurement run(String scenario, String target, double rate, double p99Ms, long errors) {
        return new Measurement(scenario, target, "req/s", rate, p99Ms / 2, p99Ms, 1000, errors, 100,
                Measurement.DIRECT.equals(target) ? -1 : 50, 200, 100);
    }

    private static List<Measurement> passingRun() {
        List<Measurement> all = new ArrayList<>();
        all.add(run(Promises.GET_C64, Measurement.DIRECT, 20000, 5, 0));
        all.add(run(Promises.GET_C64, Measurement.NGINX, 10000, 8, 0));
        all.add(run(Promises.GET_C64, Measurement.SSOGATE, 8000, 10, 0)); // exactly 0.8x, exactly +2 ms
        all.add(run(Promises.DOWNLOAD, Measurement.NGINX, 1000, 60, 0));
        all.add(run(Promises.DOWNLOAD, Measurement.SSOGATE, 900, 70, 0));
        all.add(run(Promises.UPLOAD, Measurement.NGINX, 1000, 60, 0));
        all.add(run(Promises.UPLOAD, Measurement.SSOGATE, 950, 70, 0));
        all.add(run(Promises.WS_C1000, Measurement.DIRECT, 30000, 40, 0));
        all.add(run(Promises.WS_C1000, Measurement.SSOGATE, 20000, 80, 0)); // exactly 2x
        return all;
    }

    @Test
    void everyPromiseMetAtItsBoundaryPasses() {
        List<Check> checks = Promises.check(passingRun());

        assertEquals(5, checks.size());
        checks.forEach(check -> assertEquals(Verdict.PASS, check.verdict(), check.toString()));
    }

    @Test
    void smallGetBelowEightTenthsOfNginxFails() {
        List<Measurement> all = passingRun();
        all.set(2, run(Promises.GET_C64, Measurement.SSOGATE, 7999, 10, 0));

        Check throughput = Promises.check(all).get(0);

        assertEquals(Verdict.FAIL, throughput.verdict());
        assertTrue(throughput.measured().startsWith("0.80x"), throughput.measured());
    }

    @Test
    void smallGetP99MoreThanTwoMillisecondsAboveNginxFails() {
        List<Measurement> all = passingRun();
        all.set(2, run(Promises.GET_C64, Measurement.SSOGATE, 9000, 10.01, 0));

        assertEquals(Verdict.FAIL, Promises.check(all).get(1).verdict());
    }

    @Test
    void webSocketP99AboveTwiceDirectFails() {
        List<Measurement> all = passingRun();
        all.set(8, run(Promises.WS_C1000, Measurement.SSOGATE, 20000, 80.1, 0));

        assertEquals(Verdict.FAIL, Promises.check(all).get(4).verdict());
    }

    @Test
    void aFastRunWithFailedRequestsFails() {
        List<Measurement> all = passingRun();
        all.set(4, run(Promises.DOWNLOAD, Measurement.SSOGATE, 5000, 10, 3));

        Check download = Promises.check(all).get(2);

        assertEquals(Verdict.FAIL, download.verdict());
        assertTrue(download.measured().endsWith("3 errors"), download.measured());
    }

    @Test
    void withoutSsogateEveryPromiseIsNotMeasured() {
        List<Measurement> withoutSsogate = passingRun().stream()
                .filter(m -> !m.target().equals(Measurement.SSOGATE)).toList();

        Promises.check(withoutSsogate).forEach(check -> assertEquals(Verdict.NOT_MEASURED, check.verdict()));
    }
}
