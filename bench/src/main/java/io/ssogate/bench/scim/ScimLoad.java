package io.ssogate.bench.scim;

import io.ssogate.bench.DriverOptions;
import io.ssogate.bench.ProcessCpu;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The load driver of {@code bench/run.sh scim}: one phase per run, timed request by request, with the server's CPU
 * ({@code /proc/PID/stat}) over the timed part only.
 *
 * <ul>
 *   <li>{@code --phase reference-create}: users made directly at Mattermost (the emulator), {@code POST /api/v4/users}
 *   with the admin token: the ceiling of provisioning end to end.</li>
 *   <li>{@code --phase reference-lookup}: {@code GET /api/v4/users/username/{name}} of random users of that phase.</li>
 *   <li>{@code --phase scim-create}: {@code POST /scim/v2/Users} to the gateway; with {@code --await synced} it then
 *   polls (once a second at most, until a deadline, or until the count stops moving for {@code --stall-seconds})
 *   until every accepted user is in Mattermost (confirmed by email in the emulator given by {@code --emulator-url};
 *   without one, until SCIM's syncState filter counts them SYNCED), so the time from the first POST to the last user
 *   in Mattermost is known; with {@code --await settled}, until the last accepted user is no longer PENDING and the
 *   gateway idles. After either, unless {@code --count-states false}, the users of each sync state are counted by
 *   SCIM's filter (a read of the whole tenant each: not for 100,000 users).</li>
 *   <li>{@code --phase scim-lookup}: {@code GET /scim/v2/Users?filter=userName eq "…"} ({@code --kind userName}) or
 *   {@code emails.value eq "…"} ({@code --kind email}) of random existing users; each must answer 200 with
 *   totalResults 1.</li>
 *   <li>The lookup phases first make {@code --warmup} lookups of other random users, untimed and outside the CPU
 *   counters.</li>
 * </ul>
 *
 * <pre>java -cp ssogate-bench.jar io.ssogate.bench.scim.ScimLoad --phase P --url BASE --token-file F --out FILE
 *     [--name NAME] [--concurrency 16] [--first 1] [--users N] [--prefix bench] [--domain demo.example]
 *     [--lookups 2000] [--kind userName|email] [--in-tenant N] [--other-domain elsewhere.example]
 *     [--server-pid P] [--emulator-pid P] [--clk-tck 100] [--await synced|settled] [--synced-before 0]
 *     [--emulator-url U --emulator-token-file F] [--deadline-seconds 600] [--stall-seconds 60]
 *     [--count-states true] [--warmup N]</pre>
 *
 * Users are {@code <prefix><first…first+N-1, 5 digits>@<domain>}. {@code FILE} gets {@code # key=value} lines
 * ({@code phase, concurrency, requests, failed, wall_ms, server_cpu_ms, emulator_cpu_ms}, and after an await
 * {@code awaited, await_target, await_last, await_done, await_ms, await_server_cpu_ms, await_emulator_cpu_ms, await_source,
 * await_note, state_*}) and one duration in ms per successful request. The token is read from a file, never taken
 * on the command line (where {@code ps} shows it), and never printed. Prints a {@code SCIM_RESULT} line; exits 1
 * when no request succeeded.
 */
public final class ScimLoad {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ERRORS_SHOWN = 5;
    private static final String PASSWORD = "Bench-password-1";
    private static final String[] STATES = {"PENDING", "SYNCED", "FAILED", "OUTSIDE_DOMAINS"};

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
    private final URI base;
    private final String token;
    private final AtomicInteger errorsShown = new AtomicInteger();

    private ScimLoad(URI base, String token) {
        this.base = base;
        this.token = token;
    }

    /** One request of a phase: true when it answered as it should. */
    @FunctionalInterface
    private interface Call {
        boolean perform(int i) throws IOException, InterruptedException;
    }

    /** A phase's timed part: each successful request's duration, which requests succeeded, the wall time. */
    private record Timed(double[] millis, boolean[] succeeded, long wallNanos) {

        int failed() {
            return succeeded.length - millis.length;
        }
    }

    public static void main(String[] args) throws Exception {
        DriverOptions o = DriverOptions.parse(args, ScimLoad::usage);
        String phase = o.required("phase");
        URI base = URI.create(o.required("url").replaceAll("/+$", ""));
        ScimLoad load = new ScimLoad(base, readToken(o.required("token-file")));
        long clkTck = o.positive("clk-tck", "100");
        ProcessCpu server = ProcessCpu.of(o.get("server-pid"), clkTck);
        ProcessCpu emulator = ProcessCpu.of(o.get("emulator-pid"), clkTck);
        int concurrency = o.positive("concurrency", "16");
        String prefix = o.getOrDefault("prefix", "bench");
        String domain = o.getOrDefault("domain", "demo.example");
        Path out = Path.of(o.required("out"));

        Map<String, String> facts = new LinkedHashMap<>();
        facts.put("phase", o.getOrDefault("name", phase));
        facts.put("concurrency", Integer.toString(concurrency));
        Call call;
        Call warmup = null;
        int requests;
        int warmups = o.containsKey("warmup") ? o.positive("warmup", null) : 0;
        switch (phase) {
            case "reference-create", "scim-create" -> {
                int first = o.positive("first", "1");
                requests = o.positive("users", null);
                facts.put("first", Integer.toString(first));
                call = phase.equals("scim-create")
                        ? i -> load.scimCreate(prefix, first + i, domain)
                        : i -> load.mattermostCreate(prefix, first + i, domain);
            }
            case "reference-lookup" -> {
                int users = o.positive("users", null);
                requests = o.positive("lookups", "2000");
                int[] picks = picks(requests, users, 7);
                int[] early = picks(warmups, users, 5);
                facts.put("population", Integer.toString(users));
                call = i -> load.mattermostLookup(String.format(Locale.ROOT, "%s%05d", prefix, picks[i]));
                warmup = i -> load.mattermostLookup(String.format(Locale.ROOT, "%s%05d", prefix, early[i]));
            }
            case "scim-lookup" -> {
                int users = o.positive("users", null);
                int inTenant = o.positive("in-tenant", Integer.toString(users));
                String other = o.getOrDefault("other-domain", "elsewhere.example");
                String kind = o.getOrDefault("kind", "userName");
                String attribute = switch (kind) {
                    case "userName" -> "userName";
                    case "email" -> "emails.value";
                    default -> {
                        usage("--kind must be userName or email, not [" + kind + "]");
                        yield "";
                    }
                };
                requests = o.positive("lookups", "2000");
                int[] picks = picks(requests, users, kind.equals("email") ? 13 : 11);
                int[] early = picks(warmups, users, kind.equals("email") ? 3 : 2);
                facts.put("population", Integer.toString(users));
                facts.put("attribute", attribute);
                call = i -> load.scimLookup(attribute,
                        ScimMessages.address(prefix, picks[i], picks[i] <= inTenant ? domain : other));
                warmup = i -> load.scimLookup(attribute,
                        ScimMessages.address(prefix, early[i], early[i] <= inTenant ? domain : other));
            }
            default -> {
                usage("unknown --phase [" + phase + "]");
                return;
            }
        }

        if (warmup != null && warmups > 0) {
            // Other users than the timed ones, untimed and outside the CPU counters: the JIT compiles the path first.
            Timed early = load.run(warmups, concurrency, warmup);
            facts.put("warmup", Integer.toString(warmups));
            facts.put("warmup_failed", Integer.toString(early.failed()));
        }
        double server0 = server.ms();
        double emulator0 = emulator.ms();
        long began = System.nanoTime();
        Timed timed = load.run(requests, concurrency, call);
        facts.put("requests", Integer.toString(requests));
        facts.put("failed", Integer.toString(timed.failed()));
        facts.put("wall_ms", String.format(Locale.ROOT, "%.1f", timed.wallNanos() / 1e6));
        if (server.known()) {
            facts.put("server_cpu_ms", String.format(Locale.ROOT, "%.0f", server.ms() - server0));
        }
        if (emulator.known()) {
            facts.put("emulator_cpu_ms", String.format(Locale.ROOT, "%.0f", emulator.ms() - emulator0));
        }

        String await = o.get("await");
        if (await != null && phase.equals("scim-create")) {
            long target = await.equals("synced")
                    ? Long.parseLong(o.getOrDefault("synced-before", "0")) + timed.millis().length : 0;
            Emulator mattermost = null;
            if (o.containsKey("emulator-url")) {
                List<String> accepted = new ArrayList<>();
                int first = o.positive("first", "1");
                for (int i = 0; i < timed.succeeded().length; i++) {
                    if (timed.succeeded()[i]) {
                        accepted.add(ScimMessages.address(prefix, first + i, domain));
                    }
                }
                mattermost = load.emulator(URI.create(o.get("emulator-url").replaceAll("/+$", "")),
                        readToken(o.required("emulator-token-file")), accepted);
            }
            Duration deadline = Duration.ofSeconds(o.positive("deadline-seconds", "600"));
            switch (await) {
                case "synced" -> load.awaitSynced(target, began, deadline,
                        Duration.ofSeconds(o.positive("stall-seconds", "60")), server, server0, emulator, emulator0,
                        mattermost, facts);
                case "settled" -> {
                    int first = o.positive("first", "1");
                    int lastAccepted = -1;
                    for (int i = 0; i < timed.succeeded().length; i++) {
                        lastAccepted = timed.succeeded()[i] ? first + i : lastAccepted;
                    }
                    load.awaitSettled(lastAccepted < 0 ? null : ScimMessages.address(prefix, lastAccepted, domain),
                            began, deadline, server, server0, emulator, emulator0, facts);
                }
                default -> usage("--await must be synced or settled, not [" + await + "]");
            }
            // Each count reads all the tenant's users where the filter has no index: not at 100,000 users.
            if (Boolean.parseBoolean(o.getOrDefault("count-states", "true"))) {
                for (String state : STATES) {
                    load.countState(state).ifPresent(n -> facts.put("state_" + state, Long.toString(n)));
                }
            }
        }

        StringBuilder file = new StringBuilder();
        facts.forEach((k, v) -> file.append("# ").append(k).append('=').append(v).append('\n'));
        for (double ms : timed.millis()) {
            file.append(String.format(Locale.ROOT, "%.3f%n", ms));
        }
        Files.writeString(out, file, StandardCharsets.UTF_8);
        double[] sorted = timed.millis().clone();
        Arrays.sort(sorted);
        StringBuilder line = new StringBuilder(String.format(Locale.ROOT,
                "SCIM_RESULT phase=%s ok=%d failed=%d wall_ms=%.0f rate=%.1f p50_ms=%.2f p99_ms=%.2f", facts.get("phase"),
                sorted.length, timed.failed(), timed.wallNanos() / 1e6,
                sorted.length / Math.max(timed.wallNanos() / 1e9, 1e-9), nearestRank(sorted, 50), nearestRank(sorted, 99)));
        for (String key : List.of("await_done", "await_last", "await_target", "await_last_state", "await_ms", "await_note")) {
            if (facts.containsKey(key)) {
                line.append(' ').append(key).append('=').append(facts.get(key).replace(' ', '_'));
            }
        }
        System.out.println(line);
        System.exit(sorted.length > 0 ? 0 : 1);
    }

    /** Runs {@code count} calls with {@code concurrency} threads, each taking the next index, every call timed. */
    private Timed run(int count, int concurrency, Call call) throws Exception {
        long[] nanos = new long[count];
        Arrays.fill(nanos, -1);
        AtomicInteger next = new AtomicInteger();
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        long start = System.nanoTime();
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int t = 0; t < concurrency; t++) {
                running.add(workers.submit(() -> {
                    for (int i = next.getAndIncrement(); i < count; i = next.getAndIncrement()) {
                        long began = System.nanoTime();
                        try {
                            if (call.perform(i)) {
                                nanos[i] = System.nanoTime() - began;
                            }
                        } catch (IOException | RuntimeException e) {
                            report("request " + i + ": " + e);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            return;
                        }
                    }
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }
        } finally {
            workers.shutdownNow();
        }
        long wall = System.nanoTime() - start;
        double[] millis = Arrays.stream(nanos).filter(n -> n >= 0).mapToDouble(n -> n / 1e6).toArray();
        boolean[] succeeded = new boolean[count];
        for (int i = 0; i < count; i++) {
            succeeded[i] = nanos[i] >= 0;
        }
        return new Timed(millis, succeeded, wall);
    }

    private boolean scimCreate(String prefix, int n, String domain) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("/scim/v2/Users"))
                .header("Content-Type", ScimMessages.SCIM_JSON).header("Accept", ScimMessages.SCIM_JSON)
                .POST(HttpRequest.BodyPublishers.ofString(ScimMessages.scimUser(prefix, n, domain))));
        return expect(answer, 201, "POST /scim/v2/Users " + ScimMessages.address(prefix, n, domain));
    }

    private boolean mattermostCreate(String prefix, int n, String domain) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("/api/v4/users"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(ScimMessages.mattermostUser(prefix, n, domain, PASSWORD))));
        return expect(answer, 201, "POST /api/v4/users " + ScimMessages.address(prefix, n, domain));
    }

    private boolean mattermostLookup(String username) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("/api/v4/users/username/"
                + URLEncoder.encode(username, StandardCharsets.UTF_8))).GET());
        return expect(answer, 200, "GET /api/v4/users/username/" + username);
    }

    private boolean scimLookup(String attribute, String value) throws IOException, InterruptedException {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("/scim/v2/Users?"
                + ScimMessages.eqFilter(attribute, value))).header("Accept", ScimMessages.SCIM_JSON).GET());
        String what = "GET /scim/v2/Users?filter=" + attribute + " eq \"" + value + "\"";
        if (!expect(answer, 200, what)) {
            return false;
        }
        OptionalLong total = ScimMessages.totalResults(answer.body());
        if (total.isEmpty() || total.getAsLong() != 1) {
            report(what + " found " + (total.isEmpty() ? "no totalResults" : total.getAsLong() + " users") + ", not 1");
            return false;
        }
        return true;
    }

    private Emulator emulator(URI url, String adminToken, List<String> emails) {
        return new Emulator(url, adminToken, emails);
    }

    /**
     * The accepted users of a phase, confirmed one by one in POST order in Mattermost ({@code GET
     * /api/v4/users/email/{email}} with the admin token): each poll goes on from the first user not yet confirmed and
     * stops at the first still missing, so the whole wait costs about one lookup per user, and the gateway nothing.
     */
    private final class Emulator {
        private final URI url;
        private final String adminToken;
        private final List<String> emails;
        private int confirmed;

        Emulator(URI url, String adminToken, List<String> emails) {
            this.url = url;
            this.adminToken = adminToken;
            this.emails = emails;
        }

        /** How many, from the first, are in Mattermost now; empty when the emulator answers neither 200 nor 404. */
        OptionalLong confirm() throws InterruptedException {
            try {
                while (confirmed < emails.size()) {
                    HttpResponse<String> answer = http.send(HttpRequest.newBuilder(url.resolve("/api/v4/users/email/"
                                    + URLEncoder.encode(emails.get(confirmed), StandardCharsets.UTF_8))).timeout(TIMEOUT)
                            .header("Authorization", "Bearer " + adminToken).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (answer.statusCode() == 404) {
                        break;
                    }
                    if (answer.statusCode() != 200) {
                        report("the emulator's user by email answered " + answer.statusCode() + ": " + snippet(answer.body()));
                        return OptionalLong.empty();
                    }
                    confirmed++;
                }
                return OptionalLong.of(confirmed);
            } catch (IOException e) {
                report("the emulator's user by email: " + e);
                return OptionalLong.empty();
            }
        }

        String firstMissing() {
            return confirmed < emails.size() ? emails.get(confirmed) : "none";
        }
    }

    /**
     * Polls, at most once a second, until every accepted user is in Mattermost (confirmed in the emulator, see
     * {@link Emulator}; without one, until SCIM's sync-state filter counts {@code target} users SYNCED). Stops at the
     * deadline, or when the count has not moved for {@code stall}. The time is from {@code began} (before the first
     * POST) to the poll that saw it done.
     */
    private void awaitSynced(long target, long began, Duration deadline, Duration stall, ProcessCpu server,
                             double server0, ProcessCpu emulator, double emulator0, Emulator mattermost,
                             Map<String, String> facts) throws InterruptedException {
        boolean inEmulator = mattermost != null;
        long goal = inEmulator ? mattermost.emails.size() : target;
        String what = inEmulator ? "in Mattermost" : "synced";
        long end = System.nanoTime() + deadline.toNanos();
        long lastChange = System.nanoTime();
        long last = -1;
        long doneAt = -1;
        String note = "";
        while (true) {
            long polled = System.nanoTime();
            OptionalLong count = inEmulator ? mattermost.confirm() : countState("SYNCED");
            long now = System.nanoTime();
            if (count.isEmpty()) {
                note = "could not count " + what + " (" + (inEmulator ? "the emulator's user by email"
                        : "SCIM filter on syncState") + " failed)";
                break;
            }
            long n = count.getAsLong();
            if (n != last) {
                last = n;
                lastChange = now;
            }
            if (n >= goal) {
                doneAt = now;
                break;
            }
            if (now - lastChange > stall.toNanos() || now > end) {
                note = String.format(Locale.ROOT, "%s at %d %s", now > end
                        ? "deadline of " + deadline.toSeconds() + " s passed" : "stalled for " + stall.toSeconds() + " s",
                        n, what);
                if (inEmulator) {
                    note += ", the first missing " + mattermost.firstMissing();
                }
                break;
            }
            long sleep = polled + 1_000_000_000L - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
        }
        long stop = doneAt > 0 ? doneAt : System.nanoTime();
        facts.put("awaited", "synced");
        facts.put("await_target", Long.toString(goal));
        // users in Mattermost (in POST order) or SYNCED at the last poll (-1: never counted)
        facts.put("await_last", Long.toString(last));
        facts.put("await_done", Boolean.toString(doneAt > 0));
        facts.put("await_ms", String.format(Locale.ROOT, "%.1f", (stop - began) / 1e6));
        if (server.known()) {
            facts.put("await_server_cpu_ms", String.format(Locale.ROOT, "%.0f", server.ms() - server0));
        }
        if (emulator.known()) {
            facts.put("await_emulator_cpu_ms", String.format(Locale.ROOT, "%.0f", emulator.ms() - emulator0));
        }
        facts.put("await_source", inEmulator ? "emulator" : "scim");
        if (!note.isEmpty()) {
            facts.put("await_note", note);
            System.err.println("await: " + note);
        }
    }

    /**
     * Polls once a second until the sync has settled: the last accepted user ({@code lastUserName}, found by its
     * indexed userName) is no longer PENDING and the gateway has used under a tenth of a core over each of the last two
     * seconds (when its pid is known). Not SCIM's PENDING count: a filter on the sync state has no index, so each count
     * would read the whole tenant, 100,000 users, into the gateway's heap. Stops at the deadline. The time is from
     * {@code began} (before the first POST) to the poll that saw it settled.
     */
    private void awaitSettled(String lastUserName, long began, Duration deadline, ProcessCpu server, double server0,
                              ProcessCpu emulator, double emulator0, Map<String, String> facts)
            throws InterruptedException {
        long end = System.nanoTime() + deadline.toNanos();
        long doneAt = -1;
        String note = "";
        String state = "-";
        int quietPolls = 0;
        double cpuBefore = server.ms();
        long polled = System.nanoTime();
        while (lastUserName != null) {
            long sleep = polled + 1_000_000_000L - System.nanoTime();
            if (sleep > 0) {
                Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
            }
            long now = System.nanoTime();
            double cpuNow = server.ms();
            double cores = (cpuNow - cpuBefore) / Math.max((now - polled) / 1e6, 1);
            cpuBefore = cpuNow;
            polled = now;
            Optional<String> current = syncStateOf(lastUserName);
            if (current.isEmpty()) {
                note = "could not read the sync state of " + lastUserName;
                break;
            }
            state = current.get();
            boolean quiet = !server.known() || cores < 0.1;
            quietPolls = !state.equals("PENDING") && quiet ? quietPolls + 1 : 0;
            if (quietPolls >= 2) {
                doneAt = System.nanoTime();
                break;
            }
            if (now > end) {
                note = String.format(Locale.ROOT, "deadline of %d s passed, the last user %s, the gateway at %.2f cores",
                        deadline.toSeconds(), state, cores);
                break;
            }
        }
        if (lastUserName == null) {
            note = "no user accepted";
        }
        long stop = doneAt > 0 ? doneAt : System.nanoTime();
        facts.put("awaited", "settled");
        facts.put("await_done", Boolean.toString(doneAt > 0));
        facts.put("await_ms", String.format(Locale.ROOT, "%.1f", (stop - began) / 1e6));
        facts.put("await_last_user", lastUserName == null ? "-" : lastUserName);
        facts.put("await_last_state", state);
        if (server.known()) {
            facts.put("await_server_cpu_ms", String.format(Locale.ROOT, "%.0f", server.ms() - server0));
        }
        if (emulator.known()) {
            facts.put("await_emulator_cpu_ms", String.format(Locale.ROOT, "%.0f", emulator.ms() - emulator0));
        }
        if (!note.isEmpty()) {
            facts.put("await_note", note);
            System.err.println("await: " + note);
        }
    }

    /** The sync state of one user, found by {@code userName eq}; empty when the gateway does not say. */
    private Optional<String> syncStateOf(String userName) {
        try {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("/scim/v2/Users?"
                    + ScimMessages.eqFilter("userName", userName))).header("Accept", ScimMessages.SCIM_JSON).GET());
            if (answer.statusCode() != 200) {
                report("the sync state of " + userName + ": answered " + answer.statusCode() + ": " + snippet(answer.body()));
                return Optional.empty();
            }
            return ScimMessages.syncState(answer.body());
        } catch (IOException e) {
            report("the sync state of " + userName + ": " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** How many of the tenant's users are in {@code state}, by SCIM filter with count=0; empty when refused. */
    private OptionalLong countState(String state) {
        try {
            HttpResponse<String> answer = send(HttpRequest.newBuilder(base.resolve("/scim/v2/Users?"
                    + ScimMessages.eqFilter(ScimMessages.SYNC_STATE, state) + "&count=0"))
                    .header("Accept", ScimMessages.SCIM_JSON).GET());
            if (answer.statusCode() != 200) {
                report("counting " + state + " users answered " + answer.statusCode() + ": " + snippet(answer.body()));
                return OptionalLong.empty();
            }
            return ScimMessages.totalResults(answer.body());
        } catch (IOException e) {
            report("counting " + state + " users: " + e);
            return OptionalLong.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalLong.empty();
        }
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.timeout(TIMEOUT).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private boolean expect(HttpResponse<String> answer, int status, String what) {
        if (answer.statusCode() == status) {
            return true;
        }
        report(what + " answered " + answer.statusCode() + ", not " + status + ": " + snippet(answer.body()));
        return false;
    }

    private static String snippet(String body) {
        String text = body == null ? "" : body.replaceAll("\\s+", " ");
        return text.substring(0, Math.min(300, text.length()));
    }

    /** The first few failures on stderr; never a token. */
    private void report(String problem) {
        if (errorsShown.getAndIncrement() < ERRORS_SHOWN) {
            System.err.println("first errors: " + problem);
        }
    }

    /** {@code count} user numbers in 1..{@code users}, uniformly at random, the same for the same seed. */
    static int[] picks(int count, int users, long seed) {
        Random random = new Random(seed);
        int[] picks = new int[count];
        for (int i = 0; i < count; i++) {
            picks[i] = 1 + random.nextInt(users);
        }
        return picks;
    }

    static double nearestRank(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static String readToken(String file) throws IOException {
        String token = Files.readString(Path.of(file), StandardCharsets.UTF_8).strip();
        if (token.isEmpty()) {
            usage("the token file " + file + " is empty");
        }
        return token;
    }

    private static void usage(String problem) {
        System.err.println("ScimLoad: " + problem);
        System.err.println("usage: ScimLoad --phase reference-create|reference-lookup|scim-create|scim-lookup --url BASE"
                + " --token-file F --out FILE [--name NAME] [--concurrency 16] [--first 1] [--users N] [--prefix bench]"
                + " [--domain demo.example] [--lookups 2000] [--kind userName|email] [--in-tenant N]"
                + " [--other-domain elsewhere.example] [--server-pid P] [--emulator-pid P] [--clk-tck 100]"
                + " [--await synced|settled] [--synced-before 0] [--emulator-url U --emulator-token-file F]"
                + " [--deadline-seconds 600] [--stall-seconds 60] [--count-states true] [--warmup N]");
        System.exit(2);
    }
}
