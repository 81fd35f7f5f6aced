package io.ssogate.sso.login.vault;

import io.ssogate.core.storage.SqlTimestamps;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Moves every vault row onto the current key, so the keys before it can be removed from the configuration.
 *
 * <p>Safe while gateways run: each row is re-encrypted on its own, and written only if its {@code version}
 * is still the one read ({@code UPDATE ... WHERE version = ?}). A password a gateway stored or removed
 * meanwhile wins; the rotation skips that row. Gateways store under <em>their</em> current key, so make the
 * new key current on every gateway before rotating, and a skipped row is then already under it.
 *
 * <p>Resumable: every row is committed on its own and the old keys stay configured until the end, so a
 * run that stops half-way (a crash, a lost connection) leaves each row readable under one key or the other,
 * and the next run takes up the rows still under an old key.
 *
 * <p>A row that does not decrypt (altered, or under a key not configured) is not touched, reported by
 * user id in {@link Result#failed()}, and the rotation goes on with the others.
 */
public final class VaultKeyRotation {

    public static final int DEFAULT_BATCH_SIZE = 100;

    private static final Logger LOG = LoggerFactory.getLogger(VaultKeyRotation.class);

    /**
     * What a run did.
     *
     * @param rotated        rows re-encrypted with the current key by this run
     * @param alreadyCurrent rows under the current key when the run began
     * @param skipped        rows a gateway stored or removed between being read and being re-encrypted
     * @param failed         the Mattermost user ids whose rows do not decrypt, left as they were
     */
    public record Result(int rotated, int alreadyCurrent, int skipped, List<String> failed) {

        public Result {
            failed = List.copyOf(failed);
        }

        /** Whether no row is left under an old key as far as this run saw: the old keys can go. */
        public boolean complete() {
            return failed.isEmpty();
        }
    }

    /** Told about each batch: for progress output, and where a test stops a run half-way. */
    public interface Listener {

        /** {@code mattermostUserIds} were read and are about to be re-encrypted, one by one. */
        default void beforeBatch(List<String> mattermostUserIds) {
        }

        /** A batch is written; {@code soFar} counts this run up to here. */
        default void afterBatch(Result soFar) {
        }
    }

    private final CredentialRows rows;
    private final VaultKeys keys;
    private final Clock clock;
    private final int batchSize;

    public VaultKeyRotation(DataSource dataSource, VaultKeys keys, Clock clock) {
        this(dataSource, keys, clock, DEFAULT_BATCH_SIZE);
    }

    public VaultKeyRotation(DataSource dataSource, VaultKeys keys, Clock clock, int batchSize) {
        this.rows = new CredentialRows(Objects.requireNonNull(dataSource, "dataSource"));
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (!keys.configured()) {
            throw new VaultException("the credential vault has no keys configured (vault.keys): nothing to rotate to");
        }
        if (batchSize < 1) {
            throw new IllegalArgumentException("batchSize must be at least 1");
        }
        this.batchSize = batchSize;
    }

    public Result run() {
        return run(new Listener() {
        });
    }

    public Result run(Listener listener) {
        String current = keys.currentId();
        int alreadyCurrent = rows.countUnderKey(current);
        int rotated = 0;
        int skipped = 0;
        List<String> failed = new ArrayList<>();
        String after = null;
        while (true) {
            List<CredentialRows.Row> batch = rows.notUnderKey(current, after, batchSize);
            if (batch.isEmpty()) {
                break;
            }
            listener.beforeBatch(batch.stream().map(CredentialRows.Row::mattermostUserId).toList());
            for (CredentialRows.Row row : batch) {
                String userId = row.mattermostUserId();
                byte[] plaintext;
                try {
                    plaintext = VaultCipher.open(keys, userId, row.sealed());
                } catch (VaultException e) {
                    // The message names the user and key, never the password; the row stays for the operator.
                    LOG.warn("Vault key rotation: {}", e.getMessage());
                    failed.add(userId);
                    continue;
                }
                try {
                    VaultCipher.Sealed resealed = VaultCipher.seal(keys, userId, plaintext);
                    if (rows.replaceIfUnchanged(userId, row.version(), resealed, SqlTimestamps.now(clock))) {
                        rotated++;
                    } else {
                        skipped++;
                    }
                } finally {
                    Arrays.fill(plaintext, (byte) 0);
                }
            }
            after = batch.get(batch.size() - 1).mattermostUserId();
            listener.afterBatch(new Result(rotated, alreadyCurrent, skipped, failed));
        }
        Result result = new Result(rotated, alreadyCurrent, skipped, failed);
        LOG.info("Vault key rotation to key {}: {} rows re-encrypted, {} already under it, {} changed meanwhile"
                + " (skipped), {} that do not decrypt", current, rotated, alreadyCurrent, skipped, failed.size());
        return result;
    }

    @Override
    public String toString() {
        return "VaultKeyRotation[" + keys + ", batches of " + batchSize + "]";
    }
}
