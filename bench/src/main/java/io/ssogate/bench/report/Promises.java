package io.ssogate.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The performance the product promises, checked against one benchmark run. Reported, never
 * asserted: the figures depend on the machine, and a benchmark that fails a build teaches people to
 * stop running it.
 */
public final class Promises {

    public static final String GET_C64 = "get-c64";
    public static final String DOWNLOAD = "download-50MiB";
    public static final String UPLOAD = "upload-50MiB";
    public static final String WS_C1000 = "ws-echo-c1000";

    static final double GET_THROUGHPUT_VS_NGINX = 0.8;
    static final double GET_P99_ALLOWANCE_MS = 2.0;
    static final double TRANSFER_VS_NGINX = 0.9;
    static final double WS_P99_VS_DIRECT = 2.0;

    public enum Verdict { PASS, FAIL, NOT_MEASURED }

    public record Check(String promise, String measured, Verdict verdict) {
    }

    private Promises() {
    }

    public static List<Check> check(List<Measurement> all) {
        List<Check> checks = new ArrayList<>();
        checks.add(rateAgainst(all, GET_C64, Measurement.NGINX, GET_THROUGHPUT_VS_NGINX,
                "Small GET at 64 connections: ssogate req/s >= 0.8x nginx"));
        checks.add(getP99(all));
        checks.add(rateAgainst(all, DOWNLOAD, Measurement.NGINX, TRANSFER_VS_NGINX,
                "50 MiB download: ssogate MiB/s >= 0.9x nginx"));
        checks.add(rateAgainst(all, UPLOAD, Measurement.NGINX, TRANSFER_VS_NGINX,
                "50 MiB upload: ssogate MiB/s >= 0.9x nginx"));
        checks.add(wsP99(all));
        return checks;
    }

    private static Check rateAgainst(List<Measurement> all, String scenario, String reference, double factor,
                                     String promise) {
        Optional<Measurement> ssogate = find(all, scenario, Measurement.SSOGATE);
        Optional<Measurement> base = find(all, scenario, reference);
        if (ssogate.isEmpty() || base.isEmpty() || base.get().rate() <= 0) {
            return new Check(promise, "not measured", Verdict.NOT_MEASURED);
        }
        double ratio = ssogate.get().rate() / base.get().rate();
        String measured = String.format(Locale.ROOT, "%.2fx (%s vs %s %s)", ratio,
                ResultsReport.rate(ssogate.get()), reference, ResultsReport.rate(base.get()));
        return verdict(promise, measured, ratio >= factor, ssogate.get());
    }

    private static Check getP99(List<Measurement> all) {
        String promise = "Small GET at 64 connections: ssogate p99 <= nginx p99 + 2 ms";
        Optional<Measurement> ssogate = find(all, GET_C64, Measurement.SSOGATE);
        Optional<Measurement> nginx = find(all, GET_C64, Measurement.NGINX);
        if (ssogate.isEmpty() || nginx.isEmpty()) {
            return new Check(promise, "not measured", Verdict.NOT_MEASURED);
        }
        String measured = String.format(Locale.ROOT, "%.2f ms vs nginx %.2f ms", ssogate.get().p99Ms(),
                nginx.get().p99Ms());
        return verdict(promise, measured, ssogate.get().p99Ms() <= nginx.get().p99Ms() + GET_P99_ALLOWANCE_MS,
                ssogate.get());
    }

    private static Check wsP99(List<Measurement> all) {
        String promise = "WebSocket echo at 1,000 connections: ssogate p99 <= 2x direct p99";
        Optional<Measurement> ssogate = find(all, WS_C1000, Measurement.SSOGATE);
        Optional<Measurement> direct = find(all, WS_C1000, Measurement.DIRECT);
        if (ssogate.isEmpty() || direct.isEmpty() || direct.get().p99Ms() <= 0) {
            return new Check(promise, "not measured", Verdict.NOT_MEASURED);
        }
        double ratio = ssogate.get().p99Ms() / direct.get().p99Ms();
        String measured = String.format(Locale.ROOT, "%.2fx (%.2f ms vs direct %.2f ms)", ratio,
                ssogate.get().p99Ms(), direct.get().p99Ms());
        return verdict(promise, measured, ratio <= WS_P99_VS_DIRECT, ssogate.get());
    }

    /** A run with failed requests can't pass, however fast the ones that worked were. */
    private static Check verdict(String promise, String measured, boolean met, Measurement ssogate) {
        if (ssogate.errors() > 0) {
            return new Check(promise, measured + "; " + ssogate.errors() + " errors", Verdict.FAIL);
        }
        return new Check(promise, measured, met ? Verdict.PASS : Verdict.FAIL);
    }

    static Optional<Measurement> find(List<Measurement> all, String scenario, String target) {
        return all.stream().filter(m -> m.scenario().equals(scenario) && m.target().equals(target)).findFirst();
    }
}
