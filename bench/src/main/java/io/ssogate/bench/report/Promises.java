package io.ssogate.bench.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.DoubleFunction;
import java.util.function.ToDoubleFunction;

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
    /**
     * Small GETs at 64 connections against a freshly started ssogate, followed by the window's length:
     * {@code get-c64-first-30s}. The length is part of the name so a shortened smoke run can't pass for
     * the real thing.
     */
    public static final String STARTUP_PREFIX = "get-c64-first-";
    /**
     * The further alternated rounds of small GETs at 64 connections over the JVM targets (run.sh's
     * BENCH_GET_ROUNDS), followed by the round's number from 2 on: {@code get-c64-round-2}. Round 1 is
     * {@link #GET_C64} itself. No promise reads them: {@link #find} matches a scenario's whole name.
     */
    public static final String ROUND_PREFIX = "get-c64-round-";

    static final double GET_CPU_VS_NGINX = 1.7;
    static final double GET_THROUGHPUT_VS_NGINX = 0.7;
    static final double GET_P99_ALLOWANCE_MS = 2.0;
    static final double STARTUP_CPU_VS_STEADY = 2.0;
    static final double DOWNLOAD_VS_NGINX = 0.9;
    static final double UPLOAD_VS_NGINX = 1.0;
    static final double WS_P99_VS_DIRECT = 2.0;

    public enum Verdict { PASS, FAIL, NOT_MEASURED }

    public record Check(String promise, String measured, Verdict verdict) {
    }

    private Promises() {
    }

    public static List<Check> check(List<Measurement> all) {
        List<Check> checks = new ArrayList<>();
        checks.add(getCpu(all));
        checks.add(atLeast(all, GET_C64, GET_THROUGHPUT_VS_NGINX,
                "Small GET at 64 connections: ssogate req/s >= 0.7x nginx"));
        checks.add(getP99(all));
        checks.add(startupCpu(all));
        checks.add(atLeast(all, DOWNLOAD, DOWNLOAD_VS_NGINX, "50 MiB download: ssogate MiB/s >= 0.9x nginx"));
        checks.add(atLeast(all, UPLOAD, UPLOAD_VS_NGINX, "50 MiB upload: ssogate MiB/s >= 1.0x nginx"));
        checks.add(wsP99(all));
        return checks;
    }

    private static Check getCpu(List<Measurement> all) {
        String promise = "Small GET at 64 connections: ssogate CPU/req <= 1.7x nginx's";
        Optional<Measurement> ssogate = find(all, GET_C64, Measurement.SSOGATE);
        Optional<Measurement> nginx = find(all, GET_C64, Measurement.NGINX);
        return compare(promise, ssogate, nginx, Measurement::proxyCpuMicrosPerRequest, "nginx", false,
                GET_CPU_VS_NGINX, ResultsReport::cpu);
    }

    private static Check atLeast(List<Measurement> all, String scenario, double factor, String promise) {
        return compare(promise, find(all, scenario, Measurement.SSOGATE), find(all, scenario, Measurement.NGINX),
                Measurement::rate, "nginx", true, factor, null);
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

    private static Check startupCpu(List<Measurement> all) {
        Optional<Measurement> fresh = startup(all);
        String window = fresh.map(Promises::startupWindow).orElse("30 s");
        String promise = "First " + window + " after start, small GET at 64 connections:"
                + " ssogate CPU/req <= 2x steady state";
        return compare(promise, fresh, find(all, GET_C64, Measurement.SSOGATE),
                Measurement::proxyCpuMicrosPerRequest, "steady state", false, STARTUP_CPU_VS_STEADY,
                ResultsReport::cpu);
    }

    private static Check wsP99(List<Measurement> all) {
        return compare("WebSocket echo at 1,000 connections: ssogate p99 <= 2x direct p99",
                find(all, WS_C1000, Measurement.SSOGATE), find(all, WS_C1000, Measurement.DIRECT),
                Measurement::p99Ms, "direct", false, WS_P99_VS_DIRECT,
                ms -> String.format(Locale.ROOT, "%.2f ms", ms));
    }

    /**
     * Checks that {@code subject}'s figure is at least ({@code higherIsBetter}) or at most {@code factor}
     * times the reference's, and says so with both figures ({@code format} null: as rates).
     */
    private static Check compare(String promise, Optional<Measurement> subject, Optional<Measurement> reference,
                                 ToDoubleFunction<Measurement> figure, String referenceName,
                                 boolean higherIsBetter, double factor, DoubleFunction<String> format) {
        if (subject.isEmpty() || reference.isEmpty()) {
            return new Check(promise, "not measured", Verdict.NOT_MEASURED);
        }
        double value = figure.applyAsDouble(subject.get());
        double base = figure.applyAsDouble(reference.get());
        if (!(base > 0) || Double.isNaN(value)) {
            return new Check(promise, "not measured", Verdict.NOT_MEASURED);
        }
        double ratio = value / base;
        String shown = format == null ? ResultsReport.rate(subject.get()) : format.apply(value);
        String shownBase = format == null ? ResultsReport.rate(reference.get()) : format.apply(base);
        String measured = String.format(Locale.ROOT, "%.2fx (%s vs %s %s)", ratio, shown, referenceName, shownBase);
        return verdict(promise, measured, higherIsBetter ? ratio >= factor : ratio <= factor, subject.get());
    }

    /** A run with failed requests can't pass, however fast the ones that worked were. */
    private static Check verdict(String promise, String measured, boolean met, Measurement ssogate) {
        if (ssogate.errors() > 0) {
            return new Check(promise, measured + "; " + ssogate.errors() + " errors", Verdict.FAIL);
        }
        return new Check(promise, measured, met ? Verdict.PASS : Verdict.FAIL);
    }

    /** The run against a freshly started ssogate, if there was one. */
    static Optional<Measurement> startup(List<Measurement> all) {
        return all.stream()
                .filter(m -> m.scenario().startsWith(STARTUP_PREFIX) && m.target().equals(Measurement.SSOGATE))
                .findFirst();
    }

    /** How long the start-up run lasted, from its scenario name: "30 s" for {@code get-c64-first-30s}. */
    static String startupWindow(Measurement fresh) {
        String window = fresh.scenario().substring(STARTUP_PREFIX.length());
        return window.endsWith("s") ? window.substring(0, window.length() - 1) + " s" : window;
    }

    /** The round an alternated small-GET run was, from its scenario name: 2 for {@code get-c64-round-2}; else empty. */
    static OptionalInt round(String scenario) {
        if (!scenario.startsWith(ROUND_PREFIX)) {
            return OptionalInt.empty();
        }
        try {
            return OptionalInt.of(Integer.parseInt(scenario.substring(ROUND_PREFIX.length())));
        } catch (NumberFormatException notARound) {
            return OptionalInt.empty();
        }
    }

    static Optional<Measurement> find(List<Measurement> all, String scenario, String target) {
        return all.stream().filter(m -> m.scenario().equals(scenario) && m.target().equals(target)).findFirst();
    }
}
