package io.ssogate.bench.ws;

import java.util.Arrays;
import java.util.Collection;

/**
 * Round-trip times of one connection, appended by that connection's callbacks only (a WebSocket
 * listener is never called concurrently), merged once all connections have finished. Exact
 * percentiles from the sorted samples: a 10-second run at 1,000 connections holds a few hundred
 * thousand longs, cheap enough that a histogram's rounding buys nothing.
 */
public final class LatencySamples {

    private long[] nanos = new long[1024];
    private int size;

    public void add(long latencyNanos) {
        if (size == nanos.length) {
            nanos = Arrays.copyOf(nanos, size * 2);
        }
        nanos[size++] = latencyNanos;
    }

    public int size() {
        return size;
    }

    /** All samples of {@code parts}, sorted ascending. */
    public static long[] mergeSorted(Collection<LatencySamples> parts) {
        int total = parts.stream().mapToInt(LatencySamples::size).sum();
        long[] all = new long[total];
        int at = 0;
        for (LatencySamples part : parts) {
            System.arraycopy(part.nanos, 0, all, at, part.size);
            at += part.size;
        }
        Arrays.sort(all);
        return all;
    }

    /**
     * The nearest-rank percentile of ascending {@code sorted}: the smallest sample with at least
     * {@code percent}% of all samples at or below it. 0 when there are no samples.
     */
    public static long percentile(long[] sorted, double percent) {
        if (percent <= 0 || percent > 100) {
            throw new IllegalArgumentException("percent must be in (0, 100], got " + percent);
        }
        if (sorted.length == 0) {
            return 0;
        }
        int rank = (int) Math.ceil(percent / 100.0 * sorted.length);
        return sorted[Math.max(rank, 1) - 1];
    }
}
