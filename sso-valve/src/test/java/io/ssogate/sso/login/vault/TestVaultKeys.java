package io.ssogate.sso.login.vault;

import io.ssogate.core.config.Secret;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fresh random AES-256 keys, base64 as in the configuration, and key sets made of them. */
final class TestVaultKeys {

    private static final SecureRandom RANDOM = new SecureRandom();

    private TestVaultKeys() {
    }

    static String newKey() {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** {@code idsAndKeys} alternate: id, base64 key, id, base64 key... */
    static VaultKeys keys(String current, String... idsAndKeys) {
        Map<String, Secret> keys = new LinkedHashMap<>();
        for (int i = 0; i < idsAndKeys.length; i += 2) {
            keys.put(idsAndKeys[i], Secret.of(idsAndKeys[i + 1]));
        }
        return new VaultKeys(current, keys);
    }
}
