package io.ssogate.bench.ws;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class LatencySamplesTest {

    private static final long[] ONE_TO_HUNDRED = java.util.stream.LongStream.rangeClosed(1, 100).toArray();

    @ParameterizedTest(name = "p{0} of 1..100 is {1}")
    @CsvSource({"50, 50", "99, 99", "100, 100", "1, 1", "0.5, 1", "99.5, 100"})
    void percentileIsTheNearestRank(double percent, long expected) {
        assertEquals(expected, LatencySamples.percentile(ONE_TO_HUNDRED, percent));
    }

    @Test
    void p99OfFewSamplesIsTheLargest() {
        assertEquals(30, LatencySamples.percentile(new long[] {10, 20, 30}, 99));
        assertEquals(20, LatencySamples.percentile(new long[] {10, 20, 30}, 50));
    }

    @Test
    void percentileOfNoSamplesIsZero() {
        assertEquals(0, LatencySamples.percentile(new long[0], 99));
    }

    @Test
    void percentileOutsideZeroToHundredIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> LatencySamples.percentile(ONE_TO_HUNDRED, 0));
        assertThrows(IllegalArgumentException.class, () -> LatencySamples.percentile(ONE_TO_HUNDRED, 101));
    }

    @Test
    void mergeKeepsEverySampleOfEveryConnectionSorted() {
        LatencySamples first = new LatencySamples();
        LatencySamples second = new LatencySamples();
        for (int i = 3000; i > 0; i--) {
            first.add(i * 2L); // more than the initial capacity, so the buffer must grow
        }
        second.add(1);
        second.add(5);

        long[] merged = LatencySamples.mergeSorted(List.of(first, second));

        assertEquals(3002, merged.length);
        assertArrayEquals(new long[] {1, 2, 4, 5, 6}, java.util.Arrays.copyOf(merged, 5));
        assertEquals(6000, merged[merged.length - 1]);
    }
}
