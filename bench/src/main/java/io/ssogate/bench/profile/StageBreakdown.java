package io.ssogate.bench.profile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns async-profiler's collapsed stacks of one measured run into CPU microseconds per request for
 * each {@link Stage} of the request path. A stage's figure is its share of the samples times the CPU
 * per request that /proc measured over the same run: the profiler says where the time went, /proc how
 * much there was. The samples' own total is printed beside it as a check on the sampling.
 *
 * <pre>java -cp ssogate-bench.jar io.ssogate.bench.profile.StageBreakdown STACKS.collapsed REQUESTS CPU_MS INTERVAL_MS</pre>
 *
 * Prints a Markdown section.
 */
public final class StageBreakdown {

    /** Samples per stage, and how many of them were in the kernel when taken. */
    public record Counts(long samples, long kernelSamples) {
        Counts plus(Counts other) {
            return new Counts(samples + other.samples, kernelSamples + other.kernelSamples);
        }
    }

    private final Map<Stage, Counts> counts;

    StageBreakdown(Map<Stage, Counts> counts) {
        this.counts = counts;
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 4) {
            System.err.println("usage: StageBreakdown STACKS.collapsed REQUESTS CPU_MS INTERVAL_MS");
            System.exit(2);
        }
        StageBreakdown breakdown = read(Path.of(args[0]));
        System.out.print(breakdown.render(Long.parseLong(args[1]), Double.parseDouble(args[2]),
                Double.parseDouble(args[3])));
    }

    /** Reads {@code frame;frame;...;leaf COUNT} lines; a line that isn't one names its file and line. */
    public static StageBreakdown read(Path collapsed) throws IOException {
        Map<Stage, Counts> counts = new EnumMap<>(Stage.class);
        try (Stream<String> lines = Files.lines(collapsed, StandardCharsets.UTF_8)) {
            Iterator<String> it = lines.iterator();
            for (int number = 1; it.hasNext(); number++) {
                String line = it.next();
                if (line.isBlank()) {
                    continue;
                }
                int space = line.lastIndexOf(' ');
                long samples;
                try {
                    samples = space > 0 ? Long.parseLong(line.substring(space + 1)) : -1;
                } catch (NumberFormatException e) {
                    samples = -1;
                }
                if (samples < 0) {
                    throw new IllegalArgumentException(collapsed + ":" + number
                            + ": expected \"frame;frame;... COUNT\", got [" + abbreviate(line) + "]");
                }
                List<String> frames = Arrays.asList(line.substring(0, space).split(";"));
                boolean kernel = frames.get(frames.size() - 1).endsWith("_[k]");
                counts.merge(Stage.of(frames), new Counts(samples, kernel ? samples : 0), Counts::plus);
            }
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        return new StageBreakdown(counts);
    }

    public Counts counts(Stage stage) {
        return counts.getOrDefault(stage, new Counts(0, 0));
    }

    public long totalSamples() {
        return counts.values().stream().mapToLong(Counts::samples).sum();
    }

    /**
     * The Markdown table: per stage its samples, share and CPU µs per request (of it in the kernel),
     * given the run's requests and the CPU /proc measured for it.
     */
    public String render(long requests, double measuredCpuMs, double intervalMs) {
        long total = totalSamples();
        if (total == 0 || requests <= 0) {
            throw new IllegalArgumentException("nothing to break down: " + total + " samples, " + requests + " requests");
        }
        double cpuPerRequest = measuredCpuMs * 1000 / requests;
        double sampledPerRequest = total * intervalMs * 1000 / requests;
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%,d samples, %,d requests, %,.1f µs of CPU per request measured by"
                        + " /proc; the samples (%s ms each) add up to %,.1f µs per request (%.0f%%)."
                        + " A stage's µs/req is its share of the samples times the measured %,.1f µs.%n%n",
                total, requests, cpuPerRequest, trim(intervalMs), sampledPerRequest,
                100 * sampledPerRequest / cpuPerRequest, cpuPerRequest));
        out.append("| Stage | Samples | Share | µs/req | of which kernel µs/req |\n|---|--:|--:|--:|--:|\n");
        long kernelTotal = 0;
        for (Stage stage : Stage.values()) {
            Counts c = counts(stage);
            kernelTotal += c.kernelSamples();
            out.append(row(stage.label(), c.samples(), c.kernelSamples(), total, cpuPerRequest));
        }
        out.append(row("**total**", total, kernelTotal, total, cpuPerRequest));
        return out.toString();
    }

    private static String row(String label, long samples, long kernel, long total, double cpuPerRequest) {
        return String.format(Locale.ROOT, "| %s | %,d | %.1f%% | %,.1f | %,.1f |%n", label, samples,
                100.0 * samples / total, cpuPerRequest * samples / total, cpuPerRequest * kernel / total);
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }

    private static String abbreviate(String line) {
        return line.length() <= 120 ? line : line.substring(0, 117) + "...";
    }
}
