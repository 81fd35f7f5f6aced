package io.ssogate.sso.login.vault;

import io.ssogate.core.storage.SqlTimestamps;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Moves every vault row onto the current key, so the keys before it can be removed from the configuration.
 *
 * <p>Safe while gateways run: each row is re-encrypted on its own, and written only if its {@code version}
 * is still the one read ({@code UPDATE ... WHERE version = ?}). When a gateway stored or removed the
 * password meanwhile, the rotation never writes the stale one back: it reads the row again, and leaves it
 * if it is gone or already under the current key (skipped), else re-encrypts the new password. Gateways
 * store under <em>their</em> current key, so make the new key current on every gateway before rotating;
 * a row stored under an older key behind the rotation's back shows in {@link Result#remaining()}.
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
    /** Rounds lost against gateways storing the same row before it is left for the next run. */
    static final int ATTEMPTS_PER_ROW = 3;

    private static final Logger LOG = LoggerFactory.getLogger(VaultKeyRotation.class);

    /**
     * What a run did.
     *
     * @param rotated        rows re-encrypted with the current key by this run
     * @param alreadyCurrent rows under the current key when the run began
     * @param skipped        rows a gateway stored under the current key, or removed, while the run had them
     * @param remaining      rows not under the current key when the run ended: the failed ones, and any a
     *                       gateway stored under an older key meanwhile
     * @param failed         the Mattermost user ids whose rows do not decrypt, left as they were
     */
    public record Result(int rotated, int alreadyCurrent, int skipped, int remaining, List<String> failed) {

        public Result {
            failed = List.copyOf(failed);
        }

        /** Whether every row is under the current key: the older keys can be removed. */
        public boolean complete() {
            return remaining == 0;
        }
    }

    /** Told about each batch: for progress output, and where a test stops or races a run half-way. */
    public interface Listener {

        /** {@code mattermostUserIds} were read and are about to be re-encrypted, one by one. */
        default void beforeBatch(List<String> mattermostUserIds) {
        }

        /** A batch is written; {@code rotatedSoFar} rows were re-encrypted by this run up to here. */
        default void afterBatch(int rotatedSoFar) {
        }
    }

    private enum Outcome { ROTATED, SKIPPED, FAILED, LEFT }

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
                switch (rotate(row, current)) {
                    case ROTATED -> rotated++;
                    case SKIPPED -> skipped++;
                    case FAILED -> failed.add(row.mattermostUserId());
                    case LEFT -> {
                        // counted in remaining below
                    }
                }
            }
            after = batch.get(batch.size() - 1).mattermostUserId();
            listener.afterBatch(rotated);
        }
        int remaining = rows.countNotUnderKey(current);
        Result result = new Result(rotated, alreadyCurrent, skipped, remaining, failed);
        LOG.info("Vault key rotation to key {}: {} rows re-encrypted, {} already under it, {} changed meanwhile"
                        + " (skipped), {} still under older keys, of which {} do not decrypt", current, rotated,
                alreadyCurrent, skipped, remaining, failed.size());
        return result;
    }

    /** Re-encrypts one row, reading it again whenever a gateway wrote it first. */
    private Outcome rotate(CredentialRows.Row read, String current) {
        String userId = read.mattermostUserId();
        CredentialRows.Row row = read;
        for (int attempt = 0; attempt < ATTEMPTS_PER_ROW; attempt++) {
            byte[] plaintext;
            try {
                plaintext = VaultCipher.open(keys, userId, row.sealed());
            } catch (VaultException e) {
                // The message names the user and key, never the password; the row stays for the operator.
                LOG.warn("Vault key rotation: {}", e.getMessage());
                return Outcome.FAILED;
            }
            try {
                VaultCipher.Sealed resealed = VaultCipher.seal(keys, userId, plaintext);
                if (rows.replaceIfUnchanged(userId, row.version(), resealed, SqlTimestamps.now(clock))) {
                    return Outcome.ROTATED;
                }
            } finally {
                Arrays.fill(plaintext, (byte) 0);
            }
            Optional<CredentialRows.Row> now = rows.find(userId);
            if (now.isEmpty() || now.get().sealed().keyId().equals(current)) {
                return Outcome.SKIPPED;
            }
            row = now.get();
        }
        return Outcome.LEFT;
    }

    @Override
    public String toString() {
        return "VaultKeyRotation[" + keys + ", batches of " + batchSize + "]";
    }
}
