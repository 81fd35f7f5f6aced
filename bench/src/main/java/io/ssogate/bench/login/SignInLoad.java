package io.ssogate.bench.login;

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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Logs N distinct people into Mattermost through the gateway and times the gateway's part of it, "callback to
 * cookies": {@code GET /sso/callback} (the gateway exchanges the code at the provider, stores a session,
 * answers 302 with {@code SSOGATE_SESSION}) and {@code GET} of the page it points to (the gateway logs the
 * person in at Mattermost, at a first sign-in after creating the account, and answers 302 with
 * {@code MMAUTHTOKEN}). The browser's part at the demo OpenID provider is done before and not timed.
 *
 * <pre>java -cp ssogate-bench.jar io.ssogate.bench.login.SignInLoad --gateway URL --people N --first K
 *     --concurrency C --round NAME --out FILE [--prefix person] [--batch 500] [--gateway-pid P]
 *     [--emulator-pid P] [--idp-pid P] [--clk-tck 100] [--cookie-file FILE]</pre>
 *
 * People are {@code <prefix><K…K+N-1, 4 digits>@demo.example}. In batches of {@code --batch}: the untimed part
 * for the whole batch, one person after another (the provider keeps its codes in a plain map, so no concurrent
 * writes; the gateway's sign-in state lives 15 minutes, the provider's codes have no lifetime, so a batch is
 * used within a minute or two), then the timed part of the batch's people by {@code C} threads, each taking
 * the next person. Logins/s is all people logged in ÷ the wall time of the timed parts; the processes' CPU
 * ({@code /proc/PID/stat}) is counted over the timed parts only.
 *
 * <p>{@code FILE} gets {@code # key=value} lines ({@code round, concurrency, people, failed, wall_ms,
 * gateway_cpu_ms, emulator_cpu_ms, idp_cpu_ms}) and one duration in ms per successful login. With
 * {@code --cookie-file}, the last person's {@code Cookie} header (gateway session and Mattermost cookies) is
 * written there, for wrk. Prints a {@code LOGIN_RESULT} line; exits 1 when nobody was logged in.
 */
public final class SignInLoad {

    static final String SESSION_COOKIE = "SSOGATE_SESSION";
    static final List<String> SIGNED_IN_COOKIES = List.of(SESSION_COOKIE, "MMUSERID", "MMAUTHTOKEN");
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final int ERRORS_SHOWN = 5;

    private final HttpClient http;
    private final URI gateway;
    private final AtomicInteger errorsShown = new AtomicInteger();

    private SignInLoad(URI gateway) {
        this.gateway = gateway;
        // HTTP/1.1 as browsers reach Mattermost behind a proxy; redirects are the measured answers, never followed.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(TIMEOUT).build();
    }

    /** A person whose provider part is done: their cookies so far and the {@code /sso/callback} URL to open. */
    private record Prepared(String email, CookieJar jar, URI callback) {
    }

    public static void main(String[] args) throws Exception {
        DriverOptions o = DriverOptions.parse(args, SignInLoad::usage);
        URI gateway = URI.create(o.required("gateway"));
        int people = o.positive("people", null);
        int first = o.positive("first", "1");
        int concurrency = o.positive("concurrency", null);
        int batch = o.positive("batch", "500");
        String prefix = o.getOrDefault("prefix", "person");
        long clkTck = o.positive("clk-tck", "100");
        Path out = Path.of(o.required("out"));
        SignInLoad load = new SignInLoad(gateway);
        ProcessCpu gatewayCpu = ProcessCpu.of(o.get("gateway-pid"), clkTck);
        ProcessCpu emulatorCpu = ProcessCpu.of(o.get("emulator-pid"), clkTck);
        ProcessCpu idpCpu = ProcessCpu.of(o.get("idp-pid"), clkTck);

        List<Double> millis = new ArrayList<>();
        List<Double> loginMillis = new ArrayList<>();
        int failed = 0;
        long wallNanos = 0;
        double gatewayMs = 0;
        double emulatorMs = 0;
        double idpMs = 0;
        CookieJar last = null;
        ExecutorService workers = Executors.newFixedThreadPool(concurrency);
        try {
            for (int from = first; from < first + people; from += batch) {
                int to = Math.min(from + batch, first + people);
                List<Prepared> ready = new ArrayList<>();
                for (int n = from; n < to; n++) {
                    String email = String.format(Locale.ROOT, "%s%04d@demo.example", prefix, n);
                    try {
                        ready.add(load.prepare(email));
                    } catch (IOException | RuntimeException e) {
                        failed++;
                        load.report(email, "the provider part", e);
                    }
                }
                double g0 = gatewayCpu.ms();
                double e0 = emulatorCpu.ms();
                double i0 = idpCpu.ms();
                long start = System.nanoTime();
                AtomicInteger next = new AtomicInteger();
                long[] durations = new long[ready.size()];
                long[] loginParts = new long[ready.size()];
                Arrays.fill(durations, -1);
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < concurrency; t++) {
                    running.add(workers.submit(() -> {
                        for (int i = next.getAndIncrement(); i < ready.size(); i = next.getAndIncrement()) {
                            Prepared person = ready.get(i);
                            long began = System.nanoTime();
                            try {
                                long callbackDone = load.callbackToCookies(person);
                                long ended = System.nanoTime();
                                durations[i] = ended - began;
                                loginParts[i] = ended - callbackDone;
                            } catch (IOException | RuntimeException e) {
                                load.report(person.email(), "callback to cookies", e);
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
                wallNanos += System.nanoTime() - start;
                gatewayMs += gatewayCpu.ms() - g0;
                emulatorMs += emulatorCpu.ms() - e0;
                idpMs += idpCpu.ms() - i0;
                for (int i = 0; i < durations.length; i++) {
                    if (durations[i] < 0) {
                        failed++;
                    } else {
                        millis.add(durations[i] / 1e6);
                        loginMillis.add(loginParts[i] / 1e6);
                        last = ready.get(i).jar();
                    }
                }
            }
        } finally {
            workers.shutdownNow();
        }

        StringBuilder file = new StringBuilder();
        file.append("# round=").append(o.getOrDefault("round", "logins")).append('\n');
        file.append("# concurrency=").append(concurrency).append('\n');
        file.append("# people=").append(people).append('\n');
        file.append("# failed=").append(failed).append('\n');
        file.append(String.format(Locale.ROOT, "# wall_ms=%.1f%n", wallNanos / 1e6));
        if (gatewayCpu.known()) {
            file.append(String.format(Locale.ROOT, "# gateway_cpu_ms=%.0f%n", gatewayMs));
        }
        if (emulatorCpu.known()) {
            file.append(String.format(Locale.ROOT, "# emulator_cpu_ms=%.0f%n", emulatorMs));
        }
        if (idpCpu.known()) {
            file.append(String.format(Locale.ROOT, "# idp_cpu_ms=%.0f%n", idpMs));
        }
        // Per person: callback to cookies, and of it the second request (the Mattermost login itself).
        for (int i = 0; i < millis.size(); i++) {
            file.append(String.format(Locale.ROOT, "%.3f %.3f%n", millis.get(i), loginMillis.get(i)));
        }
        Files.writeString(out, file, StandardCharsets.UTF_8);
        if (o.containsKey("cookie-file") && last != null) {
            Files.writeString(Path.of(o.get("cookie-file")), last.header(SIGNED_IN_COOKIES).orElse(""),
                    StandardCharsets.UTF_8);
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "LOGIN_RESULT round=%s concurrency=%d logins=%d failed=%d wall_ms=%.0f rate=%.1f"
                        + " p50_ms=%.1f p99_ms=%.1f max_ms=%.1f%n", o.getOrDefault("round", "logins"), concurrency,
                sorted.length, failed, wallNanos / 1e6, sorted.length / Math.max(wallNanos / 1e9, 1e-9),
                nearestRank(sorted, 50), nearestRank(sorted, 99), sorted.length == 0 ? 0 : sorted[sorted.length - 1]);
        System.exit(sorted.length > 0 ? 0 : 1);
    }

    /**
     * The browser's part before the callback, not timed: the gateway's email page, the email posted (303 to the
     * provider with {@code login_hint}), the provider's form posted (302 back to {@code /sso/callback}).
     */
    Prepared prepare(String email) throws IOException, InterruptedException {
        CookieJar jar = new CookieJar();
        HttpResponse<String> page = send(jar, HttpRequest.newBuilder(gateway.resolve("/sso/login")).GET());
        expect(page, 200, "GET /sso/login");
        String csrf = HiddenField.in(page.body(), "csrf").orElseThrow(() -> new IOException("no csrf field on /sso/login"));
        String returnTo = HiddenField.in(page.body(), "redirect_to").orElse("/");
        HttpResponse<String> emailed = send(jar, HttpRequest.newBuilder(gateway.resolve("/sso/login"))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("csrf", csrf, "redirect_to", returnTo, "email", email)))));
        expect(emailed, 303, "POST /sso/login");
        URI authorize = gateway.resolve(location(emailed));
        // The provider's own host: none of the gateway's cookies go there.
        HttpResponse<String> provider = http.send(HttpRequest.newBuilder(authorize).timeout(TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(form(Map.of("username", email)))).build(),
                HttpResponse.BodyHandlers.ofString());
        expect(provider, 302, "the provider's form");
        URI callback = authorize.resolve(location(provider));
        if (!callback.getPath().equals("/sso/callback")) {
            throw new IOException("the provider sent the browser to " + callback.getPath() + ", not /sso/callback");
        }
        return new Prepared(email, jar, callback);
    }

    /**
     * The timed part: the callback (302 with the gateway session) and the page it points to (302 with Mattermost's
     * cookies, the gateway having logged the person in).
     *
     * @return when the callback's answer was in (System.nanoTime()), which splits the time in two
     */
    long callbackToCookies(Prepared person) throws IOException, InterruptedException {
        HttpResponse<String> callback = send(person.jar(), HttpRequest.newBuilder(person.callback()).GET());
        long callbackDone = System.nanoTime();
        expect(callback, 302, "GET /sso/callback");
        if (person.jar().get(SESSION_COOKIE).isEmpty()) {
            throw new IOException("/sso/callback set no " + SESSION_COOKIE);
        }
        URI landing = person.callback().resolve(location(callback));
        HttpResponse<String> loggedIn = send(person.jar(), HttpRequest.newBuilder(landing).GET());
        expect(loggedIn, 302, "GET " + landing.getPath() + " after the callback");
        if (person.jar().get("MMAUTHTOKEN").isEmpty() || person.jar().get("MMUSERID").isEmpty()) {
            throw new IOException("GET " + landing.getPath() + " set no MMAUTHTOKEN and MMUSERID");
        }
        return callbackDone;
    }

    private HttpResponse<String> send(CookieJar jar, HttpRequest.Builder request) throws IOException, InterruptedException {
        request.timeout(TIMEOUT).header("Accept", "text/html");
        jar.header().ifPresent(cookies -> request.header("Cookie", cookies));
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        jar.absorb(response.headers());
        return response;
    }

    private static void expect(HttpResponse<String> response, int status, String what) throws IOException {
        if (response.statusCode() != status) {
            String body = response.body() == null ? "" : response.body();
            throw new IOException(what + " answered " + response.statusCode() + ", not " + status + ": "
                    + body.substring(0, Math.min(200, body.length())).replaceAll("\\s+", " "));
        }
    }

    private static String location(HttpResponse<String> response) throws IOException {
        return response.headers().firstValue("location").orElseThrow(() -> new IOException("a redirect without Location"));
    }

    private static String form(Map<String, String> fields) {
        StringBuilder body = new StringBuilder();
        fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(k).append('=')
                .append(URLEncoder.encode(v, StandardCharsets.UTF_8)));
        return body.toString();
    }

    /** The first few failures on stderr, by step, never with cookie or token values. */
    private void report(String email, String step, Exception e) {
        if (errorsShown.getAndIncrement() < ERRORS_SHOWN) {
            System.err.println("first login errors: " + email + ", " + step + ": " + e);
        }
    }

    static double nearestRank(double[] sorted, double percent) {
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }

    private static void usage(String problem) {
        System.err.println("SignInLoad: " + problem);
        System.err.println("usage: SignInLoad --gateway URL --people N --concurrency C --out FILE [--first K]"
                + " [--prefix person] [--round NAME] [--batch 500] [--gateway-pid P] [--emulator-pid P] [--idp-pid P]"
                + " [--clk-tck 100] [--cookie-file FILE]");
        System.exit(2);
    }
}
