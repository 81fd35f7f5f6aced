package io.ssogate.testkit.emulator;

import io.ssogate.testkit.tls.ServerIdentity;
import io.ssogate.testkit.tls.TestPki;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The emulator as an internal Mattermost behind TLS, with a certificate from a CA made for the test. */
class HttpsModeTest {
    private static final TestPki CA = TestPki.create("emulator test CA");
    private static MattermostEmulator emu;

    @BeforeAll
    static void start() {
        emu = MattermostEmulator.builder().seedDemoUsers()
                .https(CA.issueServer("127.0.0.1", "localhost")).build().start();
    }

    @AfterAll
    static void stop() {
        emu.close();
    }

    @Test
    void servesHttpsToAClientTrustingItsCa() throws Exception {
        assertEquals("https", emu.baseUri().getScheme());
        HttpResponse<String> ping = trusting(CA.caCertificate()).send(
                HttpRequest.newBuilder(emu.baseUri().resolve("/api/v4/system/ping")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, ping.statusCode());
        assertTrue(ping.body().contains("\"status\":\"OK\""), ping.body());
    }

    @Test
    void aClientTrustingAnotherCaRefusesTheCertificate() {
        HttpClient other = trusting(TestPki.create("some other CA").caCertificate());

        assertThrows(SSLHandshakeException.class, () -> other.send(
                HttpRequest.newBuilder(emu.baseUri().resolve("/api/v4/system/ping")).build(),
                HttpResponse.BodyHandlers.ofString()));
    }

    @Test
    void webSocketWorksOverTls() throws Exception {
        String token = emu.createSession(emu.findUser("alice").orElseThrow().id());
        CompletableFuture<String> first = new CompletableFuture<>();
        WebSocket socket = trusting(CA.caCertificate()).newWebSocketBuilder()
                .header("Authorization", "Bearer " + token)
                .buildAsync(URI.create("wss://127.0.0.1:" + emu.port() + "/api/v4/websocket"), new WebSocket.Listener() {
                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        first.complete(data.toString());
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);

        assertTrue(first.get(10, TimeUnit.SECONDS).contains("\"event\":\"hello\""));
        socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye");
    }

    @Test
    void serverIdentityNamesEachSanAndChainsToTheCa() throws Exception {
        ServerIdentity identity = CA.issueServer("127.0.0.1", "localhost");
        X509Certificate leaf = identity.chain()[0];

        leaf.verify(CA.caCertificate().getPublicKey());
        assertEquals(2, leaf.getSubjectAlternativeNames().size());
        assertEquals(-1, leaf.getBasicConstraints(), "a server certificate is no CA");
        assertTrue(CA.caCertificate().getBasicConstraints() >= 0, "the CA certificate is a CA");
    }

    static HttpClient trusting(X509Certificate ca) {
        try {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setCertificateEntry("ca", ca);
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return HttpClient.newBuilder().sslContext(context).build();
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
