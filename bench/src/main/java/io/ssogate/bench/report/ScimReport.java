package io.ssogate.bench.report;

import io.ssogate.bench.ws.LatencySamples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * RESULTS-scim.md ({@code bench/run.sh scim}): how fast the gateway accepts SCIM user creations, how fast they reach
 * Mattermost beside Mattermost's (the emulator's) own user creation, and how fast SCIM filter lookups by userName and
 * by email are at 100,000 users.
 *
 * <pre>java -cp ssogate-bench.jar io.ssogate.bench.report.ScimReport OUTPUT.md MACHINE.tsv PHASE.txt...</pre>
 *
 * Each {@code PHASE.txt} is one run of {@code ScimLoad}: {@code # key=value} lines and one duration in ms per
 * successful request. Phases are found by name ({@code # phase=}): {@value #REFERENCE_CREATE}, {@value #CREATE},
 * {@value #FILL}, and {@value #REFERENCE_LOOKUP}, {@value #LOOKUP_USERNAME}, {@value #LOOKUP_EMAIL} with {@code -cN}
 * for each concurrency of the lookups (or without, for one round); a missing one is "not measured".
 */
public final class ScimReport {

    public static final String REFERENCE_CREATE = "reference-create";
    public static final String CREATE = "scim-create";
    public static final String FILL = "scim-fill";
    public static final String REFERENCE_LOOKUP = "reference-lookup";
    public static final String LOOKUP_USERNAME = "lookup-username";
    public static final String LOOKUP_EMAIL = "lookup-email";
    /** The SCIM issue's targets. */
    static final double ACCEPTED_TARGET_PER_SECOND = 500;
    static final double LOOKUP_P99_TARGET_MS = 10;

    private ScimReport() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: ScimReport OUTPUT.md MACHINE.tsv PHASE.txt...");
            System.exit(2);
        }
        Map<String, Phase> phases = new LinkedHashMap<>();
        for (int i = 2; i < args.length; i++) {
            Phase phase = Phase.parse(Files.readAllLines(Path.of(args[i]), StandardCharsets.UTF_8));
            phases.put(phase.name(), phase);
        }
        StringBuilder document = new StringBuilder("# ssogate benchmark results: SCIM provisioning\n\n");
        for (String line : Files.readAllLines(Path.of(args[1]), StandardCharsets.UTF_8)) {
            String[] entry = line.split("\t", 2);
            if (entry.length == 2) {
                document.append("- ").append(entry[0]).append(": ").append(entry[1].strip()).append('\n');
            }
        }
        String markdown = document.append('\n').append(provisioningSection(phases)).append('\n')
                .append(lookupSection(phases)).toString();
        Files.writeString(Path.of(args[0]), markdown, StandardCharsets.UTF_8);
        System.out.print(markdown);
    }

    static String provisioningSection(Map<String, Phase> phases) {
        Phase reference = phases.get(REFERENCE_CREATE);
        Phase create = phases.get(CREATE);
        StringBuilder out = new StringBuilder("## Provisioning users: SCIM create through to Mattermost\n\n");
        out.append("**Reference**: the emulator's own user creation, `POST /api/v4/users` straight at it with the admin"
                + " token (a fresh emulator): the most users a second that end-to-end provisioning could reach here."
                + " **Accepted**: `POST /scim/v2/Users` to the gateway (`application/scim+json`, the tenant's bearer"
                + " token; userName and work email `benchNNNNN@demo.example`, name, displayName, active), a fixed number in"
                + " flight: the gateway commits the user and its outbox entry and answers 201; the sync creates the"
                + " Mattermost account (a second fresh emulator) in the background, during the POSTs and after them."
                + " **End to end**: from the first POST to the poll (at most one a second, so up to a second late) that"
                + " found every accepted user in Mattermost, each confirmed in the emulator by email in POST order (its"
                + " Failed column: accepted users not confirmed when the wait ended; the emulator's CPU includes those"
                + " lookups, one per user). CPU per user is each process's utime+stime over that step ÷"
                + " users; the gateway's during the POSTs includes the sync work done meanwhile.\n\n");
        out.append("| Step | At once | Users | Failed | Users/s | p50 ms | p99 ms | Gateway CPU/user | Emulator CPU/user"
                + " | vs reference |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        double referenceRate = reference == null ? 0 : reference.rate();
        if (reference == null) {
            out.append("| reference: emulator `POST /api/v4/users` | - | - | - | - | - | - | - | - | - |\n");
        } else {
            out.append("| reference: emulator `POST /api/v4/users` | ").append(reference.concurrency())
                    .append(" | ").append(reference.ok()).append(" | ").append(reference.failed())
                    .append(" | ").append(rate(reference.rate()))
                    .append(" | ").append(fixed(reference.percentileMs(50)))
                    .append(" | ").append(fixed(reference.percentileMs(99)))
                    .append(" | - | ").append(perUser(reference.fact("server_cpu_ms"), reference.ok()))
                    .append(" | 1.00x |\n");
        }
        if (create == null) {
            out.append("| accepted: gateway `POST /scim/v2/Users` | - | - | - | - | - | - | - | - | - |\n");
            out.append("| end to end: first POST → last user in Mattermost | - | - | - | - | - | - | - | - | - |\n");
        } else {
            out.append("| accepted: gateway `POST /scim/v2/Users` | ").append(create.concurrency())
                    .append(" | ").append(create.ok()).append(" | ").append(create.failed())
                    .append(" | ").append(rate(create.rate()))
                    .append(" | ").append(fixed(create.percentileMs(50)))
                    .append(" | ").append(fixed(create.percentileMs(99)))
                    .append(" | ").append(perUser(create.fact("server_cpu_ms"), create.ok()))
                    .append(" | ").append(perUser(create.fact("emulator_cpu_ms"), create.ok()))
                    .append(" | ").append(ratio(create.rate(), referenceRate)).append(" |\n");
            long synced = create.syncedOfThisPhase();
            out.append("| end to end: first POST → last user in Mattermost | ").append(create.concurrency())
                    .append(" | ").append(synced < 0 ? "-" : Long.toString(synced))
                    .append(" | ").append(synced < 0 ? "-" : Long.toString(Math.max(0, create.ok() - synced)))
                    .append(" | ").append(create.endToEndRate().isPresent() ? rate(create.endToEndRate().getAsDouble()) : "-")
                    .append(" | - | - | ").append(perUser(create.fact("await_server_cpu_ms"), synced))
                    .append(" | ").append(perUser(create.fact("await_emulator_cpu_ms"), synced))
                    .append(" | ").append(create.endToEndRate().isPresent()
                            ? ratio(create.endToEndRate().getAsDouble(), referenceRate) : "-").append(" |\n");
        }
        out.append(String.format(Locale.ROOT, "%n**Targets** (the SCIM issue's, reported, not asserted): at least %.0f"
                + " users/s accepted with none failed; end to end is reported as measured beside the reference (no"
                + " threshold: the emulator answers in microseconds, a real Mattermost does not).%n%n",
                ACCEPTED_TARGET_PER_SECOND));
        out.append("- ").append(acceptedVerdict(create)).append('\n');
        out.append("- ").append(endToEndLine(create, reference)).append('\n');
        Optional<String> states = states(create);
        states.ifPresent(s -> out.append("- sync states after it: ").append(s).append('\n'));
        return out.toString();
    }

    static String lookupSection(Map<String, Phase> phases) {
        Phase fill = phases.get(FILL);
        Phase create = phases.get(CREATE);
        List<String> rounds = lookupRounds(phases);
        long population = rounds.stream().flatMap(r -> Stream.of(phases.get(LOOKUP_USERNAME + r),
                        phases.get(LOOKUP_EMAIL + r)))
                .filter(Objects::nonNull).mapToLong(p -> p.longFact("population", 0)).max().orElse(0);
        StringBuilder out = new StringBuilder("## Filter lookups by userName and by email")
                .append(population > 0 ? String.format(Locale.ROOT, " at %,d users", population) : "").append("\n\n");
        out.append("The users of the provisioning step, then more through the same `POST /scim/v2/Users` up to the total,"
                + " with userName and email in a domain outside the tenant (`benchNNNNN@elsewhere.example`): the sync"
                + " keeps them as SCIM records only and marks them OUTSIDE_DOMAINS, so they never reach Mattermost."
                + " **This measures the SCIM store's lookups, not Mattermost's.** Once the sync has settled (the last user"
                + " POSTed no longer PENDING, the gateway under a tenth of a core for two seconds), random existing"
                + " users (uniform over all of them, both domains) are looked up by `GET /scim/v2/Users?filter=userName eq"
                + " \"…\"` and by `filter=emails.value eq \"…\"` (URL-encoded), a fixed number in flight, after a quarter as"
                + " many lookups of other users, untimed, to warm the path; each must answer 200 with totalResults 1. The reference row is the emulator's `GET /api/v4/users/username/{name}` of"
                + " random users of the reference step, the same count and concurrency (the emulator holds only those"
                + " users, in memory). CPU per lookup is the server's utime+stime over the lookups ÷ lookups.\n\n");
        if (fill != null) {
            out.append(String.format(Locale.ROOT, "Filling: %,d users accepted at %s users/s (p99 %s ms), %d failed; %s.%n%n",
                    fill.ok(), rate(fill.rate()), fixed(fill.percentileMs(99)), fill.failed(), settled(fill)));
        } else if (create != null && population > create.ok()) {
            out.append("Filling: not measured (see the run's log).\n\n");
        }
        out.append("| Lookup | Users | At once | Lookups | Failed | p50 ms | p99 ms | max ms | Lookups/s | CPU/lookup |\n");
        out.append("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|\n");
        for (String round : rounds) {
            lookupRow(out, "SCIM `filter=userName eq \"…\"` (gateway)", phases.get(LOOKUP_USERNAME + round));
            lookupRow(out, "SCIM `filter=emails.value eq \"…\"` (gateway)", phases.get(LOOKUP_EMAIL + round));
            lookupRow(out, "reference: emulator `GET /api/v4/users/username/{name}`", phases.get(REFERENCE_LOOKUP + round));
        }
        out.append(String.format(Locale.ROOT, "%n**Target** (the SCIM issue's, reported, not asserted): filter lookup p99"
                + " under %.0f ms, none failed.%n%n", LOOKUP_P99_TARGET_MS));
        for (String round : rounds) {
            String atOnce = round.isEmpty() ? "" : ", " + round.substring(2) + " at once";
            out.append("- ").append(lookupVerdict("by userName" + atOnce, phases.get(LOOKUP_USERNAME + round)))
                    .append('\n');
            out.append("- ").append(lookupVerdict("by email" + atOnce, phases.get(LOOKUP_EMAIL + round))).append('\n');
        }
        states(fill).ifPresent(s -> out.append("- sync states before the lookups: ").append(s).append('\n'));
        return out.toString();
    }

    /**
     * The rounds of lookups, by the suffix of their phases' names: {@code -c1}, {@code -c8}… in ascending count (one
     * round per concurrency of the run), or the unsuffixed names of a single round.
     */
    static List<String> lookupRounds(Map<String, Phase> phases) {
        Pattern round = Pattern.compile(
                "(?:" + LOOKUP_USERNAME + "|" + LOOKUP_EMAIL + "|" + REFERENCE_LOOKUP + ")-c(\\d+)");
        List<String> rounds = phases.keySet().stream().map(round::matcher).filter(Matcher::matches)
                .map(m -> Integer.parseInt(m.group(1))).distinct().sorted().map(c -> "-c" + c).toList();
        return rounds.isEmpty() ? List.of("") : rounds;
    }

    private static void lookupRow(StringBuilder out, String label, Phase p) {
        if (p == null) {
            out.append("| ").append(label).append(" | - | - | - | - | - | - | - | - | - |\n");
            return;
        }
        out.append("| ").append(label)
                .append(" | ").append(String.format(Locale.ROOT, "%,d", p.longFact("population", 0)))
                .append(" | ").append(p.concurrency())
                .append(" | ").append(p.ok()).append(" | ").append(p.failed())
                .append(" | ").append(fixed(p.percentileMs(50)))
                .append(" | ").append(fixed(p.percentileMs(99)))
                .append(" | ").append(fixed(p.maxMs()))
                .append(" | ").append(rate(p.rate()))
                .append(" | ").append(micros(p.fact("server_cpu_ms"), p.ok())).append(" |\n");
    }

    /** At least 500 users/s accepted (as shown, 0.1/s) with no POST failed. */
    static String acceptedVerdict(Phase create) {
        if (create == null || create.ok() == 0) {
            return "accepted: not measured (no user accepted; see the run's log): **FAIL**";
        }
        boolean fast = Math.round(create.rate() * 10) >= Math.round(ACCEPTED_TARGET_PER_SECOND * 10);
        String line = String.format(Locale.ROOT, "accepted: %s users/s (%s %.0f/s)", rate(create.rate()),
                fast ? "≥" : "under", ACCEPTED_TARGET_PER_SECOND);
        if (create.failed() > 0) {
            return line + ", " + create.failed() + " POSTs failed: **FAIL**";
        }
        return line + ": **" + (fast ? "PASS" : "FAIL") + "**";
    }

    static String endToEndLine(Phase create, Phase reference) {
        if (create == null || !create.facts().containsKey("awaited")) {
            return "end to end: not measured";
        }
        if (create.ok() == 0) {
            return "end to end: not measured (no user accepted)";
        }
        String note = create.facts().getOrDefault("await_note", "");
        if (!create.awaitDone()) {
            long synced = create.syncedOfThisPhase();
            return String.format(Locale.ROOT, "end to end: **INCOMPLETE**, %s of %d accepted users %s when the wait"
                    + " ended after %.1f s%s", synced < 0 ? "an unknown number" : Long.toString(synced), create.ok(),
                    "emulator".equals(create.facts().get("await_source")) ? "in Mattermost" : "SYNCED",
                    create.doubleFact("await_ms", 0) / 1000, note.isEmpty() ? "" : " (" + note + ")");
        }
        String line = String.format(Locale.ROOT, "end to end: %d users in Mattermost in %.1f s, %s users/s", create.ok(),
                create.doubleFact("await_ms", 0) / 1000, rate(create.endToEndRate().orElse(0)));
        if (reference != null && reference.rate() > 0) {
            line += String.format(Locale.ROOT, ", %s the reference's %s users/s (reported, no target)",
                    ratio(create.endToEndRate().orElse(0), reference.rate()), rate(reference.rate()));
        }
        if ("scim".equals(create.facts().get("await_source"))) {
            line += "; counted by SCIM's syncState filter (SYNCED), not in the emulator";
        }
        return line;
    }

    /** p99 under 10 ms (as shown, 0.01 ms) with no lookup failed. */
    static String lookupVerdict(String label, Phase p) {
        if (p == null || p.ok() == 0) {
            return label + ": not measured (no lookup answered; see the run's log): **FAIL**";
        }
        double p99 = p.percentileMs(99);
        boolean met = Math.round(p99 * 100) < Math.round(LOOKUP_P99_TARGET_MS * 100);
        String line = String.format(Locale.ROOT, "%s at %,d users: p50 %.2f ms, p99 %.2f ms (%s %.0f ms)", label,
                p.longFact("population", 0), p.percentileMs(50), p99, met ? "under" : "not under", LOOKUP_P99_TARGET_MS);
        if (p.failed() > 0) {
            return line + ", " + p.failed() + " lookups failed: **FAIL**";
        }
        return line + ": **" + (met ? "PASS" : "FAIL") + "**";
    }

    private static String settled(Phase fill) {
        if (!fill.facts().containsKey("awaited")) {
            return "the sync was not awaited";
        }
        if (fill.awaitDone()) {
            return String.format(Locale.ROOT, "the sync settled %.1f s after the first POST (the last user %s, the"
                    + " gateway idle)", fill.doubleFact("await_ms", 0) / 1000,
                    fill.facts().getOrDefault("await_last_state", "?"));
        }
        return "**the sync had not settled** (" + fill.facts().getOrDefault("await_note", "unknown") + ")";
    }

    /** "SYNCED 10000, OUTSIDE_DOMAINS 90000, ..." from the counts ScimLoad took after a wait. */
    static Optional<String> states(Phase p) {
        if (p == null) {
            return Optional.empty();
        }
        List<String> parts = new ArrayList<>();
        p.facts().forEach((k, v) -> {
            if (k.startsWith("state_")) {
                parts.add(k.substring("state_".length()) + " " + v);
            }
        });
        return parts.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", parts));
    }

    static String rate(double perSecond) {
        return String.format(Locale.ROOT, "%,.1f", perSecond);
    }

    private static String ratio(double rate, double reference) {
        return reference > 0 ? String.format(Locale.ROOT, "%.2fx", rate / reference) : "-";
    }

    private static String fixed(double ms) {
        return String.format(Locale.ROOT, "%.2f", ms);
    }

    private static String perUser(OptionalDouble cpuMs, long users) {
        return cpuMs.isPresent() && users > 0 ? String.format(Locale.ROOT, "%.2f ms", cpuMs.getAsDouble() / users) : "-";
    }

    private static String micros(OptionalDouble cpuMs, long requests) {
        return cpuMs.isPresent() && requests > 0
                ? String.format(Locale.ROOT, "%.0f µs", cpuMs.getAsDouble() * 1000 / requests) : "-";
    }

    /** One run of ScimLoad: its {@code # key=value} facts and each successful request's duration in ms. */
    record Phase(String name, Map<String, String> facts, double[] millis) {

        int ok() {
            return millis.length;
        }

        int failed() {
            return (int) longFact("failed", 0);
        }

        int concurrency() {
            return (int) longFact("concurrency", 0);
        }

        double rate() {
            double wall = doubleFact("wall_ms", 0);
            return wall > 0 ? millis.length * 1000 / wall : 0;
        }

        double percentileMs(double percent) {
            long[] micros = Arrays.stream(millis).mapToLong(ms -> Math.round(ms * 1000)).sorted().toArray();
            return LatencySamples.percentile(micros, percent) / 1000.0;
        }

        double maxMs() {
            return Arrays.stream(millis).max().orElse(0);
        }

        boolean awaitDone() {
            return Boolean.parseBoolean(facts.getOrDefault("await_done", "false"));
        }

        /**
         * Of this phase's accepted users, how many were in Mattermost (or SYNCED) at the last poll (all of them when the
         * wait was met); -1 when unknown.
         */
        long syncedOfThisPhase() {
            if (!"synced".equals(facts.get("awaited"))) {
                return -1;
            }
            if (awaitDone()) {
                return ok();
            }
            long last = longFact("await_last", -1);
            if (last < 0) {
                return -1;
            }
            long before = longFact("await_target", 0) - ok();
            // The emulator's confirmations are this phase's users only; SCIM's count includes those synced before.
            return Math.max(0, "emulator".equals(facts.get("await_source")) ? last : last - before);
        }

        /** Users in Mattermost ÷ seconds from the first POST to the poll that found them all; empty when unmet. */
        OptionalDouble endToEndRate() {
            double ms = doubleFact("await_ms", 0);
            return awaitDone() && "synced".equals(facts.get("awaited")) && ms > 0
                    ? OptionalDouble.of(ok() * 1000 / ms) : OptionalDouble.empty();
        }

        OptionalDouble fact(String key) {
            String value = facts.get(key);
            return value == null ? OptionalDouble.empty() : OptionalDouble.of(Double.parseDouble(value));
        }

        long longFact(String key, long fallback) {
            String value = facts.get(key);
            return value == null ? fallback : Long.parseLong(value.strip());
        }

        double doubleFact(String key, double fallback) {
            return fact(key).orElse(fallback);
        }

        static Phase parse(List<String> lines) {
            Map<String, String> facts = new LinkedHashMap<>();
            List<Double> millis = new ArrayList<>();
            for (String raw : lines) {
                String line = raw.strip();
                if (line.isEmpty()) {
                    continue;
                }
                if (!line.startsWith("#")) {
                    millis.add(Double.parseDouble(line.split("\\s+")[0]));
                    continue;
                }
                String[] entry = line.substring(1).strip().split("=", 2);
                if (entry.length == 2) {
                    facts.put(entry[0].strip(), entry[1].strip());
                }
            }
            return new Phase(facts.getOrDefault("phase", "?"), facts,
                    millis.stream().mapToDouble(Double::doubleValue).toArray());
        }
    }
}
