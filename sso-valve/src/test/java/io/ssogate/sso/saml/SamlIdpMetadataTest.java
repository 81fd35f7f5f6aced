package io.ssogate.sso.saml;

import io.ssogate.testkit.time.MutableClock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.sun.net.httpserver.HttpServer;
import io.ssogate.sso.config.SamlIdpConfig;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/** IdP metadata from a file, and from a URL that is fetched again and may fail. */
class SamlIdpMetadataTest {

    static final TestSamlIdp ROTATED = new TestSamlIdp(TestKeys.create("test IdP next key"));

    @TempDir
    Path dir;
    HttpServer server;
    final AtomicReference<String> served = new AtomicReference<>(SamlFixture.IDP.metadata());
    final AtomicInteger status = new AtomicInteger(200);
    final AtomicInteger fetches = new AtomicInteger();
    final MutableClock clock = new MutableClock(Instant.now());
    ListAppender<ILoggingEvent> logs;

    @BeforeEach
    void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/metadata", exchange -> {
            fetches.incrementAndGet();
            byte[] body = served.get().getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status.get(), body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        logs = new ListAppender<>();
        logs.start();
        ((Logger) LoggerFactory.getLogger(SamlIdpMetadata.class)).addAppender(logs);
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
        ((Logger) LoggerFactory.getLogger(SamlIdpMetadata.class)).detachAppender(logs);
    }

    @Test
    void metadataFromAFileGivesTheIdpsEntityIdEndpointsAndCertificate() throws IOException {
        Path file = Files.writeString(dir.resolve("idp.xml"), SamlFixture.IDP.metadata());
        SamlIdpMetadata metadata = new SamlIdpMetadata("acme", new SamlIdpConfig(null, file, null, false,
                SamlIdpConfig.Binding.POST, false), clock);

        SamlIdpMetadata.Snapshot snapshot = metadata.current();

        assertEquals(TestSamlIdp.ENTITY_ID, snapshot.entityId());
        assertEquals(TestSamlIdp.SSO_URL, snapshot.values().get(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_URL_PROPERTY_KEY));
        assertEquals("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST",
                snapshot.values().get(SettingsBuilder.IDP_SINGLE_SIGN_ON_SERVICE_BINDING_PROPERTY_KEY));
        assertEquals(TestSamlIdp.SLO_URL, snapshot.values().get(SettingsBuilder.IDP_SINGLE_LOGOUT_SERVICE_URL_PROPERTY_KEY));
        assertEquals(SamlFixture.IDP.keys.certificateBase64(), snapshot.values().get(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY));
    }

    @Test
    void metadataWithoutASigningCertificateIsRefused() throws IOException {
        Path file = Files.writeString(dir.resolve("idp.xml"),
                SamlFixture.IDP.metadata().replaceAll("<md:KeyDescriptor.*</md:KeyDescriptor>", ""));
        SamlIdpMetadata metadata = new SamlIdpMetadata("acme", new SamlIdpConfig(null, file, null, false, null, false),
                clock);

        RuntimeException refused = assertThrows(RuntimeException.class, metadata::current);
        assertTrue(refused.getMessage().contains("no signing certificate"), refused.getMessage());
    }

    @Test
    void metadataFromAUrlIsFetchedOnceUntilTheRefreshIsDue() {
        SamlIdpMetadata metadata = fromUrl();

        SamlIdpMetadata.Snapshot first = metadata.current();
        clock.advance(Duration.ofMinutes(59));
        assertSame(first, metadata.current());
        assertEquals(1, fetches.get());

        served.set(ROTATED.metadata());
        clock.advance(Duration.ofMinutes(2));
        assertEquals(ROTATED.keys.certificateBase64(),
                metadata.current().values().get(SettingsBuilder.IDP_X509CERT_PROPERTY_KEY), "the refresh takes the new key");
        assertEquals(2, fetches.get());
    }

    @Test
    void aFailedRefreshKeepsTheLastGoodCopyAndSaysSo() {
        SamlIdpMetadata metadata = fromUrl();
        SamlIdpMetadata.Snapshot good = metadata.current();

        status.set(500);
        clock.advance(Duration.ofHours(2));

        assertSame(good, metadata.current());
        assertEquals(2, fetches.get());
        assertTrue(logs.list.stream().anyMatch(e -> e.getLevel() == Level.WARN
                && e.getFormattedMessage().contains("refresh") && e.getFormattedMessage().contains("HTTP status 500")
                && e.getFormattedMessage().contains("keeping the copy")), () -> logs.list.toString());
        // Not again on every sign-in: the next attempt waits a minute.
        metadata.current();
        assertEquals(2, fetches.get());
    }

    @Test
    void aFailedRefreshToBrokenXmlAlsoKeepsTheLastGoodCopy() {
        SamlIdpMetadata metadata = fromUrl();
        SamlIdpMetadata.Snapshot good = metadata.current();

        served.set("<html>maintenance</html>");
        clock.advance(Duration.ofHours(2));

        assertSame(good, metadata.current());
    }

    @Test
    void aClientSignsInWithMetadataFromAUrl() {
        SamlFixture fixture = new SamlFixture(dir);
        SamlIdpConfig idp = new SamlIdpConfig(metadataUrl(), null, null, true, SamlIdpConfig.Binding.REDIRECT, true);
        SamlClient client = new SamlClient(fixture.settings(idp));
        var callback = SamlFixture.callback(new TestSessionStore(),
                TestSamlIdp.encode(SamlFixture.IDP.response(SamlFixture.spec(null))));

        var credentials = client.validateCredentials(callback, client.getCredentials(callback).orElseThrow());

        assertEquals("alice@example.com", credentials.orElseThrow().getUserProfile().getId());
    }

    private SamlIdpMetadata fromUrl() {
        return new SamlIdpMetadata("acme", new SamlIdpConfig(metadataUrl(), null, Duration.ofHours(1), false, null,
                false), clock);
    }

    private URI metadataUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/metadata");
    }
}
