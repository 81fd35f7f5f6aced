package io.ssogate.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated file bench/run.sh appends one line to per run:
 * {@code scenario target unit rate p50_ms p99_ms count errors upstream_cpu_ms upstream_vcs upstream_nvcs
 * proxy_cpu_ms proxy_vcs proxy_nvcs client_cpu_ms busy_pct}, where {@code vcs} and {@code nvcs} are
 * voluntary and involuntary context switches, and the three proxy columns are {@code -} for "direct".
 * Lines starting with {@code #} are comments.
 */
public final class MeasurementFile {

    static final int COLUMNS = 16;

    private MeasurementFile() {
    }

    public static List<Measurement> read(Path file) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        List<Measurement> measurements = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            try {
                measurements.add(parse(line));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(file + ":" + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return measurements;
    }

    static Measurement parse(String line) {
        String[] f = line.split("\t", -1);
        if (f.length != COLUMNS) {
            throw new IllegalArgumentException("expected " + COLUMNS + " tab-separated columns, got " + f.length
                    + " in [" + line + "]");
        }
        ProcessCost upstream = cost(f, 8, "upstream");
        ProcessCost proxy = "-".equals(f[11]) && "-".equals(f[12]) && "-".equals(f[13]) ? null : cost(f, 11, "proxy");
        return new Measurement(f[0], f[1], f[2], number(f[3], "rate"), number(f[4], "p50_ms"),
                number(f[5], "p99_ms"), (long) number(f[6], "count"), (long) number(f[7], "errors"),
                upstream, proxy, number(f[14], "client_cpu_ms"), number(f[15], "busy_pct"));
    }

    private static ProcessCost cost(String[] f, int first, String who) {
        return new ProcessCost(number(f[first], who + "_cpu_ms"), (long) number(f[first + 1], who + "_vcs"),
                (long) number(f[first + 2], who + "_nvcs"));
    }

    private static double number(String text, String column) {
        try {
            double value = Double.parseDouble(text);
            if (Double.isNaN(value) || value < 0) {
                throw new NumberFormatException();
            }
            return value;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("column [" + column + "] must be a non-negative number, got [" + text + "]");
        }
    }
}
