package io.ssogate.bench.report;

import java.util.List;
import java.util.Objects;

/**
 * One measured run: a scenario (e.g. {@code get-c64}) against one target ({@code direct},
 * {@code nginx}, {@code haproxy}, {@code ssogate}, and in the small GETs {@code ssogate-before} and the prototypes).
 *
 * @param rate        requests (or round trips) per second, or MiB/s when {@code unit} is {@code MiB/s}
 * @param p50Ms       median latency of one request or round trip
 * @param p99Ms       99th percentile latency
 * @param count       requests or round trips completed, the divisor of the per-request figures
 * @param errors      failed requests (socket errors, timeouts, non-2xx answers, wrong echoes)
 * @param upstream    what the upstream spent during the run
 * @param proxy       what the proxy spent (nginx and HAProxy: master and workers), null for "direct"
 * @param clientCpuMs CPU time the load generator (wrk or the WebSocket client) spent
 * @param busyPercent how busy the whole machine was, all cores together, 100 = saturated
 */
public record Measurement(String scenario, String target, String unit, double rate, double p50Ms, double p99Ms,
                          long count, long errors, ProcessCost upstream, ProcessCost proxy, double clientCpuMs,
                          double busyPercent) {

    public static final String DIRECT = "direct";
    public static final String NGINX = "nginx";
    public static final String HAPROXY = "haproxy";
    public static final String SSOGATE = "ssogate";
    /**
     * An earlier build of the gateway (run.sh's SSOGATE_BEFORE_JAR), started like ssogate and measured right after
     * it in the small GETs only, so a change's cost is measured before and after in one sitting.
     */
    public static final String SSOGATE_BEFORE = "ssogate-before";
    /**
     * The minimal proxies on ssogate's own stack (io.ssogate.bench.prototype.MinimalTomcatProxy), measuring
     * sticks for small GETs only: a plain servlet, and an Engine-level valve.
     */
    public static final String TOMCAT_MIN = "tomcat-min";
    public static final String TOMCAT_MIN_VALVE = "tomcat-min-valve";
    /**
     * The order targets are shown in: the bare upstream, the two reference proxies, the product and its earlier build,
     * the prototypes.
     */
    public static final List<String> TARGETS = List.of(DIRECT, NGINX, HAPROXY, SSOGATE, SSOGATE_BEFORE, TOMCAT_MIN,
            TOMCAT_MIN_VALVE);
    public static final List<String> PROTOTYPES = List.of(TOMCAT_MIN, TOMCAT_MIN_VALVE);
    /** The targets measured in the small GETs only, beside ssogate: its earlier build and the prototypes. */
    public static final List<String> SMALL_GETS_ONLY = List.of(SSOGATE_BEFORE, TOMCAT_MIN, TOMCAT_MIN_VALVE);

    public Measurement {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(upstream, "upstream");
    }

    public boolean hasProxy() {
        return proxy != null;
    }

    /**
     * The server this target is: the upstream itself for "direct", the proxy otherwise. Its cost is
     * what the target adds to a request.
     */
    public ProcessCost targetCost() {
        return hasProxy() ? proxy : upstream;
    }

    /** Microseconds of upstream CPU per request, or NaN when nothing completed. */
    public double upstreamCpuMicrosPerRequest() {
        return upstream.cpuMicrosPer(count);
    }

    /** Microseconds of proxy CPU per request; NaN for "direct" or when nothing completed. */
    public double proxyCpuMicrosPerRequest() {
        return hasProxy() ? proxy.cpuMicrosPer(count) : Double.NaN;
    }

    /** Microseconds of load-generator CPU per request, or NaN when nothing completed. */
    public double clientCpuMicrosPerRequest() {
        return count > 0 ? clientCpuMs * 1000 / count : Double.NaN;
    }
}
