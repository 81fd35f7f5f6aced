package io.ssogate.sso.login.vault;

import io.ssogate.core.config.Secret;

import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The vault's AES-256 keys, each named by a short id stored with every row it encrypts. The current key
 * encrypts every new password; the others only decrypt the rows still under them, until
 * {@link VaultKeyRotation} has moved those rows and the old key can be removed.
 *
 * <p>Each key is a {@link Secret} holding 32 random bytes in base64 ({@code openssl rand -base64 32}).
 * Every error names the key by its id, never by its value; {@link #toString()} shows the ids only.
 * {@link #none()} is the vault not configured. Immutable.
 */
public final class VaultKeys {

    /** AES-256. */
    static final int KEY_BYTES = 32;

    /** Ids are stored in every row and appear in messages: short, and needing no escaping anywhere. */
    static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.-]{0,31}");

    private static final VaultKeys NONE = new VaultKeys();

    private final String currentId;
    private final Map<String, Secret> secrets;
    private final Map<String, SecretKey> keys;

    private VaultKeys() {
        currentId = null;
        secrets = Map.of();
        keys = Map.of();
    }

    /**
     * @param currentId the id of the key new passwords are encrypted with; one of {@code keys}
     * @param keys      every key by id, in the order they are written back
     * @throws IllegalArgumentException naming the key id (never the key) when an id or a key is unusable
     */
    public VaultKeys(String currentId, Map<String, Secret> keys) {
        Objects.requireNonNull(keys, "keys");
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("the vault needs at least one key");
        }
        Map<String, Secret> secretsById = new LinkedHashMap<>();
        Map<String, SecretKey> keysById = new LinkedHashMap<>();
        keys.forEach((id, secret) -> {
            idProblem(id).ifPresent(problem -> {
                throw new IllegalArgumentException("vault key id [" + id + "]: " + problem);
            });
            byte[] raw = decode(id, secret);
            try {
                keysById.put(id, new SecretKeySpec(raw, "AES"));
            } finally {
                Arrays.fill(raw, (byte) 0);
            }
            secretsById.put(id, secret);
        });
        if (currentId == null || !keysById.containsKey(currentId)) {
            throw new IllegalArgumentException("the current vault key [" + currentId + "] is not among the keys "
                    + keysById.keySet());
        }
        this.currentId = currentId;
        this.secrets = Collections.unmodifiableMap(secretsById);
        this.keys = Collections.unmodifiableMap(keysById);
    }

    /** The vault not configured: it encrypts and decrypts nothing. */
    public static VaultKeys none() {
        return NONE;
    }

    /** Whether any key is configured. */
    public boolean configured() {
        return currentId != null;
    }

    /** The id of the key new passwords are encrypted with. */
    public String currentId() {
        if (currentId == null) {
            throw new VaultException("the credential vault has no keys configured");
        }
        return currentId;
    }

    /** The ids of every configured key, current or not. */
    public Set<String> ids() {
        return keys.keySet();
    }

    /** The keys as configured, for writing the configuration back (as references, never values). */
    public Map<String, Secret> secrets() {
        return secrets;
    }

    /** The AES key named {@code id}, if configured. */
    Optional<SecretKey> key(String id) {
        return Optional.ofNullable(keys.get(id));
    }

    /** What is wrong with {@code id} as a key id, phrased for an operator; empty when it is fine. */
    static Optional<String> idProblem(String id) {
        if (id == null || id.isBlank()) {
            return Optional.of("required: a short name for the key, like 2026-01");
        }
        if (!ID.matcher(id).matches()) {
            return Optional.of("must be 1 to 32 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        return Optional.empty();
    }

    /**
     * What is wrong with {@code secret} as an AES-256 key, phrased for an operator without the value;
     * empty when it is fine.
     */
    static Optional<String> keyProblem(Secret secret) {
        if (secret == null || secret.reveal().isBlank()) {
            return Optional.of("required: 32 random bytes in base64 (openssl rand -base64 32), given as ${ENV}"
                    + " or ${file:...}");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(secret.reveal().strip());
        } catch (IllegalArgumentException e) {
            // e's message quotes a character of the key: not passed on.
            return Optional.of("not base64: give 32 random bytes in base64 (openssl rand -base64 32)");
        }
        int length = raw.length;
        Arrays.fill(raw, (byte) 0);
        if (length != KEY_BYTES) {
            return Optional.of("decodes to " + length + " bytes; AES-256 needs exactly " + KEY_BYTES
                    + " (openssl rand -base64 32)");
        }
        return Optional.empty();
    }

    private static byte[] decode(String id, Secret secret) {
        keyProblem(secret).ifPresent(problem -> {
            throw new IllegalArgumentException("vault key " + id + ": " + problem);
        });
        return Base64.getDecoder().decode(secret.reveal().strip());
    }

    /** Equal keys under equal ids (the secrets compared in constant time), and the same current key. */
    @Override
    public boolean equals(Object other) {
        return other instanceof VaultKeys that && Objects.equals(currentId, that.currentId)
                && secrets.equals(that.secrets);
    }

    /** From the ids only: a hash of the keys would tell something about them. */
    @Override
    public int hashCode() {
        return Objects.hash(currentId, secrets.keySet());
    }

    @Override
    public String toString() {
        return configured() ? "VaultKeys[current=" + currentId + ", ids=" + keys.keySet() + "]" : "VaultKeys[none]";
    }
}
