package io.ssogate.testkit.tls;

import org.apache.catalina.connector.Connector;
import org.apache.tomcat.util.net.SSLHostConfig;
import org.apache.tomcat.util.net.SSLHostConfigCertificate;

/** Turns an embedded Tomcat connector into an HTTPS one (Tomcat's JSSE implementation) with a test identity. */
public final class TomcatTls {

    private TomcatTls() {
    }

    /** Call before the connector starts. */
    public static void enable(Connector connector, ServerIdentity identity) {
        SSLHostConfig host = new SSLHostConfig();
        SSLHostConfigCertificate certificate = new SSLHostConfigCertificate(host, SSLHostConfigCertificate.Type.UNDEFINED);
        certificate.setCertificateKeystore(identity.toKeyStore());
        certificate.setCertificateKeystorePassword(ServerIdentity.PASSWORD);
        certificate.setCertificateKeyAlias(ServerIdentity.ALIAS);
        certificate.setCertificateKeyPassword(ServerIdentity.PASSWORD);
        host.addCertificate(certificate);
        connector.addSslHostConfig(host);
        connector.setProperty("SSLEnabled", "true");
        connector.setScheme("https");
        connector.setSecure(true);
    }
}
