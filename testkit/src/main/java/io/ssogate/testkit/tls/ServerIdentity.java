package io.ssogate.testkit.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;

/**
 * A TLS server's private key and certificate chain (leaf first), as {@link TestPki#issueServer} makes
 * them. Plain JDK types only, so a server (the emulator) can take one without BouncyCastle on its path.
 */
public record ServerIdentity(PrivateKey key, X509Certificate[] chain) {

    /** Alias of the key entry in {@link #toKeyStore()}. */
    public static final String ALIAS = "server";
    /** Password of that key store and its key entry; a test fixture's, guarding nothing. */
    public static final String PASSWORD = "changeit";

    public ServerIdentity {
        chain = chain.clone();
    }

    @Override
    public X509Certificate[] chain() {
        return chain.clone();
    }

    /** An in-memory PKCS#12 key store holding the key under {@link #ALIAS}, protected by {@link #PASSWORD}. */
    public KeyStore toKeyStore() {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, PASSWORD.toCharArray(), chain);
            return store;
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot build a key store for the test server identity", e);
        }
    }

    @Override
    public String toString() {
        return "ServerIdentity[" + chain[0].getSubjectX500Principal().getName() + "]";
    }
}
