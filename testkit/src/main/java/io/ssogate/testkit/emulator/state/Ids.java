package io.ssogate.testkit.emulator.state;

import java.security.SecureRandom;

/** Mattermost-shaped identifiers: 26 lowercase alphanumeric characters ({@code model.NewId}, {@code IsValidId}). */
public final class Ids {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** The base32 alphabet Mattermost's {@code NewId} encodes with; only lowercase letters and digits. */
    private static final char[] ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769".toCharArray();
    public static final int LENGTH = 26;

    private Ids() {
    }

    public static String newId() {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }

    public static boolean isValid(String id) {
        return id != null && id.length() == LENGTH && id.chars().allMatch(c -> (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    }
}
