package io.ssogate.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns the measurements of one bench/run.sh into the results table, Markdown that reads as well on
 * a terminal as on GitHub: every run with its rate, latencies, CPU per request and its ratios to
 * "direct" and "nginx" in the same scenario, then the promised targets with pass or fail.
 *
 * <pre>java -cp ssogate-bench.jar io.ssogate.bench.report.ResultsReport results.tsv machine.tsv RESULTS.md</pre>
 *
 * {@code machine.tsv} holds {@code key<TAB>value} lines (date, nproc, java, nginx) for the header.
 */
public final class ResultsReport {

    private ResultsReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            System.err.println("usage: ResultsReport RESULTS.tsv MACHINE.tsv OUTPUT.md");
            System.exit(2);
        }
        List<Measurement> measurements = MeasurementFile.read(Path.of(args[0]));
        List<String[]> machine = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("\t"))
                .map(line -> line.split("\t", 2))
                .toList();
        String markdown = render(measurements, machine);
        Files.writeString(Path.of(args[2]), markdown, StandardCharsets.UTF_8);
        System.out.print(markdown);
    }

    public static String render(List<Measurement> measurements, List<String[]> machine) {
        StringBuilder out = new StringBuilder("# ssogate benchmark results\n\n");
        for (String[] entry : machine) {
            out.append("- ").append(entry[0]).append(": ").append(entry[1].strip()).append('\n');
        }
        out.append("\nRates are requests/s for GETs, MiB/s for 50 MiB transfers, round trips/s for WebSocket echo."
                + " CPU/req is a process's utime+stime over the run divided by the requests completed"
                + " (client: wrk or the WebSocket load client)."
                + " Ratios compare a target with \"direct\" and \"nginx\" in the same scenario.\n\n");
        out.append(table(measurements)).append('\n');
        out.append("## Targets (reported, not asserted)\n\n");
        out.append("| Promise | Measured | Result |\n|---|---|---|\n");
        for (Promises.Check check : Promises.check(measurements)) {
            out.append("| ").append(check.promise()).append(" | ").append(check.measured()).append(" | ")
                    .append(check.verdict() == Promises.Verdict.NOT_MEASURED ? "not measured" : check.verdict().name())
                    .append(" |\n");
        }
        return out.toString();
    }

    static String table(List<Measurement> measurements) {
        StringBuilder out = new StringBuilder();
        out.append("| Scenario | Target | Rate | p50 ms | p99 ms | Errors | Upstream CPU/req | Proxy CPU/req"
                + " | Client CPU/req | Machine busy | Rate vs direct | Rate vs nginx | p99 vs direct | p99 vs nginx |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Measurement m : measurements) {
            Optional<Measurement> direct = Promises.find(measurements, m.scenario(), Measurement.DIRECT);
            Optional<Measurement> nginx = Promises.find(measurements, m.scenario(), Measurement.NGINX);
            out.append("| ").append(m.scenario())
                    .append(" | ").append(m.target())
                    .append(" | ").append(rate(m))
                    .append(" | ").append(fixed(m.p50Ms()))
                    .append(" | ").append(fixed(m.p99Ms()))
                    .append(" | ").append(m.errors())
                    .append(" | ").append(cpu(m.upstreamCpuMicrosPerRequest()))
                    .append(" | ").append(cpu(m.proxyCpuMicrosPerRequest()))
                    .append(" | ").append(cpu(m.clientCpuMicrosPerRequest()))
                    .append(" | ").append(String.format(Locale.ROOT, "%.0f%%", m.busyPercent()))
                    .append(" | ").append(ratio(m.rate(), direct.map(Measurement::rate)))
                    .append(" | ").append(ratio(m.rate(), nginx.map(Measurement::rate)))
                    .append(" | ").append(ratio(m.p99Ms(), direct.map(Measurement::p99Ms)))
                    .append(" | ").append(ratio(m.p99Ms(), nginx.map(Measurement::p99Ms)))
                    .append(" |\n");
        }
        return out.toString();
    }

    static String rate(Measurement m) {
        String pattern = "MiB/s".equals(m.unit()) ? "%,.1f %s" : "%,.0f %s";
        return String.format(Locale.ROOT, pattern, m.rate(), m.unit());
    }

    /** CPU per request in the unit that keeps it readable: microseconds for small requests, ms for transfers. */
    static String cpu(double micros) {
        if (Double.isNaN(micros)) {
            return "-";
        }
        return micros < 1000 ? String.format(Locale.ROOT, "%.1f µs", micros)
                : String.format(Locale.ROOT, "%,.1f ms", micros / 1000);
    }

    static String ratio(double value, Optional<Double> reference) {
        if (reference.isEmpty() || reference.get() <= 0) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", value / reference.get());
    }

    private static String fixed(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }
}
