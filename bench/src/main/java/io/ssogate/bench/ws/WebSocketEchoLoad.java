package io.ssogate.bench.ws;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * WebSocket echo load: N connections, each sending a small text frame and waiting for its echo, over
 * and over for a fixed time. Prints one machine-readable line,
 * {@code WS_RESULT connections=… failed_connections=… roundtrips=… seconds=… rate=… p50_us=… p99_us=… errors=…},
 * that bench/run.sh puts in the table.
 *
 * <pre>java -cp ssogate-bench.jar io.ssogate.bench.ws.WebSocketEchoLoad URL CONNECTIONS SECONDS</pre>
 *
 * The same client runs against every target, so its own overhead cancels out in the ratios.
 */
public final class WebSocketEchoLoad {

    /** A Mattermost client action of typical size (mattermost-api.md section 10, "ping"). */
    static final String PAYLOAD = "{\"action\":\"ping\",\"seq\":1,\"data\":{\"text\":\"bench-echo-0123456789\"}}";

    /** Handshakes in flight at once: 1,000 simultaneous upgrades would only measure the accept queue. */
    private static final int CONNECT_BATCH = 100;
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(30);
    /** How long past the deadline to wait for the last echoes before calling a connection stuck. */
    private static final Duration DRAIN_TIMEOUT = Duration.ofSeconds(30);

    private WebSocketEchoLoad() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 3) {
            System.err.println("usage: WebSocketEchoLoad ws://127.0.0.1:PORT/api/v4/websocket CONNECTIONS SECONDS");
            System.exit(2);
        }
        URI url = URI.create(args[0]);
        if (!("ws".equals(url.getScheme()) || "wss".equals(url.getScheme())) || url.getHost() == null) {
            throw new IllegalArgumentException("URL must be ws://host:port/path, got [" + args[0] + "]");
        }
        int connections = positive(args[1], "CONNECTIONS");
        int seconds = positive(args[2], "SECONDS");
        EchoLoadResult result = run(url, connections, Duration.ofSeconds(seconds));
        System.out.println(result.toLine());
        System.exit(result.roundTrips() > 0 ? 0 : 1);
    }

    /** Connects, runs the echo loop on every connection for {@code duration}, closes, and reports. */
    public static EchoLoadResult run(URI url, int connections, Duration duration) throws InterruptedException {
        // Two cores: a small fixed pool keeps the client from adding hundreds of threads of its own.
        ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
            Thread thread = new Thread(runnable, "ws-load");
            thread.setDaemon(true);
            return thread;
        });
        try {
            HttpClient client = HttpClient.newBuilder()
                    .executor(executor)
                    .connectTimeout(CONNECT_TIMEOUT)
                    .build();
            AtomicLong errors = new AtomicLong();
            AtomicReference<String> firstError = new AtomicReference<>();
            List<EchoConnection> echoes = new ArrayList<>(connections);
            List<WebSocket> sockets = new ArrayList<>(connections);
            int failedConnections = connect(client, url, connections, errors, firstError, echoes, sockets);

            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            for (int i = 0; i < sockets.size(); i++) {
                echoes.get(i).start(sockets.get(i), deadline);
            }
            CompletableFuture<Void> all = CompletableFuture.allOf(
                    echoes.stream().map(EchoConnection::finished).toArray(CompletableFuture[]::new));
            try {
                all.get(duration.plus(DRAIN_TIMEOUT).toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                errors.addAndGet(echoes.stream().filter(c -> !c.finished().isDone()).count());
            } catch (java.util.concurrent.ExecutionException e) {
                errors.incrementAndGet();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            if (firstError.get() != null) {
                System.err.println("first WebSocket error of " + errors.get() + ": " + firstError.get());
            }
            closeAll(sockets);

            long[] sorted = LatencySamples.mergeSorted(echoes.stream().map(EchoConnection::samples).toList());
            return new EchoLoadResult(connections, failedConnections, sorted.length, seconds,
                    LatencySamples.percentile(sorted, 50) / 1000, LatencySamples.percentile(sorted, 99) / 1000,
                    errors.get());
        } finally {
            executor.shutdownNow();
        }
    }

    private static int connect(HttpClient client, URI url, int connections, AtomicLong errors,
                               AtomicReference<String> firstError, List<EchoConnection> echoes, List<WebSocket> sockets)
            throws InterruptedException {
        int failed = 0;
        for (int first = 0; first < connections; first += CONNECT_BATCH) {
            int batch = Math.min(CONNECT_BATCH, connections - first);
            List<EchoConnection> listeners = new ArrayList<>(batch);
            List<CompletableFuture<WebSocket>> opening = new ArrayList<>(batch);
            for (int i = 0; i < batch; i++) {
                EchoConnection echo = new EchoConnection(PAYLOAD, errors, firstError);
                listeners.add(echo);
                opening.add(client.newWebSocketBuilder().connectTimeout(CONNECT_TIMEOUT).buildAsync(url, echo));
            }
            for (int i = 0; i < batch; i++) {
                try {
                    sockets.add(opening.get(i).get(CONNECT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
                    echoes.add(listeners.get(i));
                } catch (java.util.concurrent.ExecutionException | TimeoutException e) {
                    failed++;
                    if (failed == 1) {
                        System.err.println("WebSocket connect to [" + url + "] failed: " + e.getCause());
                    }
                }
            }
        }
        return failed;
    }

    private static void closeAll(List<WebSocket> sockets) {
        List<CompletableFuture<WebSocket>> closing = new ArrayList<>(sockets.size());
        for (WebSocket socket : sockets) {
            closing.add(socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").toCompletableFuture());
        }
        try {
            CompletableFuture.allOf(closing.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
        } catch (Exception e) {
            // every figure is already taken; a slow close only delays the exit
        }
        sockets.forEach(WebSocket::abort);
    }

    private static int positive(String text, String name) {
        try {
            int value = Integer.parseInt(text);
            if (value > 0) {
                return value;
            }
        } catch (NumberFormatException e) {
            // fall through to the message below
        }
        throw new IllegalArgumentException(name + " must be a positive whole number, got [" + text + "]");
    }

    /** What one run measured; latencies in microseconds. */
    public record EchoLoadResult(int connections, int failedConnections, long roundTrips, double seconds,
                                 long p50Micros, long p99Micros, long errors) {

        public double rate() {
            return seconds > 0 ? roundTrips / seconds : 0;
        }

        String toLine() {
            return String.format(Locale.ROOT,
                    "WS_RESULT connections=%d failed_connections=%d roundtrips=%d seconds=%.3f rate=%.1f"
                            + " p50_us=%d p99_us=%d errors=%d",
                    connections, failedConnections, roundTrips, seconds, rate(), p50Micros, p99Micros, errors);
        }
    }
}
