package io.ssogate.proxy;

import java.security.SecureRandom;

/**
 * Request ids in Mattermost's own shape ({@code NewId} in server/public/model/utils.go): 128 random bits
 * in base32 with Mattermost's alphabet, 26 characters, so a gateway error's id looks like the ids in
 * Mattermost's logs and {@code X-Request-Id} headers.
 */
final class RequestIds {

    private static final char[] ALPHABET = "ybndrfg8ejkmcpqxot1uwisza345h769".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();
    static final int LENGTH = 26;

    private RequestIds() {
    }

    static String newId() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        StringBuilder id = new StringBuilder(LENGTH);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xFF);
            bits += 8;
            while (bits >= 5) {
                id.append(ALPHABET[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        if (bits > 0) {
            id.append(ALPHABET[(buffer << (5 - bits)) & 31]);
        }
        return id.toString();
    }
}
