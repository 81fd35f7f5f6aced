package io.ssogate.scim.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The shape of a SCIM token and what is stored of it. A token is {@code scim_} and the base64url (no
 * padding) of 32 random bytes: 256 bits, so a fast unsalted SHA-256 is enough to keep a copy of the table
 * from authenticating anyone (nothing to guess from a dictionary), and the hash can be the lookup key.
 */
final class TokenHash {

    static final String PREFIX = "scim_";
    private static final int RANDOM_BYTES = 32;
    /** Checked before hashing: anything else is refused without a database lookup. */
    private static final Pattern SHAPE = Pattern.compile(PREFIX + "[A-Za-z0-9_-]{43}");
    private static final SecureRandom RANDOM = new SecureRandom();

    private TokenHash() {
    }

    static String newToken() {
        byte[] bytes = new byte[RANDOM_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static boolean wellFormed(String token) {
        return token != null && SHAPE.matcher(token).matches();
    }

    /** The SHA-256 of the token's text, 64 lower-case hex characters: the {@code token_hash} column. */
    static String of(String token) {
        return HexFormat.of().formatHex(digest(token));
    }

    static byte[] digest(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.US_ASCII));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
