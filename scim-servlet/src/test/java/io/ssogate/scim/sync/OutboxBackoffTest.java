package io.ssogate.scim.sync;

import io.ssogate.scim.config.ScimConfig;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.mock;

/** Retries back off from retryMin, doubling to retryMax, with jitter that never goes below retryMin. */
class OutboxBackoffTest {

    private final ScimConfig config = new ScimConfig(true, ScimConfig.DEFAULT_MAX_BODY_SIZE,
            ScimConfig.DEFAULT_MAX_RESULTS, ScimConfig.DeleteMode.DEACTIVATE, List.of(), Duration.ofSeconds(1),
            Duration.ofSeconds(60));
    private final OutboxWorker worker = new OutboxWorker(mock(javax.sql.DataSource.class),
            mock(UserReconciler.class), () -> config, "node-1", OutboxWorker.Settings.DEFAULT, Clock.systemUTC());

    private void assertWithin(int attempts, long lowMillis, long highMillis) {
        for (int i = 0; i < 200; i++) {
            long ms = worker.backoff(attempts).toMillis();
            assertTrue(ms >= lowMillis && ms <= highMillis,
                    "attempt " + attempts + ": " + ms + " ms, expected " + lowMillis + ".." + highMillis);
        }
    }

    @Test
    void theFirstRetryWaitsRetryMinThenTheWaitDoublesToRetryMax() {
        assertWithin(1, 1000, 1000);
        assertWithin(2, 1600, 2000);
        assertWithin(3, 3200, 4000);
        assertWithin(6, 25_600, 32_000);
        assertWithin(7, 48_000, 60_000);
        assertWithin(50, 48_000, 60_000);
    }

    @Test
    void jitterSpreadsTheWaits() {
        long distinct = java.util.stream.IntStream.range(0, 50).mapToLong(i -> worker.backoff(5).toMillis())
                .distinct().count();
        assertTrue(distinct > 1, "the same wait every time would have every node retry at once");
    }
}
