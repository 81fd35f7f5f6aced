package io.ssogate.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Turns the measurements of one bench/run.sh into RESULTS.md, Markdown that reads as well on a
 * terminal as on GitHub: what each target costs per request in each scenario (with ssogate's ratios to
 * nginx and HAProxy), the small GETs of ssogate beside an earlier build of it and the minimal proxies, the
 * alternated rounds of those JVMs, the first seconds after a fresh start against steady state, the promised
 * targets with pass or fail, and every run in full.
 *
 * <pre>java -cp ssogate-bench.jar io.ssogate.bench.report.ResultsReport results.tsv machine.tsv RESULTS.md [extra.md ...]</pre>
 *
 * {@code machine.tsv} holds {@code key<TAB>value} lines (date, nproc, java, nginx) for the header, the
 * {@code ssogate-before} line (the earlier build's label and jar) for the table that shows it too;
 * each {@code extra.md} given is appended as it is, in order (the single sign-on section of
 * {@link SsoReport}, the profile's stage breakdown).
 */
public final class ResultsReport {

    private ResultsReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: ResultsReport RESULTS.tsv MACHINE.tsv OUTPUT.md [APPEND.md ...]");
            System.exit(2);
        }
        List<Measurement> measurements = MeasurementFile.read(Path.of(args[0]));
        List<String[]> machine = Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("\t"))
                .map(line -> line.split("\t", 2))
                .toList();
        String markdown = render(measurements, machine);
        for (int i = 3; i < args.length; i++) {
            markdown += "\n" + Files.readString(Path.of(args[i]), StandardCharsets.UTF_8);
        }
        Files.writeString(Path.of(args[2]), markdown, StandardCharsets.UTF_8);
        System.out.print(markdown);
    }

    public static String render(List<Measurement> measurements, List<String[]> machine) {
        List<Measurement> runs = ordered(measurements);
        StringBuilder out = new StringBuilder("# ssogate benchmark results\n\n");
        for (String[] entry : machine) {
            out.append("- ").append(entry[0]).append(": ").append(entry[1].strip()).append('\n');
        }
        out.append("\nRates are requests/s for GETs, MiB/s for 50 MiB transfers, round trips/s for WebSocket echo."
                + " CPU/req is a process's utime+stime (/proc/PID/stat) over the measured run divided by the"
                + " requests completed; switches/req are its threads' voluntary + involuntary context switches"
                + " (/proc/PID/task/*/status) over the same run. Both are read just before and just after the"
                + " measured run, so warm-ups never count. A target's own cost is the upstream's for \"direct\","
                + " master + workers for nginx and HAProxy, the JVM for ssogate and for each minimal proxy.\n\n");
        out.append("## What each target costs per request (steady state)\n\n").append(summary(runs)).append('\n');
        if (runs.stream().anyMatch(m -> Measurement.SMALL_GETS_ONLY.contains(m.target()))) {
            out.append(besideSsogate(runs, machineValue(machine, Measurement.SSOGATE_BEFORE))).append('\n');
        }
        if (runs.stream().anyMatch(m -> Promises.round(m.scenario()).isPresent())) {
            out.append(rounds(runs)).append('\n');
        }
        Promises.startup(runs).ifPresent(fresh -> out.append(startup(fresh, runs)).append('\n'));
        out.append("## Targets (reported, not asserted)\n\n");
        out.append("| Promise | Measured | Result |\n|---|---|---|\n");
        for (Promises.Check check : Promises.check(runs)) {
            out.append("| ").append(check.promise()).append(" | ").append(check.measured()).append(" | ")
                    .append(check.verdict() == Promises.Verdict.NOT_MEASURED ? "not measured" : check.verdict().name())
                    .append(" |\n");
        }
        out.append("\n## Every run\n\n").append(table(runs));
        return out.toString();
    }

    private static Optional<String> machineValue(List<String[]> machine, String key) {
        return machine.stream().filter(entry -> entry[0].equals(key)).map(entry -> entry[1].strip()).findFirst();
    }

    /**
     * Scenarios in the order they ran, and within one the targets as {@link Measurement#TARGETS}
     * lists them, whatever order run.sh measured them in.
     */
    static List<Measurement> ordered(List<Measurement> measurements) {
        List<String> scenarios = new ArrayList<>(new LinkedHashSet<>(measurements.stream().map(Measurement::scenario).toList()));
        return measurements.stream()
                .sorted(Comparator.comparingInt((Measurement m) -> scenarios.indexOf(m.scenario()))
                        .thenComparingInt(m -> targetRank(m.target())))
                .toList();
    }

    private static int targetRank(String target) {
        int rank = Measurement.TARGETS.indexOf(target);
        return rank < 0 ? Measurement.TARGETS.size() : rank;
    }

    /**
     * Per scenario: each target's rate, p99 and own cost, then ssogate's ratios to nginx and HAProxy. Steady state
     * only, each scenario once: not the start-up run, not the further alternated rounds.
     */
    static String summary(List<Measurement> runs) {
        StringBuilder out = new StringBuilder();
        out.append("| Scenario | Target | Rate | p99 ms | CPU/req | Switches/req | voluntary / involuntary |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|\n");
        for (String scenario : new LinkedHashSet<>(runs.stream().map(Measurement::scenario).toList())) {
            if (scenario.startsWith(Promises.STARTUP_PREFIX) || Promises.round(scenario).isPresent()) {
                continue;
            }
            for (Measurement m : runs) {
                if (!m.scenario().equals(scenario)) {
                    continue;
                }
                ProcessCost cost = m.targetCost();
                out.append("| ").append(scenario).append(" | ").append(m.target())
                        .append(" | ").append(rate(m))
                        .append(" | ").append(fixed(m.p99Ms()))
                        .append(" | ").append(cpu(cost.cpuMicrosPer(m.count())))
                        .append(" | ").append(switches(cost.switchesPer(m.count())))
                        .append(" | ").append(switches(cost.voluntarySwitchesPer(m.count()))).append(" / ")
                        .append(switches(cost.involuntarySwitchesPer(m.count())))
                        .append(" |\n");
            }
            Optional<Measurement> ssogate = Promises.find(runs, scenario, Measurement.SSOGATE);
            for (String reference : List.of(Measurement.NGINX, Measurement.HAPROXY)) {
                Optional<Measurement> base = Promises.find(runs, scenario, reference);
                if (ssogate.isPresent() && base.isPresent()) {
                    out.append(ratioRow(scenario, ssogate.get(), base.get()));
                }
            }
        }
        return out.toString();
    }

    /**
     * Small GETs, every target beside ssogate, an earlier build of it and the minimal proxies on its own stack, each
     * with its ratios to nginx and to ssogate: what a change to ssogate did, how far ssogate is from what its stack
     * can do, and that stack from nginx. {@code before} is what run.sh recorded of the earlier build (its label and
     * jar).
     */
    static String besideSsogate(List<Measurement> runs, Optional<String> before) {
        boolean hasBefore = runs.stream().anyMatch(m -> m.target().equals(Measurement.SSOGATE_BEFORE));
        boolean hasPrototypes = runs.stream().anyMatch(m -> Measurement.PROTOTYPES.contains(m.target()));
        String beside = hasBefore && hasPrototypes ? "an earlier build and minimal proxies on its own stack"
                : hasBefore ? "an earlier build" : "minimal proxies on its own stack";
        StringBuilder out = new StringBuilder("## ssogate beside " + beside + " (small GET)\n\n");
        if (hasPrototypes) {
            out.append("`tomcat-min` and `tomcat-min-valve` are `io.ssogate.bench.prototype.MinimalTomcatProxy`: embedded"
                    + " Tomcat with ssogate's connector settings, HttpCore 5's classic `HttpRequester`, blocking, pooled"
                    + " keep-alive; proxying in a plain servlet, or in an Engine-level valve. Measuring sticks, not designs;"
                    + " warmed up as long as ssogate. ");
        }
        if (hasBefore) {
            out.append("`ssogate-before` is an earlier build of the gateway (")
                    .append(before.orElse("which one was not recorded"))
                    .append("), started with the same config as ssogate, warmed up as long and measured right after it;"
                            + " its CPU vs ssogate is the earlier build's cost as a multiple of this one's. ");
        }
        out.append("CPU is the target's own (the upstream's for direct).\n\n");
        out.append("| Scenario | Target | Rate | p99 ms | CPU/req | Switches/req | CPU vs nginx | CPU vs ssogate"
                + " | Rate vs nginx | Rate vs ssogate | p99 vs nginx | p99 vs ssogate |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String scenario : new LinkedHashSet<>(runs.stream().map(Measurement::scenario).toList())) {
            if (Promises.round(scenario).isPresent() || runs.stream()
                    .noneMatch(m -> m.scenario().equals(scenario) && Measurement.SMALL_GETS_ONLY.contains(m.target()))) {
                continue;
            }
            Optional<Measurement> nginx = Promises.find(runs, scenario, Measurement.NGINX);
            Optional<Measurement> ssogate = Promises.find(runs, scenario, Measurement.SSOGATE);
            for (Measurement m : runs) {
                if (!m.scenario().equals(scenario)) {
                    continue;
                }
                double cpu = m.targetCost().cpuMicrosPer(m.count());
                String name = m.target().equals(Measurement.SSOGATE) || Measurement.SMALL_GETS_ONLY.contains(m.target())
                        ? "**" + m.target() + "**" : m.target();
                out.append("| ").append(scenario).append(" | ").append(name)
                        .append(" | ").append(rate(m))
                        .append(" | ").append(fixed(m.p99Ms()))
                        .append(" | ").append(cpu(cpu))
                        .append(" | ").append(switches(m.targetCost().switchesPer(m.count())))
                        .append(" | ").append(ratio(cpu, nginx.map(n -> n.targetCost().cpuMicrosPer(n.count()))))
                        .append(" | ").append(ratio(cpu, ssogate.map(n -> n.targetCost().cpuMicrosPer(n.count()))))
                        .append(" | ").append(ratio(m.rate(), nginx.map(Measurement::rate)))
                        .append(" | ").append(ratio(m.rate(), ssogate.map(Measurement::rate)))
                        .append(" | ").append(ratio(m.p99Ms(), nginx.map(Measurement::p99Ms)))
                        .append(" | ").append(ratio(m.p99Ms(), ssogate.map(Measurement::p99Ms)))
                        .append(" |\n");
            }
        }
        return out.toString();
    }

    /**
     * The JVM targets' small GETs at 64 connections, round by round: round 1 is their {@code get-c64} run, the others
     * the alternated {@code get-c64-round-K} runs after the GET group; each target's CPU per request in every round,
     * its median over the rounds and that median's ratio to ssogate's.
     */
    static String rounds(List<Measurement> runs) {
        int last = runs.stream().map(m -> Promises.round(m.scenario())).filter(OptionalInt::isPresent)
                .mapToInt(OptionalInt::getAsInt).max().orElse(1);
        List<String> targets = new ArrayList<>(new LinkedHashSet<>(runs.stream()
                .filter(m -> Promises.round(m.scenario()).isPresent()).map(Measurement::target).toList()));
        StringBuilder out = new StringBuilder("## Small GETs, alternated rounds\n\n");
        out.append("Single sequential samples of JVMs this close cannot be ranked: the machine drifts by tens of percent"
                + " within minutes, every JVM alike, more than they differ. So after the small GETs (round 1: each one's"
                + " `get-c64` run above) they are measured again in turn, in the same order every round, each run after"
                + " a short re-warm of the same load; only the median of these alternated rounds ranks them. CPU per"
                + " request, the target's own.\n\n");
        out.append("| Target | round 1 (").append(Promises.GET_C64).append(')');
        for (int round = 2; round <= last; round++) {
            out.append(" | round ").append(round);
        }
        out.append(" | median | median vs ssogate |\n|---");
        out.append("|--:".repeat(last + 2)).append("|\n");
        Optional<Double> ssogateMedian = targets.contains(Measurement.SSOGATE)
                ? Optional.of(roundsMedian(roundRuns(runs, Measurement.SSOGATE, last))) : Optional.empty();
        for (String target : targets) {
            List<Optional<Measurement>> rounds = roundRuns(runs, target, last);
            out.append("| ").append(target.equals(Measurement.SSOGATE) ? "**" + target + "**" : target);
            for (Optional<Measurement> run : rounds) {
                out.append(" | ").append(run.map(ResultsReport::roundCell).orElse("-"));
            }
            double median = roundsMedian(rounds);
            out.append(" | ").append(cpu(median)).append(" | ").append(ratio(median, ssogateMedian)).append(" |\n");
        }
        return out.toString();
    }

    /** TARGET's run in rounds 1 to LAST, empty where it has none. */
    private static List<Optional<Measurement>> roundRuns(List<Measurement> runs, String target, int last) {
        List<Optional<Measurement>> rounds = new ArrayList<>();
        rounds.add(Promises.find(runs, Promises.GET_C64, target));
        for (int round = 2; round <= last; round++) {
            rounds.add(Promises.find(runs, Promises.ROUND_PREFIX + round, target));
        }
        return rounds;
    }

    private static double roundsMedian(List<Optional<Measurement>> rounds) {
        return SsoReport.median(rounds.stream().flatMap(Optional::stream).mapToDouble(ResultsReport::ownCpu)
                .filter(cpu -> !Double.isNaN(cpu)).toArray());
    }

    private static double ownCpu(Measurement m) {
        return m.targetCost().cpuMicrosPer(m.count());
    }

    /** A round's CPU per request; a run with failed requests is suspect, so says so. */
    private static String roundCell(Measurement m) {
        return cpu(ownCpu(m)) + (m.errors() > 0 ? " (" + m.errors() + " errors)" : "");
    }

    private static String ratioRow(String scenario, Measurement ssogate, Measurement base) {
        ProcessCost cost = ssogate.targetCost();
        ProcessCost baseCost = base.targetCost();
        return "| " + scenario + " | **ssogate / " + base.target() + "**"
                + " | " + ratio(ssogate.rate(), Optional.of(base.rate()))
                + " | " + ratio(ssogate.p99Ms(), Optional.of(base.p99Ms()))
                + " | " + ratio(cost.cpuMicrosPer(ssogate.count()), Optional.of(baseCost.cpuMicrosPer(base.count())))
                + " | " + ratio(cost.switchesPer(ssogate.count()), Optional.of(baseCost.switchesPer(base.count())))
                + " | - |\n";
    }

    /** The run right after a fresh start beside ssogate's steady-state run of the same load. */
    static String startup(Measurement fresh, List<Measurement> runs) {
        String window = Promises.startupWindow(fresh);
        StringBuilder out = new StringBuilder("## The first " + window + " after a fresh start\n\n");
        out.append("Small GETs at 64 connections against a newly started ssogate, from its \"started\" line on;"
                + " its start-up itself is not counted.\n\n");
        out.append("| Run | Rate | p99 ms | Errors | CPU/req | Switches/req | CPU/req vs steady state |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|\n");
        Optional<Measurement> steady = Promises.find(runs, Promises.GET_C64, Measurement.SSOGATE);
        Optional<Double> steadyCpu = steady.map(Measurement::proxyCpuMicrosPerRequest);
        out.append(startupRow("first " + window + " (" + fresh.scenario() + ")", fresh, steadyCpu));
        steady.ifPresent(m -> out.append(startupRow("steady state (" + Promises.GET_C64 + ")", m, steadyCpu)));
        return out.toString();
    }

    private static String startupRow(String label, Measurement m, Optional<Double> steadyCpu) {
        return "| " + label + " | " + rate(m) + " | " + fixed(m.p99Ms()) + " | " + m.errors()
                + " | " + cpu(m.proxyCpuMicrosPerRequest())
                + " | " + switches(m.targetCost().switchesPer(m.count()))
                + " | " + ratio(m.proxyCpuMicrosPerRequest(), steadyCpu) + " |\n";
    }

    static String table(List<Measurement> measurements) {
        StringBuilder out = new StringBuilder();
        out.append("| Scenario | Target | Rate | p50 ms | p99 ms | Errors | Upstream CPU/req | Proxy CPU/req"
                + " | Client CPU/req | Upstream switches/req | Proxy switches/req | Machine busy"
                + " | Rate vs direct | Rate vs nginx | p99 vs direct | p99 vs nginx |\n");
        out.append("|---|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
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
                    .append(" | ").append(switches(m.upstream().switchesPer(m.count())))
                    .append(" | ").append(m.hasProxy() ? switches(m.proxy().switchesPer(m.count())) : "-")
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

    /** Switches per request: two decimals for small requests, whole numbers for transfers (thousands each). */
    static String switches(double perRequest) {
        if (Double.isNaN(perRequest)) {
            return "-";
        }
        return perRequest < 100 ? String.format(Locale.ROOT, "%.2f", perRequest)
                : String.format(Locale.ROOT, "%,.0f", perRequest);
    }

    static String ratio(double value, Optional<Double> reference) {
        if (reference.isEmpty() || !(reference.get() > 0) || Double.isNaN(value)) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.2fx", value / reference.get());
    }

    private static String fixed(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }
}
