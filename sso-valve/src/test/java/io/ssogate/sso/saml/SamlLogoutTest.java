package io.ssogate.sso.saml;

import io.ssogate.sso.testing.TestWebContext;

import static io.ssogate.sso.saml.SamlFixture.IDP;
import static io.ssogate.sso.saml.SamlFixture.SLO_URL;
import static io.ssogate.sso.saml.SamlFixture.SP_KEYS;
import static io.ssogate.sso.saml.SamlResponseRefusalTest.assertContains;
import static io.ssogate.sso.saml.SamlSignInTest.queryParameter;
import static io.ssogate.sso.saml.SamlSignInTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.onelogin.saml2.util.Util;
import io.ssogate.sso.config.SamlIdpConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.pac4j.core.config.Config;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.engine.DefaultCallbackLogic;
import org.pac4j.core.exception.CredentialsException;
import org.pac4j.core.exception.http.AutomaticFormPostAction;
import org.pac4j.core.exception.http.FoundAction;
import org.pac4j.core.exception.http.SeeOtherAction;
import org.pac4j.core.profile.factory.ProfileManagerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** Single logout: ours to the IdP, the IdP's answer, and the IdP's own LogoutRequests. */
class SamlLogoutTest {

    static final String NS_DS = "http://www.w3.org/2000/09/xmldsig#";

    @TempDir
    Path dir;
    SamlFixture fixture;
    TestSessionStore browser;
    RecordingLogoutHandler sessions;

    @BeforeEach
    void setUp() {
        fixture = new SamlFixture(dir);
        sessions = new RecordingLogoutHandler();
        fixture.sessionLogoutHandler = sessions;
        browser = new TestSessionStore();
    }

    @Test
    void signInRecordsTheGatewaySessionUnderTheSessionIndex() {
        SamlClient client = fixture.client(fixture.idpConfig(true, SamlIdpConfig.Binding.REDIRECT, true));
        CallContext callback = SamlFixture.callback(browser, TestSamlIdp.encode(IDP.response(SamlFixture.spec(null))));

        var credentials = client.validateCredentials(callback, client.getCredentials(callback).orElseThrow());
        client.getUserProfile(callback, credentials.orElseThrow()).orElseThrow();

        assertEquals(List.of("idp-session-42"), sessions.recorded);
    }

    @Test
    void spInitiatedLogoutSendsASignedLogoutRequestWithNameIdAndSessionIndex() throws Exception {
        SamlClient client = fixture.client();

        FoundAction action = assertInstanceOf(FoundAction.class, logoutAction(client));

        assertTrue(action.getLocation().startsWith(TestSamlIdp.SLO_URL + "?SAMLRequest="));
        Document request = Util.loadXML(Util.base64decodedInflated(queryParameter(action.getLocation(), "SAMLRequest")));
        assertEquals("alice@example.com", single(request, TestSamlIdp.SAML, "NameID").getTextContent());
        assertEquals("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
                single(request, TestSamlIdp.SAML, "NameID").getAttribute("Format"));
        assertEquals("idp-session-42", single(request, TestSamlIdp.SAMLP, "SessionIndex").getTextContent());
        assertEquals(TestSamlIdp.SLO_URL, request.getDocumentElement().getAttribute("Destination"));
        assertEquals(request.getDocumentElement().getAttribute("ID"), browser.values.get(client.logoutRequestIdSessionKey()));
        String query = action.getLocation().substring(action.getLocation().indexOf('?') + 1);
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(SP_KEYS.certificate().getPublicKey());
        verifier.update(query.substring(0, query.indexOf("&Signature=")).getBytes(StandardCharsets.UTF_8));
        assertTrue(verifier.verify(Base64.getDecoder().decode(queryParameter(action.getLocation(), "Signature"))));
    }

    @Test
    void spInitiatedLogoutUsesPostWhenTheIdpOffersOnlyPost() throws Exception {
        fixture.useMetadata(IDP.metadata("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST"));
        SamlClient client = fixture.client();

        AutomaticFormPostAction action = assertInstanceOf(AutomaticFormPostAction.class, logoutAction(client));

        assertEquals(TestSamlIdp.SLO_URL, action.getUrl());
        Document request = Util.loadXML(new String(Base64.getDecoder().decode(action.getData().get("SAMLRequest")),
                StandardCharsets.UTF_8));
        assertEquals("idp-session-42", single(request, TestSamlIdp.SAMLP, "SessionIndex").getTextContent());
        assertTrue(new XMLSignature(single(request, NS_DS, "Signature"), "").checkSignatureValue(SP_KEYS.certificate()));
    }

    @Test
    void theIdpsLogoutResponseSendsTheBrowserToTheSignedOutPage() {
        SamlClient client = fixture.client();
        String ourRequest = logoutRequestId(client);
        String query = IDP.redirectQuery("SAMLResponse", IDP.logoutResponseXml(SLO_URL, ourRequest), null, true);

        Object result = callbackLogic(client, TestWebContext.get(SLO_URL + "&" + query));

        assertEquals(SamlFixture.SIGNED_OUT_URL, assertInstanceOf(FoundAction.class, result).getLocation());
        assertNull(browser.values.get(client.logoutRequestIdSessionKey()), "our request is answered once");
    }

    @Test
    void aLogoutResponseToAnotherRequestIsRefused() {
        SamlClient client = fixture.client();
        logoutRequestId(client);
        String query = IDP.redirectQuery("SAMLResponse", IDP.logoutResponseXml(SLO_URL, "_not-ours"), null, true);

        assertContains(extractionRefusal(client, TestWebContext.get(SLO_URL + "&" + query)), "does not match");
    }

    @Test
    void anIdpLogoutRequestByRedirectEndsTheSessionOfItsSessionIndexAndIsAnswered() {
        SamlClient client = fixture.client();
        String request = IDP.logoutRequestXml(SLO_URL, "alice@example.com", "idp-session-42");
        String query = IDP.redirectQuery("SAMLRequest", request, "idp-state-7", true);

        Object result = callbackLogic(client, TestWebContext.get(SLO_URL + "&" + query));

        assertEquals(List.of("idp-session-42"), sessions.destroyed);
        FoundAction answer = assertInstanceOf(FoundAction.class, result);
        assertTrue(answer.getLocation().startsWith(TestSamlIdp.SLO_URL + "?SAMLResponse="));
        assertEquals("idp-state-7", queryParameter(answer.getLocation(), "RelayState"));
        assertTrue(queryParameter(answer.getLocation(), "Signature") != null, "signing is on: the answer is signed");
        Document response = Util.loadXML(Util.base64decodedInflated(queryParameter(answer.getLocation(), "SAMLResponse")));
        assertEquals(TestSamlIdp.parse(request).getDocumentElement().getAttribute("ID"),
                response.getDocumentElement().getAttribute("InResponseTo"));
        assertEquals("urn:oasis:names:tc:SAML:2.0:status:Success",
                single(response, TestSamlIdp.SAMLP, "StatusCode").getAttribute("Value"));
    }

    @Test
    void anIdpLogoutRequestByPostEndsTheSession() {
        SamlClient client = fixture.client();
        String field = IDP.postField(IDP.logoutRequestXml(SLO_URL, "alice@example.com", "idp-session-42"), true);

        Object result = callbackLogic(client, TestWebContext.post(SLO_URL, Map.of("SAMLRequest", field)));

        assertEquals(List.of("idp-session-42"), sessions.destroyed);
        assertInstanceOf(SeeOtherAction.class, result);
    }

    @Test
    void anIdpLogoutRequestWithoutSessionIndexEndsTheSessionsOfItsNameId() {
        SamlClient client = fixture.client();
        String query = IDP.redirectQuery("SAMLRequest", IDP.logoutRequestXml(SLO_URL, "alice@example.com", null),
                null, true);

        callbackLogic(client, TestWebContext.get(SLO_URL + "&" + query));

        assertEquals(List.of("alice@example.com"), sessions.destroyed);
    }

    @Test
    void anIdpLogoutRequestWithABadSignatureIsRefusedAndEndsNothing() {
        SamlClient client = fixture.client();
        String signed = IDP.redirectQuery("SAMLRequest",
                IDP.logoutRequestXml(SLO_URL, "alice@example.com", "idp-session-42"), null, true);
        String other = IDP.redirectQuery("SAMLRequest",
                IDP.logoutRequestXml(SLO_URL, "bob@example.com", "idp-session-43"), null, true);
        // Bob's request with the signature of Alice's.
        String forged = other.substring(0, other.indexOf("&Signature=")) + signed.substring(signed.indexOf("&Signature="));

        assertContains(extractionRefusal(client, TestWebContext.get(SLO_URL + "&" + forged)), "Signature validation failed");
        assertEquals(List.of(), sessions.destroyed);
    }

    @Test
    void anIdpLogoutRequestWithABadPostSignatureIsRefused() {
        SamlClient client = fixture.client();
        Document request = TestSamlIdp.parse(IDP.logoutRequestXml(SLO_URL, "alice@example.com", "idp-session-42"));
        IDP.sign(request.getDocumentElement());
        single(request, TestSamlIdp.SAMLP, "SessionIndex").setTextContent("idp-session-43");

        String refusal = extractionRefusal(client, TestWebContext.post(SLO_URL,
                Map.of("SAMLRequest", TestSamlIdp.encode(request))));

        assertContains(refusal, "signature validation failed");
    }

    @Test
    void aSignedLogoutRequestWrappedInAnUnsignedOneIsRefused() {
        SamlClient client = fixture.client();
        Document legit = TestSamlIdp.parse(IDP.logoutRequestXml(SLO_URL, "alice@example.com", "idp-session-42"));
        IDP.sign(legit.getDocumentElement());
        Document evil = TestSamlIdp.parse(IDP.logoutRequestXml(SLO_URL, "bob@example.com", "idp-session-43"));
        Element extensions = evil.createElementNS(TestSamlIdp.SAMLP, "samlp:Extensions");
        extensions.appendChild(evil.importNode(legit.getDocumentElement(), true));
        Element root = evil.getDocumentElement();
        root.insertBefore(extensions, TestSamlIdp.firstChild(root, TestSamlIdp.SAML, "NameID"));

        String refusal = extractionRefusal(client, TestWebContext.post(SLO_URL,
                Map.of("SAMLRequest", TestSamlIdp.encode(evil))));

        assertContains(refusal, "exactly one signature, on its root element");
    }

    @Test
    void anUnsignedIdpLogoutRequestIsRefused() {
        SamlClient client = fixture.client();
        String query = IDP.redirectQuery("SAMLRequest",
                IDP.logoutRequestXml(SLO_URL, "alice@example.com", "idp-session-42"), null, false);

        assertContains(extractionRefusal(client, TestWebContext.get(SLO_URL + "&" + query)), "not signed");
    }

    // --- helpers

    private static SamlProfile aliceProfile() {
        return SamlProfile.of(new ValidatedAssertion("_a1", TestSamlIdp.ENTITY_ID, "alice@example.com",
                "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", null, null, "idp-session-42", Map.of()));
    }

    private Object logoutAction(SamlClient client) {
        CallContext ctx = new CallContext(TestWebContext.get("https://127.0.0.1:8443/sso/logout"), browser);
        return client.getLogoutAction(ctx, aliceProfile(), null).orElseThrow();
    }

    private String logoutRequestId(SamlClient client) {
        logoutAction(client);
        return (String) browser.values.get(client.logoutRequestIdSessionKey());
    }

    /** The SLO URL request through pac4j's callback logic, as the gateway routes it. */
    private Object callbackLogic(SamlClient client, WebContext request) {
        Config config = new Config(client);
        config.setWebContextFactory(parameters -> request);
        config.setSessionStoreFactory(parameters -> browser);
        config.setProfileManagerFactory(ProfileManagerFactory.DEFAULT);
        config.setHttpActionAdapter((action, context) -> action);
        return new DefaultCallbackLogic().perform(config, "/", null, null, null);
    }

    private String extractionRefusal(SamlClient client, WebContext request) {
        client.init();
        CallContext ctx = new CallContext(request, browser);
        return assertThrows(CredentialsException.class, () -> client.getCredentialsExtractor().extract(ctx)).getMessage();
    }
}
