package io.ssogate.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class ScimReportTest {

    /** {@code n} requests of 0.05 .. n × 0.05 ms over {@code wallMs}, with the given facts. */
    private static ScimReport.Phase phase(String name, int n, double wallMs, String... facts) {
        List<String> lines = new ArrayList<>(List.of("# phase=" + name, "# concurrency=16", "# requests=" + n,
                "# wall_ms=" + wallMs));
        for (String fact : facts) {
            lines.add("# " + fact);
        }
        for (int i = 1; i <= n; i++) {
            lines.add(String.format(Locale.ROOT, "%.3f", i * 0.05));
        }
        return ScimReport.Phase.parse(lines);
    }

    private static Map<String, ScimReport.Phase> byName(ScimReport.Phase... phases) {
        Map<String, ScimReport.Phase> map = new LinkedHashMap<>();
        for (ScimReport.Phase p : phases) {
            map.put(p.name(), p);
        }
        return map;
    }

    @Test
    void aPhaseIsReadFromItsFileWithNearestRankPercentilesAndTheRateOfItsWallTime() {
        ScimReport.Phase p = phase("scim-create", 200, 400, "failed=0", "server_cpu_ms=1000");

        assertEquals("scim-create", p.name());
        assertEquals(16, p.concurrency());
        assertEquals(200, p.ok());
        assertEquals(5.0, p.percentileMs(50));
        assertEquals(9.9, p.percentileMs(99));
        assertEquals(10.0, p.maxMs());
        assertEquals(500.0, p.rate());
        assertEquals(OptionalDouble.of(1000), p.fact("server_cpu_ms"));
        assertEquals(OptionalDouble.empty(), p.fact("emulator_cpu_ms"));
    }

    @Test
    void acceptedPassesAtFiveHundredUsersASecondWithNoPostFailed() {
        assertEquals("accepted: 500.0 users/s (≥ 500/s): **PASS**",
                ScimReport.acceptedVerdict(phase("scim-create", 200, 400, "failed=0")));
        assertEquals("accepted: 499.0 users/s (under 500/s): **FAIL**",
                ScimReport.acceptedVerdict(phase("scim-create", 499, 1000, "failed=0")));
        assertEquals("accepted: 1,000.0 users/s (≥ 500/s), 3 POSTs failed: **FAIL**",
                ScimReport.acceptedVerdict(phase("scim-create", 200, 200, "failed=3")));
        assertTrue(ScimReport.acceptedVerdict(null).endsWith("**FAIL**"));
        assertTrue(ScimReport.acceptedVerdict(phase("scim-create", 0, 10, "failed=5")).startsWith("accepted: not measured"));
    }

    @Test
    void theLookupTargetIsAP99UnderTenMillisecondsWithNoLookupFailed() {
        // 200 lookups of 0.05 .. 10 ms: p99 9.90 ms
        assertEquals("by userName at 100,000 users: p50 5.00 ms, p99 9.90 ms (under 10 ms): **PASS**",
                ScimReport.lookupVerdict("by userName", phase("lookup-username", 200, 100, "population=100000")));
        // 100 lookups of 0.05 .. 5 ms, then 2 of 10 ms: p99 10.00 ms is not under 10
        List<String> slow = new ArrayList<>(List.of("# phase=lookup-email", "# population=2000", "# wall_ms=100"));
        for (int i = 0; i < 98; i++) {
            slow.add("1.0");
        }
        slow.add("10.0");
        slow.add("10.0");
        assertEquals("by email at 2,000 users: p50 1.00 ms, p99 10.00 ms (not under 10 ms): **FAIL**",
                ScimReport.lookupVerdict("by email", ScimReport.Phase.parse(slow)));
        assertTrue(ScimReport.lookupVerdict("by email", phase("lookup-email", 200, 100, "failed=1", "population=9"))
                .endsWith(", 1 lookups failed: **FAIL**"));
        assertTrue(ScimReport.lookupVerdict("by email", null).contains("not measured"));
    }

    @Test
    void endToEndRunsFromTheFirstPostToThePollThatFoundEveryUserInMattermostBesideTheReference() {
        ScimReport.Phase reference = phase("reference-create", 200, 100, "failed=0");
        ScimReport.Phase create = phase("scim-create", 200, 400, "failed=0", "awaited=synced", "await_target=200",
                "await_last=200", "await_done=true", "await_ms=1000.0", "await_server_cpu_ms=600",
                "await_source=emulator", "state_SYNCED=250", "state_PENDING=0");

        assertEquals(OptionalDouble.of(200.0), create.endToEndRate());
        assertEquals(200, create.syncedOfThisPhase());
        assertEquals("end to end: 200 users in Mattermost in 1.0 s, 200.0 users/s, 0.10x the reference's 2,000.0 users/s"
                + " (reported, no target)", ScimReport.endToEndLine(create, reference));
        assertEquals(Optional.of("SYNCED 250, PENDING 0"), ScimReport.states(create));

        String table = ScimReport.provisioningSection(byName(reference, create));
        assertTrue(table.contains("| reference: emulator `POST /api/v4/users` | 16 | 200 | 0 | 2,000.0 | 5.00 | 9.90 | - | - | 1.00x |"),
                table);
        assertTrue(table.contains("| accepted: gateway `POST /scim/v2/Users` | 16 | 200 | 0 | 500.0 | 5.00 | 9.90 | - | - | 0.25x |"),
                table);
        assertTrue(table.contains("| end to end: first POST → last user in Mattermost | 16 | 200 | 0 | 200.0 | - | - | 3.00 ms | - | 0.10x |"),
                table);
    }

    @Test
    void aWaitThatEndedShortIsIncompleteAndCountsOnlyThisPhasesUsers() {
        // Counted by SCIM: 50 synced before (a warm-up), 200 accepted, 230 SYNCED at the last poll: 180 of this phase's
        ScimReport.Phase bySyncState = phase("scim-create", 200, 400, "failed=0", "awaited=synced", "await_target=250",
                "await_last=230", "await_done=false", "await_ms=61000.0", "await_source=scim",
                "await_note=stalled for 60 s at 230 synced");

        assertEquals(180, bySyncState.syncedOfThisPhase());
        assertEquals(OptionalDouble.empty(), bySyncState.endToEndRate());
        assertEquals("end to end: **INCOMPLETE**, 180 of 200 accepted users SYNCED when the wait ended after 61.0 s"
                + " (stalled for 60 s at 230 synced)", ScimReport.endToEndLine(bySyncState, null));
        assertTrue(ScimReport.provisioningSection(byName(bySyncState))
                .contains("| end to end: first POST → last user in Mattermost | 16 | 180 | 20 | - |"));

        // Confirmed in the emulator: this phase's users only
        ScimReport.Phase inEmulator = phase("scim-create", 200, 400, "failed=0", "awaited=synced", "await_target=200",
                "await_last=150", "await_done=false", "await_ms=61000.0", "await_source=emulator");
        assertEquals(150, inEmulator.syncedOfThisPhase());
        assertTrue(ScimReport.endToEndLine(inEmulator, null).startsWith("end to end: **INCOMPLETE**, 150 of 200 accepted"
                + " users in Mattermost when"));
    }

    @Test
    void missingPhasesAreNotMeasuredRatherThanPassed() {
        String provisioning = ScimReport.provisioningSection(Map.of());
        String lookups = ScimReport.lookupSection(Map.of());

        assertTrue(provisioning.contains("| accepted: gateway `POST /scim/v2/Users` | - |"), provisioning);
        assertTrue(provisioning.contains("- end to end: not measured"), provisioning);
        assertEquals("end to end: not measured (no user accepted)", ScimReport.endToEndLine(phase("scim-create", 0, 10,
                "failed=300", "awaited=synced", "await_target=0", "await_last=0", "await_done=true", "await_ms=10"), null));
        assertTrue(lookups.startsWith("## Filter lookups by userName and by email\n"), lookups);
        assertTrue(lookups.contains("- by userName: not measured"), lookups);
        assertTrue(lookups.contains("| reference: emulator `GET /api/v4/users/username/{name}` | - |"), lookups);
    }

    @Test
    void theLookupTableShowsEachLookupWithItsServersCpuPerLookup() {
        ScimReport.Phase fill = phase("scim-fill", 100, 200, "failed=0", "awaited=settled", "await_done=true",
                "await_ms=5000.0", "await_last_state=OUTSIDE_DOMAINS", "state_OUTSIDE_DOMAINS=100");
        ScimReport.Phase byName = phase("lookup-username", 200, 100, "failed=0", "population=100000",
                "server_cpu_ms=100");
        ScimReport.Phase reference = phase("reference-lookup", 200, 50, "failed=0", "population=10000",
                "server_cpu_ms=20");

        String section = ScimReport.lookupSection(byName(fill, byName, reference));

        assertTrue(section.startsWith("## Filter lookups by userName and by email at 100,000 users\n"), section);
        assertTrue(section.contains("Filling: 100 users accepted at 500.0 users/s (p99 4.95 ms), 0 failed; the sync"
                + " settled 5.0 s after the first POST (the last user OUTSIDE_DOMAINS, the gateway idle)."), section);
        assertTrue(section.contains("| SCIM `filter=userName eq \"…\"` (gateway) | 100,000 | 16 | 200 | 0 | 5.00 | 9.90 | 10.00"
                + " | 2,000.0 | 500 µs |"), section);
        assertTrue(section.contains("| reference: emulator `GET /api/v4/users/username/{name}` | 10,000 | 16 | 200 | 0 |"),
                section);
        assertTrue(section.contains("- sync states before the lookups: OUTSIDE_DOMAINS 100"), section);
    }

    @Test
    void eachConcurrencyOfTheLookupsHasItsRowsAndVerdictsInAscendingOrder() {
        Map<String, ScimReport.Phase> phases = new java.util.LinkedHashMap<>();
        for (String name : List.of("lookup-username-c8", "lookup-email-c8", "reference-lookup-c8",
                "lookup-username-c1", "lookup-email-c1", "reference-lookup-c1")) {
            phases.put(name, phase(name, name.endsWith("c1") ? 100 : 400, 100, "failed=0", "population=100000",
                    "server_cpu_ms=100"));
        }

        String section = ScimReport.lookupSection(phases);

        assertEquals(List.of("-c1", "-c8"), ScimReport.lookupRounds(phases));
        assertTrue(section.indexOf("- by userName, 1 at once at 100,000 users") < section.indexOf(
                "- by userName, 8 at once at 100,000 users"), section);
        assertTrue(section.contains("- by email, 1 at once at 100,000 users: p50 2.50 ms, p99 4.95 ms (under 10 ms): **PASS**"),
                section);
        assertTrue(section.contains("- by email, 8 at once at 100,000 users: p50 10.00 ms, p99 19.80 ms (not under 10 ms):"
                + " **FAIL**"), section);
        assertEquals(6, section.lines().filter(l -> l.startsWith("| SCIM") || l.startsWith("| reference")).count(),
                section);
    }
}
