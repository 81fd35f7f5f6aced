package io.ssogate.sso.saml;

import io.ssogate.sso.testing.TestWebContext;

import static io.ssogate.sso.saml.SamlFixture.IDP;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.ssogate.sso.config.SamlIdpConfig;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.exception.CredentialsException;
import org.slf4j.LoggerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Responses that must not sign anyone in. Each is refused with a pac4j {@link CredentialsException} whose
 * message names the reason; where the toolkit and our own checks overlap, the case is built so that the
 * check under test is the one that decides.
 */
class SamlResponseRefusalTest {

    @TempDir
    Path dir;
    SamlFixture fixture;
    TestSessionStore browser;
    ListAppender<ILoggingEvent> refusals;

    @BeforeEach
    void setUp() {
        fixture = new SamlFixture(dir);
        browser = new TestSessionStore();
        refusals = new ListAppender<>();
        refusals.start();
        ((Logger) LoggerFactory.getLogger(SamlRefusals.class)).addAppender(refusals);
    }

    @AfterEach
    void tearDown() {
        ((Logger) LoggerFactory.getLogger(SamlRefusals.class)).detachAppender(refusals);
    }

    @Test
    void anAttributeValueChangedAfterSigningIsRefused() {
        SamlClient client = fixture.client();
        Document response = IDP.response(SamlFixture.spec(startSignIn(client)));
        response.getElementsByTagNameNS(TestSamlIdp.SAML, "AttributeValue").item(1).setTextContent("admins");

        assertContains(refusal(client, response), "Signature validation failed");
    }

    @Test
    void xsw1AnUnsignedResponseWrappingASignedOneIsRefused() {
        // The attacker holds a Response the IdP signed that carries no assertion, wraps it in Extensions of
        // an unsigned Response with an assertion of their own: one assertion in all, and a valid signature.
        SamlClient client = fixture.client();
        String requestId = startSignIn(client);
        TestSamlIdp.Spec signedShell = SamlFixture.spec(requestId);
        signedShell.includeAssertion = false;
        signedShell.signResponse = true;
        Document legit = IDP.response(signedShell);
        TestSamlIdp.Spec evilSpec = SamlFixture.spec(requestId);
        evilSpec.signAssertion = false;
        evilSpec.nameId = "mallory@example.com";
        Document evil = IDP.response(evilSpec);
        Element extensions = evil.createElementNS(TestSamlIdp.SAMLP, "samlp:Extensions");
        extensions.appendChild(evil.importNode(legit.getDocumentElement(), true));
        Element root = evil.getDocumentElement();
        root.insertBefore(extensions, TestSamlIdp.firstChild(root, TestSamlIdp.SAMLP, "Status"));

        assertContains(refusal(client, evil), "Unexpected number of Response signatures");
    }

    @Test
    void xsw3AnEvilAssertionBeforeTheSignedOneIsRefused() {
        SamlClient client = fixture.client();
        Document response = IDP.response(SamlFixture.spec(startSignIn(client)));
        Element signed = assertion(response);
        Element evil = evilCopyOf(signed);
        response.getDocumentElement().insertBefore(evil, signed);

        assertContains(refusal(client, response), "must contain 1 Assertion");
    }

    @Test
    void xsw4AnEvilAssertionWrappingTheSignedOneIsRefused() {
        SamlClient client = fixture.client();
        Document response = IDP.response(SamlFixture.spec(startSignIn(client)));
        Element signed = assertion(response);
        Element evil = evilCopyOf(signed);
        response.getDocumentElement().replaceChild(evil, signed);
        evil.appendChild(signed);

        assertContains(refusal(client, response), "must contain 1 Assertion");
    }

    @Test
    void xsw7TheSignedAssertionMovedIntoExtensionsWithAnEvilOneInItsPlaceIsRefused() {
        SamlClient client = fixture.client();
        Document response = IDP.response(SamlFixture.spec(startSignIn(client)));
        Element signed = assertion(response);
        Element evil = evilCopyOf(signed);
        Element root = response.getDocumentElement();
        root.replaceChild(evil, signed);
        Element extensions = response.createElementNS(TestSamlIdp.SAMLP, "samlp:Extensions");
        extensions.appendChild(signed);
        root.insertBefore(extensions, TestSamlIdp.firstChild(root, TestSamlIdp.SAMLP, "Status"));

        assertContains(refusal(client, response), "must contain 1 Assertion");
    }

    @Test
    void aResponseWithNoSignatureAtAllIsRefused() {
        SamlClient client = fixture.client();
        TestSamlIdp.Spec spec = SamlFixture.spec(startSignIn(client));
        spec.signAssertion = false;

        assertContains(refusal(client, IDP.response(spec)), "No Signature found");
    }

    @Test
    void anAssertionExpiredLongerAgoThanTheClockSkewIsRefused() {
        // 150 s ago: inside the toolkit's fixed 180 s allowance, outside our 120 s, so our check decides.
        SamlClient client = fixture.client();
        TestSamlIdp.Spec spec = SamlFixture.spec(startSignIn(client));
        expireAt(spec, fixture.clock.instant().minusSeconds(150));

        assertContains(refusal(client, IDP.response(spec)), "has expired");
    }

    @Test
    void anAssertionExpiredWithinTheClockSkewIsAccepted() {
        SamlClient client = fixture.client();
        TestSamlIdp.Spec spec = SamlFixture.spec(startSignIn(client));
        expireAt(spec, fixture.clock.instant().minusSeconds(60));

        assertEquals("alice@example.com", accept(client, IDP.response(spec)).getUserProfile().getId());
    }

    @Test
    void anAssertionNotValidYetBeyondTheClockSkewIsRefused() {
        SamlClient client = fixture.client();
        TestSamlIdp.Spec spec = SamlFixture.spec(startSignIn(client));
        spec.notBefore = fixture.clock.instant().plusSeconds(150);

        assertContains(refusal(client, IDP.response(spec)), "not valid yet");
    }

    @Test
    void theSameAssertionTwiceIsRefusedAsAReplay() {
        // Unsolicited, so that no one-use request id stands between the two attempts: the guard decides.
        SamlClient client = fixture.client(fixture.idpConfig(true, SamlIdpConfig.Binding.REDIRECT, true));
        Document response = IDP.response(SamlFixture.spec(null));
        accept(client, response);

        assertContains(refusal(client, response), "already used (replay)");
    }

    @Test
    void anAssertionUsedOnOneNodeIsRefusedOnAnotherSharingTheReplayGuard() {
        SamlIdpConfig idp = fixture.idpConfig(true, SamlIdpConfig.Binding.REDIRECT, true);
        SamlClient nodeA = fixture.client(idp);
        SamlClient nodeB = fixture.client(idp);
        Document response = IDP.response(SamlFixture.spec(null));
        accept(nodeA, response);

        browser = new TestSessionStore();
        assertContains(refusal(nodeB, response), "already used (replay)");
    }

    @Test
    void theReplayGuardKeepsAnAssertionUntilItsWindowClosesPlusTheSkew() {
        SamlClient client = fixture.client(fixture.idpConfig(true, SamlIdpConfig.Binding.REDIRECT, true));
        TestSamlIdp.Spec spec = SamlFixture.spec(null);
        accept(client, IDP.response(spec));

        Instant kept = fixture.replayGuard.used.get(SamlFixture.IDP_NAME + "|" + spec.assertionId);
        assertEquals(spec.notOnOrAfter.plus(fixture.clockSkew), kept);
    }

    @Test
    void aSolicitedResponseCannotBeUsedTwiceBecauseItsRequestIdIsUsedUp() {
        SamlClient client = fixture.client();
        Document response = IDP.response(SamlFixture.spec(startSignIn(client)));
        accept(client, response);

        assertContains(refusal(client, response), "no request in flight");
    }

    @Test
    void anotherAudienceIsRefused() {
        SamlClient client = fixture.client();
        TestSamlIdp.Spec spec = SamlFixture.spec(startSignIn(client));
        spec.audience = "https://127.0.0.1/some-other-sp";

        assertContains(refusal(client, IDP.response(spec)), "is not a valid audience");
    }

    @Test
    void anotherDestinationIsRefused() {
        SamlClient client = fixture.client();
        TestSamlIdp.Spec spec = SamlFixture.spec(startSignIn(client));
        spec.destination = "https://127.0.0.1:8443/sso/callback?client_name=other";

        assertContains(refusal(client, IDP.response(spec)), "was received at");
    }

    @Test
    void anotherRecipientIsRefused() {
        SamlClient client = fixture.client();
        TestSamlIdp.Spec spec = SamlFixture.spec(startSignIn(client));
        spec.recipient = "https://127.0.0.1:8443/sso/callback?client_name=other";

        assertContains(refusal(client, IDP.response(spec)), "doesn't match a valid Recipient");
    }

    @Test
    void anUnsolicitedResponseIsRefusedWhenIdpInitiatedSignInIsOff() {
        SamlClient client = fixture.client();

        assertContains(refusal(client, IDP.response(SamlFixture.spec(null))), "unsolicited response");
    }

    @Test
    void anUnsolicitedResponseSignsInWhenIdpInitiatedSignInIsAllowed() {
        SamlClient client = fixture.client(fixture.idpConfig(true, SamlIdpConfig.Binding.REDIRECT, true));

        assertEquals("alice@example.com", accept(client, IDP.response(SamlFixture.spec(null))).getUserProfile().getId());
    }

    @Test
    void aResponseToAnotherRequestThanTheStoredOneIsRefused() {
        SamlClient client = fixture.client(fixture.idpConfig(true, SamlIdpConfig.Binding.REDIRECT, true));
        startSignIn(client);

        assertContains(refusal(client, IDP.response(SamlFixture.spec("_someone-elses-request"))), "not the one this session sent");
    }

    @Test
    void aRefusalLogsOneWarnLineWithTheIdpAndTheReasonAndNothingOfTheAssertion() {
        SamlClient client = fixture.client();
        TestSamlIdp.Spec spec = SamlFixture.spec(startSignIn(client));
        spec.audience = "https://127.0.0.1/some-other-sp";
        refusal(client, IDP.response(spec));

        List<ILoggingEvent> warnings = refusals.list.stream().filter(e -> e.getLevel() == Level.WARN).toList();
        assertEquals(1, warnings.size());
        String line = warnings.get(0).getFormattedMessage();
        assertContains(line, SamlFixture.IDP_NAME);
        assertContains(line, "is not a valid audience");
        assertFalse(line.contains(spec.nameId) || line.contains(spec.assertionId), line);
    }

    @Test
    void aSamlResponseInTheQueryStringIsRefused() {
        SamlClient client = fixture.client();
        String encoded = TestSamlIdp.encode(IDP.response(SamlFixture.spec(startSignIn(client))));
        CallContext get = new CallContext(TestWebContext.get(SamlFixture.ACS_URL + "&SAMLResponse="
                + TestSamlIdp.url(encoded)), browser);

        client.init();
        CredentialsException refused = assertThrows(CredentialsException.class,
                () -> client.getCredentialsExtractor().extract(get));
        assertContains(refused.getMessage(), "must come by HTTP-POST");
    }

    // --- helpers

    static void assertContains(String text, String part) {
        assertTrue(text != null && text.contains(part), "expected \"" + part + "\" in: " + text);
    }

    private String startSignIn(SamlClient client) {
        client.getRedirectionAction(new CallContext(TestWebContext.get("https://127.0.0.1:8443/sso/login"), browser));
        return (String) browser.values.get(client.requestIdSessionKey());
    }

    private Credentials accept(SamlClient client, Document response) {
        client.init();
        CallContext callback = SamlFixture.callback(browser, TestSamlIdp.encode(response));
        return client.getAuthenticator().validate(callback, client.getCredentials(callback).orElseThrow()).orElseThrow();
    }

    /** The refusal's message; fails the test if the response is accepted. */
    private String refusal(SamlClient client, Document response) {
        client.init();
        CallContext callback = SamlFixture.callback(browser, TestSamlIdp.encode(response));
        Credentials credentials = client.getCredentials(callback).orElseThrow();
        return assertThrows(CredentialsException.class,
                () -> client.getAuthenticator().validate(callback, credentials)).getMessage();
    }

    private static Element assertion(Document response) {
        return TestSamlIdp.firstChild(response.getDocumentElement(), TestSamlIdp.SAML, "Assertion");
    }

    /** The signed assertion's twin with another id and subject and no signature: what an attacker writes. */
    private static Element evilCopyOf(Element signed) {
        Element evil = (Element) signed.cloneNode(true);
        evil.setAttribute("ID", "_evil");
        evil.removeChild(TestSamlIdp.firstChild(evil, "http://www.w3.org/2000/09/xmldsig#", "Signature"));
        Element subject = TestSamlIdp.firstChild(evil, TestSamlIdp.SAML, "Subject");
        TestSamlIdp.firstChild(subject, TestSamlIdp.SAML, "NameID").setTextContent("mallory@example.com");
        return evil;
    }

    private static void expireAt(TestSamlIdp.Spec spec, Instant end) {
        spec.issued = end.minusSeconds(600);
        spec.notBefore = spec.issued;
        spec.notOnOrAfter = end;
        spec.confirmationNotOnOrAfter = end;
    }
}
