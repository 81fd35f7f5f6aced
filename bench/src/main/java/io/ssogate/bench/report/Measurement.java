package io.ssogate.bench.report;

import java.util.Objects;

/**
 * One measured run: a scenario (e.g. {@code get-c64}) against one target ({@code direct},
 * {@code nginx} or {@code ssogate}).
 *
 * @param rate          requests (or round trips) per second, or MiB/s when {@code unit} is {@code MiB/s}
 * @param p50Ms         median latency of one request or round trip
 * @param p99Ms         99th percentile latency
 * @param count         requests or round trips completed, the divisor of the CPU figures
 * @param errors        failed requests (socket errors, timeouts, non-2xx answers, wrong echoes)
 * @param upstreamCpuMs CPU time (utime+stime) the upstream spent during the run
 * @param proxyCpuMs    CPU time the proxy spent (nginx: master and workers), negative for "direct"
 * @param clientCpuMs   CPU time the load generator (wrk or the WebSocket client) spent
 * @param busyPercent   how busy the whole machine was, all cores together, 100 = saturated
 */
public record Measurement(String scenario, String target, String unit, double rate, double p50Ms, double p99Ms,
                          long count, long errors, double upstreamCpuMs, double proxyCpuMs, double clientCpuMs,
                          double busyPercent) {

    public static final String DIRECT = "direct";
    public static final String NGINX = "nginx";
    public static final String SSOGATE = "ssogate";

    public Measurement {
        Objects.requireNonNull(scenario, "scenario");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(unit, "unit");
    }

    public boolean hasProxy() {
        return proxyCpuMs >= 0;
    }

    /** Microseconds of upstream CPU per request, or NaN when nothing completed. */
    public double upstreamCpuMicrosPerRequest() {
        return count > 0 ? upstreamCpuMs * 1000 / count : Double.NaN;
    }

    /** Microseconds of load-generator CPU per request, or NaN when nothing completed. */
    public double clientCpuMicrosPerRequest() {
        return count > 0 ? clientCpuMs * 1000 / count : Double.NaN;
    }

    /** Microseconds of proxy CPU per request; NaN for "direct" or when nothing completed. */
    public double proxyCpuMicrosPerRequest() {
        return count > 0 && hasProxy() ? proxyCpuMs * 1000 / count : Double.NaN;
    }
}
