package io.ssogate.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ResultsReportTest {

    private static Measurement get(String scenario, String target, double rate, double p99, long count,
                                   ProcessCost proxy) {
        return new Measurement(scenario, target, "req/s", rate, p99 / 4, p99, count, 0,
                new ProcessCost(count * 0.02, count * 2, count / 10), proxy, count * 0.04, 100);
    }

    /** Measured in run.sh's order (ssogate first); 100,000 requests each, so µs/req = CPU ms / 100. */
    private static final List<Measurement> GETS = List.of(
            get("get-c64", "ssogate", 12000, 12, 100000, new ProcessCost(6000, 250000, 50000)),
            get("get-c64", "direct", 20000, 8, 100000, null),
            get("get-c64", "nginx", 16000, 10, 100000, new ProcessCost(2000, 100000, 20000)),
            get("get-c64", "haproxy", 15000, 6, 100000, new ProcessCost(3000, 60000, 15000)));

    @Test
    void rowsFollowScenarioThenTargetOrderWhateverOrderTheyWereMeasuredIn() {
        List<String> targets = ResultsReport.ordered(GETS).stream().map(Measurement::target).toList();

        assertEquals(List.of("direct", "nginx", "haproxy", "ssogate"), targets);
    }

    @Test
    void summaryShowsEachTargetsOwnCostAndSsogatesRatiosToNginxAndHaproxy() {
        String[] lines = ResultsReport.summary(ResultsReport.ordered(GETS)).split("\n");

        assertEquals(8, lines.length, "header, separator, four targets, two ratio rows");
        assertEquals("| get-c64 | direct | 20,000 req/s | 8.00 | 20.0 µs | 2.10 | 2.00 / 0.10 |", lines[2],
                "direct's own cost is the upstream's");
        assertEquals("| get-c64 | haproxy | 15,000 req/s | 6.00 | 30.0 µs | 0.75 | 0.60 / 0.15 |", lines[4]);
        assertEquals("| get-c64 | ssogate | 12,000 req/s | 12.00 | 60.0 µs | 3.00 | 2.50 / 0.50 |", lines[5]);
        assertEquals("| get-c64 | **ssogate / nginx** | 0.75x | 1.20x | 3.00x | 2.50x | - |", lines[6]);
        assertEquals("| get-c64 | **ssogate / haproxy** | 0.80x | 2.00x | 2.00x | 4.00x | - |", lines[7]);
    }

    @Test
    void prototypesTableGivesEveryTargetsSmallGetCostWithRatiosToNginxAndSsogate() {
        List<Measurement> runs = new java.util.ArrayList<>(GETS);
        runs.add(get("get-c64", "tomcat-min", 14000, 11, 100000, new ProcessCost(4000, 150000, 50000)));
        runs.add(get("get-c64", "tomcat-min-valve", 15000, 10, 100000, new ProcessCost(3000, 120000, 30000)));
        String[] lines = ResultsReport.besideSsogate(ResultsReport.ordered(runs), java.util.Optional.empty()).split("\n");

        assertEquals(12, lines.length, "title, blank, note, blank, header, separator, six targets");
        assertEquals("## ssogate beside minimal proxies on its own stack (small GET)", lines[0],
                "without an earlier build, the title it always had");
        assertTrue(lines[2].endsWith("warmed up as long as ssogate. CPU is the target's own (the upstream's for direct)."),
                lines[2]);
        assertEquals("| get-c64 | nginx | 16,000 req/s | 10.00 | 20.0 µs | 1.20 | 1.00x | 0.33x | 1.00x | 1.33x | 1.00x"
                + " | 0.83x |", lines[7]);
        assertEquals("| get-c64 | **tomcat-min** | 14,000 req/s | 11.00 | 40.0 µs | 2.00 | 2.00x | 0.67x | 0.88x"
                + " | 1.17x | 1.10x | 0.92x |", lines[10]);
        assertEquals("| get-c64 | **tomcat-min-valve** | 15,000 req/s | 10.00 | 30.0 µs | 1.50 | 1.50x | 0.50x | 0.94x"
                + " | 1.25x | 1.00x | 0.83x |", lines[11]);
        assertTrue(ResultsReport.render(runs, List.of()).contains("## ssogate beside minimal proxies"));
        assertTrue(!ResultsReport.render(GETS, List.of()).contains("## ssogate beside minimal proxies"),
                "no prototypes measured, no table");
    }

    @Test
    void anEarlierBuildOfSsogateIsShownBesideItAndThePrototypesWithWhatItIs() {
        List<Measurement> runs = new java.util.ArrayList<>(GETS);
        runs.add(get("get-c64", "tomcat-min", 14000, 11, 100000, new ProcessCost(4000, 150000, 50000)));
        runs.add(get("get-c64", "ssogate-before", 10000, 14, 100000, new ProcessCost(7500, 260000, 40000)));
        String markdown = ResultsReport.render(runs, List.<String[]>of(
                new String[] {"ssogate-before", "358655e, /work/before/webapp/target/ssogate.jar"}));

        assertTrue(markdown.contains("## ssogate beside an earlier build and minimal proxies on its own stack (small GET)\n"),
                markdown);
        assertTrue(markdown.contains("`ssogate-before` is an earlier build of the gateway"
                + " (358655e, /work/before/webapp/target/ssogate.jar), started with the same config as ssogate"), markdown);
        String table = markdown.substring(markdown.indexOf("## ssogate beside"), markdown.indexOf("## Targets"));
        assertTrue(table.indexOf("| **ssogate** |") < table.indexOf("| **ssogate-before** |")
                && table.indexOf("| **ssogate-before** |") < table.indexOf("| **tomcat-min** |"), table);
        assertTrue(table.contains("| get-c64 | **ssogate-before** | 10,000 req/s | 14.00 | 75.0 µs | 3.00 | 3.75x | 1.25x"
                + " | 0.63x | 0.83x | 1.40x | 1.17x |"), table);
        assertTrue(markdown.contains("| Small GET at 64 connections: ssogate CPU/req <= 1.7x nginx's | 3.00x (60.0 µs"),
                "the verdicts stay ssogate's: " + markdown);

        List<Measurement> withoutPrototypes = runs.stream().filter(m -> !m.target().equals("tomcat-min")).toList();
        String beforeOnly = ResultsReport.besideSsogate(ResultsReport.ordered(withoutPrototypes), java.util.Optional.empty());
        assertTrue(beforeOnly.startsWith("## ssogate beside an earlier build (small GET)\n\n`ssogate-before` is an earlier"
                + " build of the gateway (which one was not recorded)"), beforeOnly);
    }

    /** Rounds 2 and 3 of get-c64 for ssogate, ssogate-before and tomcat-min, alternated, after the GET group. */
    private static List<Measurement> withRounds() {
        List<Measurement> runs = new java.util.ArrayList<>(GETS);
        runs.add(get("get-c64", "ssogate-before", 10000, 14, 100000, new ProcessCost(7500, 260000, 40000)));
        runs.add(get("get-c64", "tomcat-min", 14000, 11, 100000, new ProcessCost(4000, 150000, 50000)));
        runs.add(get("get-c16", "ssogate", 11000, 3, 100000, new ProcessCost(6500, 250000, 50000)));
        double[][] cpuMs = {{9000, 7000, 5000}, {6600, 9900, 7200}}; // ssogate, ssogate-before, tomcat-min
        for (int round = 2; round <= 3; round++) {
            double[] cpu = cpuMs[round - 2];
            runs.add(get("get-c64-round-" + round, "ssogate", 9000, 20, 100000, new ProcessCost(cpu[0], 250000, 50000)));
            runs.add(get("get-c64-round-" + round, "ssogate-before", 9000, 20, 100000, new ProcessCost(cpu[1], 250000, 50000)));
            runs.add(get("get-c64-round-" + round, "tomcat-min", 9000, 20, 100000, new ProcessCost(cpu[2], 250000, 50000)));
        }
        return runs;
    }

    @Test
    void alternatedRoundsGiveEachJvmsCpuPerRoundItsMedianAndTheMediansRatioToSsogates() {
        String[] lines = ResultsReport.rounds(ResultsReport.ordered(withRounds())).split("\n");

        assertEquals("## Small GETs, alternated rounds", lines[0]);
        assertTrue(lines[2].startsWith("Single sequential samples of JVMs this close cannot be ranked"), lines[2]);
        assertEquals("| Target | round 1 (get-c64) | round 2 | round 3 | median | median vs ssogate |", lines[4]);
        assertEquals("|---|--:|--:|--:|--:|--:|", lines[5]);
        assertEquals(9, lines.length, "title, blank, note, blank, header, separator, three JVMs: " + String.join("\n", lines));
        assertEquals("| **ssogate** | 60.0 µs | 90.0 µs | 66.0 µs | 66.0 µs | 1.00x |", lines[6]);
        assertEquals("| ssogate-before | 75.0 µs | 70.0 µs | 99.0 µs | 75.0 µs | 1.14x |", lines[7]);
        assertEquals("| tomcat-min | 40.0 µs | 50.0 µs | 72.0 µs | 50.0 µs | 0.76x |", lines[8]);
    }

    @Test
    void roundsHaveTheirOwnSectionAndEveryRunButStayOutOfTheSummaryTheBesideTableAndTheVerdicts() {
        String markdown = ResultsReport.render(withRounds(), List.of());

        assertTrue(markdown.indexOf("## ssogate beside") < markdown.indexOf("## Small GETs, alternated rounds")
                && markdown.indexOf("## Small GETs, alternated rounds") < markdown.indexOf("## Targets"), markdown);
        String summary = markdown.substring(markdown.indexOf("## What each target costs"), markdown.indexOf("## ssogate beside"));
        assertTrue(!summary.contains("round"), summary);
        assertTrue(summary.contains("| get-c16 | ssogate |"), summary);
        String beside = markdown.substring(markdown.indexOf("## ssogate beside"), markdown.indexOf("## Small GETs"));
        assertTrue(!beside.contains("get-c64-round"), beside);
        assertTrue(markdown.contains("| Small GET at 64 connections: ssogate CPU/req <= 1.7x nginx's | 3.00x (60.0 µs"
                + " vs nginx 20.0 µs) | FAIL |"), "round 1's figure, not a round's: " + markdown);
        String everyRun = markdown.substring(markdown.indexOf("## Every run"));
        assertEquals(6, everyRun.split("\n\\| get-c64-round-", -1).length - 1, everyRun);
        assertTrue(!ResultsReport.render(GETS, List.of()).contains("alternated rounds"), "no rounds, no section");
    }

    @Test
    void everyRunRowCarriesCostsSwitchesAndRatiosToDirectAndNginx() {
        String[] lines = ResultsReport.table(ResultsReport.ordered(GETS)).split("\n");

        assertEquals(6, lines.length, "header, separator and one row per run");
        assertEquals("| get-c64 | ssogate | 12,000 req/s | 3.00 | 12.00 | 0 | 20.0 µs | 60.0 µs | 40.0 µs | 2.10 | 3.00"
                + " | 100% | 0.60x | 0.75x | 1.50x | 1.20x |", lines[5]);
        assertTrue(lines[2].contains("| 20.0 µs | - | 40.0 µs | 2.10 | - | 100% | 1.00x | 1.25x |"),
                "direct has no proxy: " + lines[2]);
    }

    @Test
    void transferCpuIsShownInMillisecondsAndSwitchesInWholeNumbers() {
        Measurement download = new Measurement("download-50MiB", "nginx", "MiB/s", 812.34, 60, 80, 100, 0,
                new ProcessCost(2500, 150000, 1234), new ProcessCost(4000, 30000, 100), 3000, 100);

        String row = ResultsReport.table(List.of(download)).split("\n")[2];

        assertTrue(row.contains("| 812.3 MiB/s |"), row);
        assertTrue(row.contains("| 25.0 ms | 40.0 ms | 30.0 ms | 1,512 | 301 |"), row);
    }

    @Test
    void startUpRunIsShownBesideSteadyStateAndLeftOutOfTheSummary() {
        List<Measurement> runs = new java.util.ArrayList<>(GETS);
        runs.add(get(Promises.STARTUP_PREFIX + "30s", "ssogate", 4000, 40, 100000, new ProcessCost(15000, 400000, 90000)));

        String markdown = ResultsReport.render(runs, List.of());

        assertTrue(markdown.contains("## The first 30 s after a fresh start\n"), markdown);
        assertTrue(markdown.contains("| first 30 s (get-c64-first-30s) | 4,000 req/s | 40.00 | 0 | 150.0 µs | 4.90 | 2.50x |"),
                markdown);
        assertTrue(markdown.contains("| steady state (get-c64) | 12,000 req/s | 12.00 | 0 | 60.0 µs | 3.00 | 1.00x |"),
                markdown);
        String summary = markdown.substring(markdown.indexOf("## What each target costs"), markdown.indexOf("## The first"));
        assertTrue(!summary.contains("get-c64-first"), summary);
        assertTrue(markdown.contains("| First 30 s after start, small GET at 64 connections: ssogate CPU/req <= 2x steady state"
                + " | 2.50x (150.0 µs vs steady state 60.0 µs) | FAIL |"), markdown);
    }

    @Test
    void documentHasMachineFactsSummaryTargetsAndEveryRun() {
        String markdown = ResultsReport.render(GETS, List.<String[]>of(new String[] {"nginx", "nginx version: nginx/1.22.1"}));

        assertTrue(markdown.startsWith("# ssogate benchmark results\n\n- nginx: nginx version: nginx/1.22.1\n"), markdown);
        assertTrue(markdown.indexOf("## What each target costs") < markdown.indexOf("## Targets")
                && markdown.indexOf("## Targets") < markdown.indexOf("## Every run"), markdown);
        assertTrue(markdown.contains("| Small GET at 64 connections: ssogate req/s >= 0.7x nginx | 0.75x"), markdown);
        assertTrue(markdown.contains("| Small GET at 64 connections: ssogate CPU/req <= 1.7x nginx's | 3.00x"), markdown);
        assertTrue(markdown.contains("| 50 MiB download: ssogate MiB/s >= 0.9x nginx | not measured | not measured |"),
                markdown);
        assertTrue(!markdown.contains("## The first"), "no start-up section without a start-up run");
    }
}
