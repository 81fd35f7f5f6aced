package io.ssogate.sso.saml;

import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import io.ssogate.sso.config.SamlServiceProviderConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Optional;

/**
 * The SP's signing and decryption key with its certificate, loaded once from the configuration. Messages
 * about a bad key say what is wrong with it, never anything of its content.
 *
 * @param key         RSA private key; it signs requests and decrypts encrypted assertions
 * @param certificate its certificate, published in the SP metadata
 */
record SamlServiceProviderKeys(PrivateKey key, X509Certificate certificate) {

    /** The key pair of {@code config}, or empty when the configuration has none. */
    static Optional<SamlServiceProviderKeys> load(SamlServiceProviderConfig config) {
        if (!config.hasKey()) {
            return Optional.empty();
        }
        X509Certificate certificate;
        try {
            certificate = Util.loadCert(Files.readString(config.certificateFile(), StandardCharsets.UTF_8));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            throw new IllegalArgumentException("cannot read the SAML SP certificate " + config.certificateFile()
                    + " (" + e.getClass().getSimpleName() + ")");
        }
        PrivateKey key;
        try {
            // reveal(): handed to the toolkit's key loader, and nowhere else.
            key = Util.loadPrivateKey(config.privateKey().reveal());
        } catch (GeneralSecurityException | RuntimeException e) {
            key = null;
        }
        if (key == null) {
            throw new IllegalArgumentException("the SAML SP private key " + config.privateKey()
                    + " is not an RSA key in PEM PKCS#8 form (-----BEGIN PRIVATE KEY-----)");
        }
        requireMatch(key, certificate, config);
        return Optional.of(new SamlServiceProviderKeys(key, certificate));
    }

    /** A key that does not belong to the certificate would sign requests no IdP can verify: refuse it now. */
    private static void requireMatch(PrivateKey key, X509Certificate certificate, SamlServiceProviderConfig config) {
        byte[] probe = "ssogate SAML SP key check".getBytes(StandardCharsets.UTF_8);
        try {
            byte[] signature = Util.sign(new String(probe, StandardCharsets.UTF_8), key, Constants.RSA_SHA256);
            Signature verifier = Signature.getInstance("SHA256withRSA");
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            if (verifier.verify(signature)) {
                return;
            }
        } catch (GeneralSecurityException | RuntimeException e) {
            // falls through to the refusal below
        }
        throw new IllegalArgumentException("the SAML SP private key " + config.privateKey()
                + " does not belong to the certificate " + config.certificateFile());
    }

    @Override
    public String toString() {
        return "SamlServiceProviderKeys[" + certificate.getSubjectX500Principal().getName() + "]";
    }
}
