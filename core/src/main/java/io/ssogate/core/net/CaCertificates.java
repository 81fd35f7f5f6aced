package io.ssogate.core.net;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificate authorities an https upstream's certificate must chain to: a PEM file of CA certificates
 * (what an internal CA hands out), or the JVM's trust store. One place, so the HTTP proxy and the WebSocket
 * tunnel trust exactly the same certificates and the configuration check reads the file the same way.
 */
public final class CaCertificates {

    private CaCertificates() {
    }

    /**
     * Reads every certificate in a PEM file ({@code -----BEGIN CERTIFICATE-----} blocks, text around them
     * allowed), as the JDK's X.509 certificate factory does.
     *
     * @throws IOException with a message that names no path (the caller knows which file it asked for)
     *                     when the file cannot be read, holds no certificate, or holds a malformed one
     */
    public static List<X509Certificate> read(Path pemFile) throws IOException {
        Collection<? extends Certificate> certificates;
        try (InputStream in = Files.newInputStream(pemFile)) {
            certificates = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (CertificateException e) {
            throw new IOException("not a PEM file of X.509 certificates", e);
        } catch (IOException e) {
            throw new IOException("cannot read it (" + e.getClass().getSimpleName() + ")", e);
        }
        List<X509Certificate> x509 = new ArrayList<>(certificates.size());
        for (Certificate certificate : certificates) {
            x509.add((X509Certificate) certificate);
        }
        if (x509.isEmpty()) {
            throw new IOException("holds no certificate; expected -----BEGIN CERTIFICATE----- blocks");
        }
        return List.copyOf(x509);
    }

    /**
     * A TLS client context that trusts the certificates in {@code pemFile}, and only those; or, for null,
     * the JVM's default context (its trust store, {@code javax.net.ssl.trustStore} if set). Host name
     * verification is the caller's part: it belongs to each connection, not to the context.
     *
     * @throws IOException as {@link #read}
     */
    public static SSLContext sslContext(Path pemFile) throws IOException {
        try {
            if (pemFile == null) {
                return SSLContext.getDefault();
            }
            KeyStore trusted = KeyStore.getInstance(KeyStore.getDefaultType());
            trusted.load(null, null);
            int alias = 0;
            for (X509Certificate certificate : read(pemFile)) {
                trusted.setCertificateEntry("ca-" + alias++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(trusted);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot build a TLS context from it: " + e.getMessage(), e);
        }
    }
}
