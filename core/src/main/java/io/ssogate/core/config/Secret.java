package io.ssogate.core.config;

import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Objects;
import java.util.Optional;

/**
 * A secret from the configuration (a database password, a client secret, a signing key): a value that
 * never prints. {@link #toString()}, log lines, error messages and {@link ConfigWriter} show the reference
 * it came from ({@code ${DB_PASSWORD}}, {@code ${file:/run/secrets/db}}) or {@value #NOT_WRITTEN}; only
 * {@link #reveal()} hands out the value, so every use of it can be found by that one name.
 *
 * <p>Two secrets are equal when their values are equal (compared in constant time, so a comparison of a
 * presented token against a configured one tells nothing through its timing) and they came from the same
 * reference: a configuration whose secret moved from the file to the environment writes differently, so it
 * is a different configuration. Immutable.
 */
@JsonSerialize(using = ConfigJacksonModule.SecretSerializer.class)
public final class Secret {

    /**
     * What {@link ConfigWriter} writes for a secret that was given literally (in the file, or in code): never
     * the value. {@link ConfigLoader} refuses it with a message saying how to give the secret instead.
     */
    public static final String NOT_WRITTEN = "<secret not written: give it as ${ENV} or ${file:...}>";

    private final String value;
    private final String reference;

    private Secret(String value, String reference) {
        this.value = Objects.requireNonNull(value, "value");
        this.reference = reference;
    }

    /** A secret given literally: {@link ConfigWriter} will not write it back, only {@value #NOT_WRITTEN}. */
    public static Secret of(String value) {
        return new Secret(value, null);
    }

    /**
     * A secret that came from a reference, which {@link ConfigWriter} writes back in its place.
     *
     * @param reference the text as written in the configuration, e.g. {@code ${DB_PASSWORD}}; it must
     *                  contain a {@code ${...}} reference, since it is written where the value would be
     */
    public static Secret fromReference(String reference, String value) {
        if (reference == null || !SecretSubstitution.containsReference(reference)) {
            throw new IllegalArgumentException("a secret's reference must contain ${ENV} or ${file:...}");
        }
        return new Secret(value, reference);
    }

    /** The value: for the one place that hands it to a driver, a signer or a comparison. Never log it. */
    public String reveal() {
        return value;
    }

    /** The reference the value came from, as written in the configuration; empty for a literal secret. */
    public Optional<String> reference() {
        return Optional.ofNullable(reference);
    }

    /** Whether {@code candidate} is this secret's value, compared in constant time. */
    public boolean matches(String candidate) {
        return candidate != null && constantTimeEquals(value, candidate);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof Secret that && Objects.equals(reference, that.reference)
                && constantTimeEquals(value, that.value);
    }

    /** From the reference only: a hash of the value would tell something about it. */
    @Override
    public int hashCode() {
        return Objects.hashCode(reference);
    }

    @Override
    public String toString() {
        return "Secret[" + (reference == null ? "****" : reference) + "]";
    }

    /** {@link MessageDigest#isEqual} takes the same time wherever the first difference is. */
    private static boolean constantTimeEquals(String a, String b) {
        return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
    }
}
