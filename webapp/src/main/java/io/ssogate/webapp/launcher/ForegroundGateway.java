package io.ssogate.webapp.launcher;

import io.ssogate.core.config.GatewayConfig;
import io.ssogate.webapp.InstalledFeatures;
import java.io.PrintWriter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as the launcher runs it: started, announced on one line, then served until the JVM is
 * asked to stop (SIGTERM, Ctrl-C), when a shutdown hook stops it gracefully.
 */
final class ForegroundGateway {

    private static final Logger log = LoggerFactory.getLogger(ForegroundGateway.class);

    private ForegroundGateway() {
    }

    /**
     * Starts the gateway and blocks until the JVM stops it. {@code alsoStop} (the demo's child processes,
     * or null) is stopped with the gateway, and at once when the gateway cannot start, so a failed start
     * leaves no process behind. A failed start throws before anything is printed; once started, the
     * start line is followed by {@code notes} (the demo's "sign in as" lines), after an empty line.
     */
    static void serveUntilStopped(GatewayConfig config, InstalledFeatures features, AutoCloseable alsoStop,
                                  List<String> notes, PrintWriter out) {
        serveUntilStopped(config, features, alsoStop, gateway -> notes, out);
    }

    /**
     * As above, with notes made once the gateway has started, from it (the demo's SCIM token, made in its
     * database). Notes that cannot be made stop the gateway and {@code alsoStop}, as a failed start does.
     */
    static void serveUntilStopped(GatewayConfig config, InstalledFeatures features, AutoCloseable alsoStop,
                                  Function<EmbeddedGateway, List<String>> notesOf, PrintWriter out) {
        long started = System.nanoTime();
        EmbeddedGateway gateway;
        List<String> notes;
        try {
            gateway = EmbeddedGateway.start(config, features);
        } catch (RuntimeException e) {
            closeQuietly(alsoStop);
            throw e;
        }
        warmUp(gateway, config.server().warmUpRequests());
        long millis = (System.nanoTime() - started) / 1_000_000;
        try {
            notes = notesOf.apply(gateway);
        } catch (RuntimeException e) {
            closeQuietly(gateway);
            closeQuietly(alsoStop);
            throw e;
        }
        URI url = config.server().publicUrl() != null ? config.server().publicUrl() : gateway.baseUri();
        out.println("ssogate " + SsogateVersion.number() + " started in " + millis + " ms: " + url
                + " -> " + config.proxy().upstreamUrl());
        if (!notes.isEmpty()) {
            out.println();
            notes.forEach(note -> out.println("  " + note));
        }
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping: letting in-flight requests finish");
            try {
                gateway.close();
            } finally {
                closeQuietly(alsoStop);
                stopped.countDown();
            }
        }, "ssogate-shutdown"));
        if (Boolean.getBoolean(Launcher.EXIT_AFTER_START)) {
            return;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Before the start is reported: a load balancer or a person who waits for it then meets the request path
     * compiled (server.warmUpRequests; the time is part of "started in").
     */
    private static void warmUp(EmbeddedGateway gateway, int requests) {
        if (requests <= 0) {
            return;
        }
        try {
            StartupWarmUp.run(gateway.baseUri(), requests);
        } catch (RuntimeException e) {
            log.warn("Warm-up failed, starting without it: {}", e.toString());
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("close failed", e);
        }
    }
}
