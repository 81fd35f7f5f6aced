package io.ssogate.sso.config;

import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Reads the PEM private keys of the {@code sso:} section (unencrypted PKCS#8, RSA). */
public final class PemKeys {

    private PemKeys() {
    }

    /**
     * @throws IllegalArgumentException with a message that never contains the key
     */
    public static PrivateKey rsaPkcs8(String pem) {
        try {
            String body = pem.replaceAll("-----(BEGIN|END) PRIVATE KEY-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (Exception e) {
            throw new IllegalArgumentException("not an unencrypted PKCS#8 RSA private key in PEM");
        }
    }

    static boolean isRsaPkcs8(String pem) {
        try {
            rsaPkcs8(pem);
            return pem.contains("-----BEGIN PRIVATE KEY-----");
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
