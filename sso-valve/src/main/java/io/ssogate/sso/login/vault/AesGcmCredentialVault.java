package io.ssogate.sso.login.vault;

import io.ssogate.core.config.Secret;
import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.core.accounts.CredentialVault;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * The credential vault in the shared database ({@code sso_credential}): each password encrypted with
 * AES-256-GCM under the current {@link VaultKeys} key, with a fresh random nonce, and bound to its
 * Mattermost user id as authenticated data. A row that was altered, copied onto another user, or is under a
 * key no longer configured is refused with a {@link VaultException} naming the user and the key id.
 *
 * <p>The keys are read from {@code keys} at every call, so a configuration reload that adds a key or makes
 * another one current applies at once. Thread-safe.
 */
public final class AesGcmCredentialVault implements CredentialVault {

    /** Mattermost ids are 26 letters and digits; what we accept also appears in messages, so no escaping. */
    private static final Pattern USER_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");

    private final CredentialRows rows;
    private final Supplier<VaultKeys> keys;
    private final Clock clock;

    public AesGcmCredentialVault(DataSource dataSource, Supplier<VaultKeys> keys, Clock clock) {
        this.rows = new CredentialRows(Objects.requireNonNull(dataSource, "dataSource"));
        this.keys = Objects.requireNonNull(keys, "keys");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    public AesGcmCredentialVault(DataSource dataSource, VaultKeys keys, Clock clock) {
        this(dataSource, constant(keys), clock);
    }

    private static Supplier<VaultKeys> constant(VaultKeys keys) {
        Objects.requireNonNull(keys, "keys");
        return () -> keys;
    }

    @Override
    public void store(String mattermostUserId, Secret password) {
        checkUserId(mattermostUserId);
        Objects.requireNonNull(password, "password");
        byte[] plaintext = password.reveal().getBytes(StandardCharsets.UTF_8);
        try {
            VaultCipher.Sealed sealed = VaultCipher.seal(configuredKeys(), mattermostUserId, plaintext);
            rows.upsert(mattermostUserId, sealed, SqlTimestamps.now(clock));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public Optional<Secret> password(String mattermostUserId) {
        checkUserId(mattermostUserId);
        Optional<CredentialRows.Row> row = rows.find(mattermostUserId);
        if (row.isEmpty()) {
            return Optional.empty();
        }
        byte[] plaintext = VaultCipher.open(configuredKeys(), mattermostUserId, row.get().sealed());
        try {
            return Optional.of(Secret.of(new String(plaintext, StandardCharsets.UTF_8)));
        } finally {
            Arrays.fill(plaintext, (byte) 0);
        }
    }

    @Override
    public void remove(String mattermostUserId) {
        checkUserId(mattermostUserId);
        rows.delete(mattermostUserId);
    }

    private VaultKeys configuredKeys() {
        VaultKeys current = keys.get();
        if (current == null || !current.configured()) {
            throw new VaultException("the credential vault has no keys configured (vault.keys)");
        }
        return current;
    }

    static void checkUserId(String mattermostUserId) {
        if (mattermostUserId == null || !USER_ID.matcher(mattermostUserId).matches()) {
            throw new IllegalArgumentException("not a Mattermost user id: 1 to 64 letters, digits, '_' or '-'");
        }
    }

    @Override
    public String toString() {
        return "AesGcmCredentialVault[" + keys.get() + "]";
    }
}
