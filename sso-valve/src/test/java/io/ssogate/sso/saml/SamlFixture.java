package io.ssogate.sso.saml;

import io.ssogate.sso.testing.TestWebContext;

import io.ssogate.testkit.time.MutableClock;

import io.ssogate.core.config.Secret;
import io.ssogate.sso.config.SamlIdpConfig;
import io.ssogate.sso.config.SamlServiceProviderConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.logout.handler.SessionLogoutHandler;

/**
 * One SP (the gateway) and one {@link TestSamlIdp}, with the IdP's metadata in a file; keys are made once
 * per test run, since RSA key generation is the slow part.
 */
final class SamlFixture {

    static final String IDP_NAME = "acme";
    static final String ACS_URL = "https://127.0.0.1:8443/sso/callback?client_name=" + IDP_NAME;
    static final String SLO_URL = SamlClientSettings.sloUrlOf(ACS_URL);
    static final String SP_ENTITY_ID = "https://127.0.0.1:8443/sso/saml/metadata";
    static final String SIGNED_OUT_URL = "/sso/signed-out";

    static final TestSamlIdp IDP = new TestSamlIdp();
    static final TestKeys SP_KEYS = TestKeys.create("ssogate test SP");

    final Path dir;
    final Path metadataFile;
    final Path spCertificate;
    final MutableClock clock = new MutableClock(Instant.now());
    final InMemoryReplayGuard replayGuard = new InMemoryReplayGuard();
    Duration clockSkew = Duration.ofMinutes(2);
    boolean sendLoginHint = true;
    SessionLogoutHandler sessionLogoutHandler;

    SamlFixture(Path dir) {
        this.dir = dir;
        try {
            this.metadataFile = Files.writeString(dir.resolve("idp-metadata.xml"), IDP.metadata(), StandardCharsets.UTF_8);
            this.spCertificate = SP_KEYS.writeCertificatePem(dir.resolve("sp.crt"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the IdP's metadata file, e.g. with one whose SLO takes only POST. */
    void useMetadata(String xml) {
        try {
            Files.writeString(metadataFile, xml, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    SamlIdpConfig idpConfig(boolean signRequests, SamlIdpConfig.Binding binding, boolean allowIdpInitiated) {
        return new SamlIdpConfig(null, metadataFile, null, signRequests, binding, allowIdpInitiated);
    }

    SamlServiceProviderConfig serviceProvider() {
        return new SamlServiceProviderConfig(SP_ENTITY_ID, Secret.of(SP_KEYS.privateKeyPem()), spCertificate);
    }

    SamlClientSettings settings(SamlIdpConfig idp) {
        return new SamlClientSettings(IDP_NAME, idp, sendLoginHint, serviceProvider(), SP_ENTITY_ID, ACS_URL, SLO_URL,
                SIGNED_OUT_URL, clockSkew, replayGuard, clock, sessionLogoutHandler);
    }

    SamlClient client(SamlIdpConfig idp) {
        return new SamlClient(settings(idp));
    }

    /** A client that signs its requests, sends them by Redirect and refuses unsolicited responses. */
    SamlClient client() {
        return client(idpConfig(true, SamlIdpConfig.Binding.REDIRECT, false));
    }

    /** A response spec for our ACS URL and entity id, answering {@code inResponseTo}. */
    static TestSamlIdp.Spec spec(String inResponseTo) {
        return new TestSamlIdp.Spec(ACS_URL, SP_ENTITY_ID, inResponseTo);
    }

    /** The IdP posting {@code samlResponse} to the callback, in the browser session {@code store}. */
    static CallContext callback(TestSessionStore store, String samlResponse) {
        return new CallContext(TestWebContext.post(ACS_URL, Map.of("SAMLResponse", samlResponse)), store);
    }
}
