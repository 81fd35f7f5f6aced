package io.ssogate.core.mattermost;

import io.ssogate.core.config.Secret;

import java.security.SecureRandom;
import java.util.Objects;

/**
 * The passwords the gateway sets on the Mattermost accounts it manages. Nobody types them, so they are long
 * and meet Mattermost's strictest password settings whatever the server's are (API notes §7: upper case,
 * lower case, a number and a symbol, at most 72 characters, bcrypt's limit).
 */
public final class PasswordGenerator {

    public static final int DEFAULT_LENGTH = 40;
    public static final int MIN_LENGTH = 32;
    /** bcrypt reads no further; Mattermost refuses longer passwords. */
    public static final int MAX_LENGTH = 72;

    static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    static final String DIGITS = "0123456789";
    /**
     * Symbols from Mattermost's list of special characters, leaving out quotes, backslash, backtick and
     * braces: nothing that needs escaping in JSON, a shell or a config file when someone debugs.
     */
    static final String SYMBOLS = "!#$%&()*+,-./:;<=>?@[]^_|~";
    private static final String ALL = UPPER + LOWER + DIGITS + SYMBOLS;

    private final SecureRandom random;
    private final int length;

    public PasswordGenerator() {
        this(new SecureRandom(), DEFAULT_LENGTH);
    }

    public PasswordGenerator(SecureRandom random, int length) {
        if (length < MIN_LENGTH || length > MAX_LENGTH) {
            throw new IllegalArgumentException("password length must be " + MIN_LENGTH + " to " + MAX_LENGTH
                    + ", not " + length);
        }
        this.random = Objects.requireNonNull(random, "random");
        this.length = length;
    }

    /** A new password, as a {@link Secret} so it cannot be printed by accident. */
    public Secret generate() {
        char[] password = new char[length];
        // One of each class first, so every rule holds; the rest from all of them; then a shuffle, so the
        // classes' positions say nothing.
        password[0] = pick(UPPER);
        password[1] = pick(LOWER);
        password[2] = pick(DIGITS);
        password[3] = pick(SYMBOLS);
        for (int i = 4; i < length; i++) {
            password[i] = pick(ALL);
        }
        for (int i = length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            char swap = password[i];
            password[i] = password[j];
            password[j] = swap;
        }
        return Secret.of(new String(password));
    }

    private char pick(String alphabet) {
        return alphabet.charAt(random.nextInt(alphabet.length()));
    }
}
