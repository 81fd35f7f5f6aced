package io.ssogate.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the tab-separated file bench/run.sh appends one line to per run:
 * {@code scenario target unit rate p50_ms p99_ms count errors upstream_cpu_ms proxy_cpu_ms client_cpu_ms
 * busy_pct}
 * ({@code proxy_cpu_ms} is {@code -} for "direct"). Lines starting with {@code #} are comments.
 */
public final class MeasurementFile {

    static final int COLUMNS = 12;

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
        return new Measurement(f[0], f[1], f[2], number(f[3], "rate"), number(f[4], "p50_ms"),
                number(f[5], "p99_ms"), (long) number(f[6], "count"), (long) number(f[7], "errors"),
                number(f[8], "upstream_cpu_ms"), "-".equals(f[9]) ? -1 : number(f[9], "proxy_cpu_ms"),
                number(f[10], "client_cpu_ms"), number(f[11], "busy_pct"));
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
