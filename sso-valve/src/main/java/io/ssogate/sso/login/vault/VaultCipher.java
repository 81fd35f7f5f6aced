package io.ssogate.sso.login.vault;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.AEADBadTagException;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;

/**
 * AES-256-GCM as the JDK provides it, with a fresh 96-bit random nonce per encryption and a 128-bit tag.
 * The authenticated data binds a ciphertext to its row: the format version, the key id and the Mattermost
 * user id. A ciphertext moved to another user, or relabelled with another key id, fails the tag check.
 * Thread-safe: a {@link Cipher} per call, one shared {@link SecureRandom}.
 */
final class VaultCipher {

    static final String TRANSFORMATION = "AES/GCM/NoPadding";
    static final int NONCE_BYTES = 12;
    static final int TAG_BITS = 128;
    /** Mattermost allows far shorter passwords; the bound keeps the ciphertext within its column. */
    static final int MAX_PLAINTEXT_BYTES = 1024;

    private static final SecureRandom RANDOM = new SecureRandom();

    private VaultCipher() {
    }

    /** A password as stored: base64 nonce and ciphertext (with its tag), under {@code keyId}. */
    record Sealed(String keyId, String nonce, String ciphertext) {
    }

    static Sealed seal(VaultKeys keys, String mattermostUserId, byte[] plaintext) {
        if (plaintext.length > MAX_PLAINTEXT_BYTES) {
            throw new VaultException("the password of Mattermost user " + mattermostUserId + " is longer than "
                    + MAX_PLAINTEXT_BYTES + " bytes; not stored");
        }
        String keyId = keys.currentId();
        SecretKey key = keys.key(keyId).orElseThrow();
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(keyId, mattermostUserId));
            byte[] ciphertext = cipher.doFinal(plaintext);
            Base64.Encoder base64 = Base64.getEncoder();
            return new Sealed(keyId, base64.encodeToString(nonce), base64.encodeToString(ciphertext));
        } catch (GeneralSecurityException e) {
            // AES-GCM is in every JDK: this is a broken runtime, not a bad row.
            throw new IllegalStateException("AES-GCM encryption is not available", e);
        }
    }

    /** The plaintext of {@code sealed}, the row of {@code mattermostUserId}; the caller wipes it after use. */
    static byte[] open(VaultKeys keys, String mattermostUserId, Sealed sealed) {
        SecretKey key = keys.key(sealed.keyId()).orElseThrow(() -> new VaultException("the stored password of"
                + " Mattermost user " + mattermostUserId + " is encrypted with vault key " + sealed.keyId()
                + ", which is not configured: add that key back to the vault's keys (not as current), then"
                + " rotate"));
        byte[] nonce;
        byte[] ciphertext;
        try {
            nonce = Base64.getDecoder().decode(sealed.nonce());
            ciphertext = Base64.getDecoder().decode(sealed.ciphertext());
        } catch (IllegalArgumentException e) {
            throw altered(mattermostUserId, sealed.keyId(), null);
        }
        if (nonce.length != NONCE_BYTES || ciphertext.length < TAG_BITS / 8) {
            throw altered(mattermostUserId, sealed.keyId(), null);
        }
        try {
            Cipher cipher = Cipher.getInstance(TRANSFORMATION);
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(aad(sealed.keyId(), mattermostUserId));
            return cipher.doFinal(ciphertext);
        } catch (AEADBadTagException e) {
            throw altered(mattermostUserId, sealed.keyId(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM decryption is not available", e);
        }
    }

    private static VaultException altered(String mattermostUserId, String keyId, Exception cause) {
        return new VaultException("the stored password of Mattermost user " + mattermostUserId + " does not"
                + " decrypt with vault key " + keyId + ": the row was altered, or copied from another user", cause);
    }

    /**
     * "ssogate-vault-v1|keyId|userId": key ids cannot contain '|' ({@link VaultKeys#ID}), so the parts are
     * unambiguous. The version names this layout, should it ever change.
     */
    private static byte[] aad(String keyId, String mattermostUserId) {
        return ("ssogate-vault-v1|" + keyId + "|" + mattermostUserId).getBytes(StandardCharsets.UTF_8);
    }
}
