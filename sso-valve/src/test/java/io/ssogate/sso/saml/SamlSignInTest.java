package io.ssogate.sso.saml;

import io.ssogate.sso.testing.TestWebContext;

import static io.ssogate.sso.saml.SamlFixture.ACS_URL;
import static io.ssogate.sso.saml.SamlFixture.IDP;
import static io.ssogate.sso.saml.SamlFixture.SP_KEYS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.onelogin.saml2.util.Util;
import io.ssogate.sso.config.SamlIdpConfig;
import io.ssogate.testkit.logs.SecretLeakCheck;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.Signature;
import java.util.Base64;
import java.util.List;
import org.apache.xml.security.signature.XMLSignature;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.pac4j.core.config.Config;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.engine.DefaultCallbackLogic;
import org.pac4j.core.exception.http.AutomaticFormPostAction;
import org.pac4j.core.exception.http.FoundAction;
import org.pac4j.core.exception.http.RedirectionAction;
import org.pac4j.core.exception.http.SeeOtherAction;
import org.pac4j.core.profile.ProfileManager;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.core.profile.factory.ProfileManagerFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** A sign-in through {@link SamlClient}: the AuthnRequest it sends, and the profile a good response gives. */
class SamlSignInTest {

    /** The SP key is handed to the toolkit; nothing may log it, at any level. */
    @RegisterExtension
    static final SecretLeakCheck LEAKS = new SecretLeakCheck(pemBody(SP_KEYS.privateKeyPem()));

    @TempDir
    Path dir;
    SamlFixture fixture;
    TestSessionStore browser;

    @BeforeEach
    void setUp() {
        fixture = new SamlFixture(dir);
        browser = new TestSessionStore();
    }

    @Test
    void aValidSignedResponseSignsInWithNameIdAttributesAndSessionIndex() {
        SamlClient client = fixture.client();
        String requestId = startSignIn(client, null);

        CallContext callback = SamlFixture.callback(browser, TestSamlIdp.encode(IDP.response(SamlFixture.spec(requestId))));
        UserProfile profile = signIn(client, callback);

        SamlProfile saml = assertInstanceOf(SamlProfile.class, profile);
        assertEquals("alice@example.com", saml.getId());
        assertEquals("alice@example.com", saml.nameId());
        assertEquals("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", saml.nameIdFormat());
        assertEquals("idp-session-42", saml.sessionIndex());
        assertEquals(TestSamlIdp.ENTITY_ID, saml.idpEntityId());
        assertEquals("alice@example.com", saml.getAttribute("email"));
        assertEquals(List.of("engineering", "on-call"), saml.getAttribute("groups"));
        assertEquals(SamlFixture.IDP_NAME, saml.getClientName());
        // One use: the request id left the session with the response that answered it.
        assertFalse(browser.values.containsKey(client.requestIdSessionKey()));
    }

    @Test
    void aResponseSignedOnlyAtTheResponseLevelSignsIn() {
        // The Response signature covers the assertion inside it, so IdPs that sign only the Response work.
        SamlClient client = fixture.client();
        String requestId = startSignIn(client, null);
        TestSamlIdp.Spec spec = SamlFixture.spec(requestId);
        spec.signAssertion = false;
        spec.signResponse = true;

        UserProfile profile = signIn(client, SamlFixture.callback(browser, TestSamlIdp.encode(IDP.response(spec))));

        assertEquals("alice@example.com", profile.getId());
    }

    @Test
    void anEncryptedSignedAssertionIsDecryptedWithTheSpKeyAndSignsIn() {
        SamlClient client = fixture.client();
        Document response = IDP.response(SamlFixture.spec(startSignIn(client, null)));
        TestSamlIdp.encryptAssertion(response, SP_KEYS.certificate());
        assertEquals(0, response.getElementsByTagNameNS(TestSamlIdp.SAML, "Assertion").getLength(), "encrypted");

        UserProfile profile = signIn(client, SamlFixture.callback(browser, TestSamlIdp.encode(response)));

        assertEquals("alice@example.com", profile.getId());
        assertEquals("idp-session-42", ((SamlProfile) profile).sessionIndex());
    }

    @Test
    void theCallbackThroughPac4jsCallbackLogicSavesTheProfileInTheSession() {
        SamlClient client = fixture.client();
        String requestId = startSignIn(client, null);
        TestWebContext post = TestWebContext.post(ACS_URL,
                java.util.Map.of("SAMLResponse", TestSamlIdp.encode(IDP.response(SamlFixture.spec(requestId)))));
        Config config = new Config(client);
        config.setWebContextFactory(parameters -> post);
        config.setSessionStoreFactory(parameters -> browser);
        config.setHttpActionAdapter((action, context) -> action);
        config.setProfileManagerFactory(ProfileManagerFactory.DEFAULT);

        Object result = new DefaultCallbackLogic().perform(config, "/after-sign-in", null, null, null);

        assertEquals("/after-sign-in", assertInstanceOf(SeeOtherAction.class, result).getLocation());
        UserProfile saved = new ProfileManager(post, browser).getProfile().orElseThrow();
        assertEquals("alice@example.com", saved.getId());
        assertEquals(SamlFixture.IDP_NAME, saved.getClientName());
    }

    @Test
    void theAuthnRequestCarriesTheLoginHintAsSubjectWhenTheIdpTakesHints() {
        SamlClient client = fixture.client();

        Document request = authnRequest(redirect(client, "bob@example.com"));

        Element subject = single(request, TestSamlIdp.SAML, "Subject");
        Element nameId = single(request, TestSamlIdp.SAML, "NameID");
        assertEquals(subject, nameId.getParentNode());
        assertEquals("bob@example.com", nameId.getTextContent());
        assertEquals("urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress", nameId.getAttribute("Format"));
    }

    @Test
    void theAuthnRequestHasNoSubjectWhenSendLoginHintIsOff() {
        fixture.sendLoginHint = false;
        SamlClient client = fixture.client();

        Document request = authnRequest(redirect(client, "bob@example.com"));

        assertEquals(0, request.getElementsByTagNameNS(TestSamlIdp.SAML, "Subject").getLength());
    }

    @Test
    void theRedirectBindingSendsOurAcsUrlAndAsksForHttpPostAndStoresTheRequestId() {
        SamlClient client = fixture.client();

        FoundAction action = assertInstanceOf(FoundAction.class, redirect(client, null));

        assertTrue(action.getLocation().startsWith(TestSamlIdp.SSO_URL + "?SAMLRequest="));
        Element root = authnRequest(action).getDocumentElement();
        assertEquals(ACS_URL, root.getAttribute("AssertionConsumerServiceURL"));
        assertEquals("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", root.getAttribute("ProtocolBinding"));
        assertEquals(TestSamlIdp.SSO_URL, root.getAttribute("Destination"));
        assertEquals(root.getAttribute("ID"), browser.values.get(client.requestIdSessionKey()));
        assertNull(queryParameter(action.getLocation(), "RelayState"), "the return URL stays in the gateway");
    }

    @Test
    void aSignedRedirectRequestVerifiesWithTheSpCertificate() throws Exception {
        FoundAction action = assertInstanceOf(FoundAction.class, redirect(fixture.client(), null));
        String query = action.getLocation().substring(action.getLocation().indexOf('?') + 1);
        String signed = query.substring(0, query.indexOf("&Signature="));
        byte[] signature = Base64.getDecoder().decode(queryParameter(action.getLocation(), "Signature"));

        assertEquals(TestSamlIdp.RSA_SHA256, queryParameter(action.getLocation(), "SigAlg"));
        assertTrue(verifies(signed, signature));
        // The same signature over another query must not verify, or the check above proves nothing.
        assertFalse(verifies(signed.replace("SigAlg=", "SigAlg=x"), signature));
    }

    @Test
    void withoutSigningTheRedirectRequestCarriesNoSignature() {
        SamlClient client = fixture.client(fixture.idpConfig(false, SamlIdpConfig.Binding.REDIRECT, false));

        FoundAction action = assertInstanceOf(FoundAction.class, redirect(client, null));

        assertNull(queryParameter(action.getLocation(), "Signature"));
        assertNull(queryParameter(action.getLocation(), "SigAlg"));
    }

    @Test
    void thePostBindingAnswersWithAnAutoSubmittingFormCarryingASignedRequest() throws Exception {
        SamlClient client = fixture.client(fixture.idpConfig(true, SamlIdpConfig.Binding.POST, false));

        AutomaticFormPostAction action = assertInstanceOf(AutomaticFormPostAction.class, redirect(client, null));

        assertEquals(TestSamlIdp.SSO_URL, action.getUrl());
        assertTrue(action.getContent().contains("onload=\"document.forms[0].submit()\""));
        String xml = new String(Base64.getDecoder().decode(action.getData().get("SAMLRequest")), StandardCharsets.UTF_8);
        Document request = Util.loadXML(xml);
        assertEquals(ACS_URL, request.getDocumentElement().getAttribute("AssertionConsumerServiceURL"));
        Element signature = single(request, "http://www.w3.org/2000/09/xmldsig#", "Signature");
        assertEquals(request.getDocumentElement(), signature.getParentNode());
        assertTrue(new XMLSignature(signature, "").checkSignatureValue(SP_KEYS.certificate()));
    }

    // --- helpers

    /** Starts a sign-in as the gateway would and returns the AuthnRequest ID it stored. */
    private String startSignIn(SamlClient client, String loginHint) {
        redirect(client, loginHint);
        return (String) browser.values.get(client.requestIdSessionKey());
    }

    private RedirectionAction redirect(SamlClient client, String loginHint) {
        TestWebContext login = TestWebContext.get("https://127.0.0.1:8443/sso/login");
        if (loginHint != null) {
            login.setRequestAttribute(SamlClient.LOGIN_HINT_ATTRIBUTE, loginHint);
        }
        return client.getRedirectionAction(new CallContext(login, browser)).orElseThrow();
    }

    private static UserProfile signIn(SamlClient client, CallContext callback) {
        var credentials = client.getCredentials(callback).orElseThrow();
        var validated = client.getAuthenticator().validate(callback, credentials).orElseThrow();
        return client.getUserProfile(callback, validated).orElseThrow();
    }

    private static Document authnRequest(RedirectionAction action) {
        String location = ((FoundAction) action).getLocation();
        Document document = Util.loadXML(Util.base64decodedInflated(queryParameter(location, "SAMLRequest")));
        assertNotNull(document);
        return document;
    }

    static String queryParameter(String url, String name) {
        for (String pair : url.substring(url.indexOf('?') + 1).split("&")) {
            if (pair.startsWith(name + "=")) {
                return URLDecoder.decode(pair.substring(name.length() + 1), StandardCharsets.UTF_8);
            }
        }
        return null;
    }

    private static boolean verifies(String signedText, byte[] signature) throws Exception {
        Signature verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(SP_KEYS.certificate().getPublicKey());
        verifier.update(signedText.getBytes(StandardCharsets.UTF_8));
        return verifier.verify(signature);
    }

    static Element single(Document document, String namespace, String localName) {
        var nodes = document.getElementsByTagNameNS(namespace, localName);
        assertEquals(1, nodes.getLength(), "exactly one " + localName);
        return (Element) nodes.item(0);
    }

    static String pemBody(String pem) {
        return pem.lines().filter(l -> !l.startsWith("-----")).reduce("", String::concat).substring(0, 64);
    }
}
