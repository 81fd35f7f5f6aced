package io.ssogate.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsReportTest {

    private static final List<Measurement> GETS = List.of(
            new Measurement("get-c64", "direct", "req/s", 20000, 2, 8, 200000, 0, 4000, -1, 8000, 100),
            new Measurement("get-c64", "nginx", "req/s", 16000, 3, 10, 160000, 0, 3200, 1600, 6400, 100),
            new Measurement("get-c64", "ssogate", "req/s", 12000, 4, 12, 120000, 0, 2400, 6000, 4800, 100));

    @Test
    void rowsCarryRatiosToDirectAndNginxOfTheSameScenario() {
        String[] lines = ResultsReport.table(GETS).split("\n");

        assertEquals(5, lines.length, "header, separator and one row per run");
        assertEquals("| get-c64 | ssogate | 12,000 req/s | 4.00 | 12.00 | 0 | 20.0 µs | 50.0 µs | 40.0 µs | 100% | 0.60x | 0.75x"
                + " | 1.50x | 1.20x |", lines[4]);
        assertTrue(lines[2].contains("| 20.0 µs | - | 40.0 µs | 100% | 1.00x | 1.25x |"), "direct has no proxy CPU: " + lines[2]);
    }

    @Test
    void transferCpuIsShownInMilliseconds() {
        Measurement download = new Measurement("download-50MiB", "nginx", "MiB/s", 812.34, 60, 80, 100, 0,
                2500, 4000, 3000, 100);

        String row = ResultsReport.table(List.of(download)).split("\n")[2];

        assertTrue(row.contains("| 812.3 MiB/s |"), row);
        assertTrue(row.contains("| 25.0 ms | 40.0 ms | 30.0 ms |"), row);
    }

    @Test
    void documentHasMachineFactsTableAndTargets() {
        String markdown = ResultsReport.render(GETS, List.<String[]>of(new String[] {"nginx", "nginx version: nginx/1.22.1"}));

        assertTrue(markdown.startsWith("# ssogate benchmark results\n\n- nginx: nginx version: nginx/1.22.1\n"), markdown);
        assertTrue(markdown.contains("| Small GET at 64 connections: ssogate req/s >= 0.8x nginx | 0.75x"), markdown);
        assertTrue(markdown.contains("| 50 MiB download: ssogate MiB/s >= 0.9x nginx | not measured | not measured |"),
                markdown);
    }
}
