package io.ssogate.webapp.launcher;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.hc.core5.http.ClassicHttpRequest;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.impl.bootstrap.HttpRequester;
import org.apache.hc.core5.http.impl.bootstrap.RequesterBootstrap;
import org.apache.hc.core5.http.io.SocketConfig;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.support.ClassicRequestBuilder;
import org.apache.hc.core5.http.protocol.HttpCoreContext;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.util.Timeout;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends the gateway's own request path a burst of small GETs before the launcher reports the start. A JVM
 * interprets a method first and compiles it only after thousands of calls, so a fresh gateway spends its
 * first minute under load compiling: that cost, measured at several times the steady state's CPU per
 * request in the first 30 s (bench/README.md, "Start-up: the first 30 s"), moves here, ahead of the people.
 *
 * <p>The requests take the whole path (connector, valve, steps, proxy, Mattermost's answer): {@code GET
 * /api/v4/system/ping}, the call Mattermost's apps make without a session and Mattermost answers cheaply. It
 * is bounded in count, in time, and per request; a Mattermost that is down or slow ends it early (the
 * gateway starts either way, and warms up under its first real load instead). It never fails the start.
 */
final class StartupWarmUp {

    private static final Logger log = LoggerFactory.getLogger(StartupWarmUp.class);

    static final String PATH = "/api/v4/system/ping";
    /** However many requests are asked for, the start waits no longer than this for them. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(30);
    private static final Timeout REQUEST_TIMEOUT = Timeout.ofSeconds(2);
    /**
     * Two connections: four finished no sooner on two cores (the JIT compiling beside the requests is the
     * limit), and fewer requests in flight ask less of Mattermost.
     */
    private static final int CONNECTIONS = 2;

    /** What a warm-up did: requests answered, how long it took, and why it stopped before its count if it did. */
    record Result(int answered, Duration took, String stoppedEarlyBecause) {
        String describe() {
            String line = answered + " requests through the request path in " + took.toMillis() + " ms";
            return stoppedEarlyBecause == null ? line : line + ", stopped early: " + stoppedEarlyBecause;
        }
    }

    private StartupWarmUp() {
    }

    /** Sends {@code requests} GETs to the gateway at {@code gateway}, over a few keep-alive connections. */
    static Result run(URI gateway, int requests) {
        long start = System.nanoTime();
        long deadline = start + TIME_LIMIT.toNanos();
        HttpHost host = new HttpHost(gateway.getScheme(), loopbackFor(gateway.getHost()), gateway.getPort());
        AtomicInteger remaining = new AtomicInteger(requests);
        AtomicInteger answered = new AtomicInteger();
        AtomicReference<String> stoppedEarly = new AtomicReference<>();
        HttpRequester requester = RequesterBootstrap.bootstrap()
                .setSocketConfig(SocketConfig.custom().setSoTimeout(REQUEST_TIMEOUT).build())
                .create();
        try {
            List<Thread> workers = new ArrayList<>();
            for (int i = 0; i < CONNECTIONS; i++) {
                Thread worker = new Thread(() -> {
                    HttpCoreContext context = HttpCoreContext.create();
                    while (remaining.getAndDecrement() > 0 && stoppedEarly.get() == null) {
                        if (System.nanoTime() > deadline) {
                            stoppedEarly.compareAndSet(null, "the time limit of " + TIME_LIMIT.toSeconds() + " s");
                            return;
                        }
                        ClassicHttpRequest ping = ClassicRequestBuilder.get(PATH).setHttpHost(host)
                                .addHeader("User-Agent", "ssogate-warm-up").build();
                        try {
                            int status = requester.execute(host, ping, REQUEST_TIMEOUT, context, response -> {
                                EntityUtils.consume(response.getEntity());
                                return response.getCode();
                            });
                            answered.incrementAndGet();
                            if (status >= 502 && status <= 504) {
                                // The gateway's own error answer: Mattermost is down or slow, not worth a burst.
                                stoppedEarly.compareAndSet(null, "Mattermost unavailable (the gateway answered " + status + ")");
                                return;
                            }
                        } catch (IOException | HttpException e) {
                            stoppedEarly.compareAndSet(null, e.toString());
                            return;
                        }
                    }
                }, "ssogate-warm-up-" + i);
                worker.setDaemon(true);
                workers.add(worker);
                worker.start();
            }
            for (Thread worker : workers) {
                // The workers bound themselves by the deadline and the request timeout; this is a backstop.
                worker.join(TIME_LIMIT.plus(Duration.ofSeconds(5)).toMillis());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stoppedEarly.compareAndSet(null, "interrupted");
        } finally {
            requester.close(CloseMode.IMMEDIATE);
        }
        Result result = new Result(answered.get(), Duration.ofNanos(System.nanoTime() - start), stoppedEarly.get());
        log.info("Warm-up: {}", result.describe());
        return result;
    }

    /** A gateway bound to every address is reached on loopback; one bound to an address, on that address. */
    static String loopbackFor(String uriHost) {
        String host = uriHost != null && uriHost.startsWith("[") ? uriHost.substring(1, uriHost.length() - 1) : uriHost;
        if (host == null || host.equals("0.0.0.0")) {
            return "127.0.0.1";
        }
        if (host.equals("::") || host.equals("0:0:0:0:0:0:0:0")) {
            return "::1";
        }
        return host;
    }
}
