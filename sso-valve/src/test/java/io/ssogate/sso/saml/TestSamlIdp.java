package io.ssogate.sso.saml;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Signature;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import org.apache.xml.security.signature.XMLSignature;
import org.apache.xml.security.transforms.Transforms;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.InputSource;

/**
 * A tiny SAML IdP for tests: its own key and certificate, its metadata, and Responses, LogoutRequests and
 * LogoutResponses built from string templates and signed with Santuario, as an IdP would. Tests change a
 * message (as an attacker would) between building and encoding it. Every URL is on the loopback address
 * and never contacted.
 */
final class TestSamlIdp {

    static final String ENTITY_ID = "http://127.0.0.1/idp";
    static final String SSO_URL = "http://127.0.0.1/idp/sso";
    static final String SLO_URL = "http://127.0.0.1/idp/slo";
    static final String SAMLP = "urn:oasis:names:tc:SAML:2.0:protocol";
    static final String SAML = "urn:oasis:names:tc:SAML:2.0:assertion";
    static final String RSA_SHA256 = "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";

    static {
        org.apache.xml.security.Init.init();
    }

    final TestKeys keys;

    TestSamlIdp() {
        this(TestKeys.create("test IdP"));
    }

    TestSamlIdp(TestKeys keys) {
        this.keys = keys;
    }

    /** Metadata with SSO by Redirect and POST, and SLO by {@code sloBinding} (null: no SLO). */
    String metadata(String sloBinding) {
        String slo = sloBinding == null ? "" : "<md:SingleLogoutService Binding=\"" + sloBinding + "\" Location=\""
                + SLO_URL + "\"/>";
        return "<md:EntityDescriptor xmlns:md=\"urn:oasis:names:tc:SAML:2.0:metadata\" entityID=\"" + ENTITY_ID + "\">"
                + "<md:IDPSSODescriptor protocolSupportEnumeration=\"urn:oasis:names:tc:SAML:2.0:protocol\">"
                + "<md:KeyDescriptor use=\"signing\"><ds:KeyInfo xmlns:ds=\"http://www.w3.org/2000/09/xmldsig#\">"
                + "<ds:X509Data><ds:X509Certificate>" + keys.certificateBase64() + "</ds:X509Certificate>"
                + "</ds:X509Data></ds:KeyInfo></md:KeyDescriptor>" + slo
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect\" Location=\""
                + SSO_URL + "\"/>"
                + "<md:SingleSignOnService Binding=\"urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST\" Location=\""
                + SSO_URL + "\"/>"
                + "</md:IDPSSODescriptor></md:EntityDescriptor>";
    }

    String metadata() {
        return metadata("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect");
    }

    /** What goes into one Response; tests change fields before {@link #response}. */
    static final class Spec {
        String responseId = "_r" + UUID.randomUUID();
        String assertionId = "_a" + UUID.randomUUID();
        String issuer = ENTITY_ID;
        String inResponseTo;
        String destination;
        String recipient;
        String audience;
        Instant issued = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Instant notBefore = issued.minusSeconds(30);
        Instant notOnOrAfter = issued.plusSeconds(300);
        Instant confirmationNotOnOrAfter = issued.plusSeconds(300);
        String nameId = "alice@example.com";
        String sessionIndex = "idp-session-42";
        Map<String, List<String>> attributes = new LinkedHashMap<>(Map.of(
                "email", List.of("alice@example.com"),
                "groups", List.of("engineering", "on-call")));
        boolean includeAssertion = true;
        boolean signAssertion = true;
        boolean signResponse = false;

        Spec(String acsUrl, String audience, String inResponseTo) {
            this.destination = acsUrl;
            this.recipient = acsUrl;
            this.audience = audience;
            this.inResponseTo = inResponseTo;
        }
    }

    /** The Response as a DOM, signed as the spec says (assertion first, so a Response signature covers it). */
    Document response(Spec spec) {
        String inResponseTo = spec.inResponseTo == null ? "" : " InResponseTo=\"" + spec.inResponseTo + "\"";
        StringBuilder attributes = new StringBuilder();
        spec.attributes.forEach((name, values) -> {
            attributes.append("<saml:Attribute Name=\"").append(name).append("\">");
            values.forEach(v -> attributes.append("<saml:AttributeValue>").append(v).append("</saml:AttributeValue>"));
            attributes.append("</saml:Attribute>");
        });
        String assertion = !spec.includeAssertion ? "" : "<saml:Assertion ID=\"" + spec.assertionId
                + "\" Version=\"2.0\" IssueInstant=\"" + spec.issued + "\">"
                + "<saml:Issuer>" + spec.issuer + "</saml:Issuer>"
                + "<saml:Subject><saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">"
                + spec.nameId + "</saml:NameID>"
                + "<saml:SubjectConfirmation Method=\"urn:oasis:names:tc:SAML:2.0:cm:bearer\">"
                + "<saml:SubjectConfirmationData NotOnOrAfter=\"" + spec.confirmationNotOnOrAfter + "\" Recipient=\""
                + xml(spec.recipient) + "\"" + inResponseTo + "/></saml:SubjectConfirmation></saml:Subject>"
                + "<saml:Conditions NotBefore=\"" + spec.notBefore + "\" NotOnOrAfter=\"" + spec.notOnOrAfter + "\">"
                + "<saml:AudienceRestriction><saml:Audience>" + spec.audience + "</saml:Audience>"
                + "</saml:AudienceRestriction></saml:Conditions>"
                + "<saml:AuthnStatement AuthnInstant=\"" + spec.issued + "\" SessionIndex=\"" + spec.sessionIndex
                + "\"><saml:AuthnContext><saml:AuthnContextClassRef>"
                + "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport"
                + "</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>"
                + "<saml:AttributeStatement>" + attributes + "</saml:AttributeStatement></saml:Assertion>";
        String xml = "<samlp:Response xmlns:samlp=\"" + SAMLP + "\" xmlns:saml=\"" + SAML + "\" ID=\""
                + spec.responseId + "\" Version=\"2.0\" IssueInstant=\"" + spec.issued + "\" Destination=\""
                + xml(spec.destination) + "\"" + inResponseTo + ">"
                + "<saml:Issuer>" + spec.issuer + "</saml:Issuer>"
                + "<samlp:Status><samlp:StatusCode Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status>"
                + assertion + "</samlp:Response>";
        Document document = parse(xml);
        if (spec.includeAssertion && spec.signAssertion) {
            sign(firstChild(document.getDocumentElement(), SAML, "Assertion"));
        }
        if (spec.signResponse) {
            sign(document.getDocumentElement());
        }
        return document;
    }

    /**
     * Replaces the (signed) assertion with an EncryptedAssertion for {@code recipient}: AES-128-GCM content,
     * its key wrapped with RSA-OAEP, as IdPs encrypt for an SP.
     */
    static void encryptAssertion(Document response, java.security.cert.X509Certificate recipient) {
        try {
            Element assertion = firstChild(response.getDocumentElement(), SAML, "Assertion");
            javax.crypto.KeyGenerator generator = javax.crypto.KeyGenerator.getInstance("AES");
            generator.init(128);
            javax.crypto.SecretKey contentKey = generator.generateKey();
            org.apache.xml.security.encryption.XMLCipher keyCipher = org.apache.xml.security.encryption.XMLCipher
                    .getInstance(org.apache.xml.security.encryption.XMLCipher.RSA_OAEP);
            keyCipher.init(org.apache.xml.security.encryption.XMLCipher.WRAP_MODE, recipient.getPublicKey());
            var encryptedKey = keyCipher.encryptKey(response, contentKey);
            org.apache.xml.security.encryption.XMLCipher cipher = org.apache.xml.security.encryption.XMLCipher
                    .getInstance(org.apache.xml.security.encryption.XMLCipher.AES_128_GCM);
            cipher.init(org.apache.xml.security.encryption.XMLCipher.ENCRYPT_MODE, contentKey);
            var keyInfo = new org.apache.xml.security.keys.KeyInfo(response);
            keyInfo.add(encryptedKey);
            cipher.getEncryptedData().setKeyInfo(keyInfo);
            Element wrapper = response.createElementNS(SAML, "saml:EncryptedAssertion");
            response.getDocumentElement().replaceChild(wrapper, assertion);
            wrapper.appendChild(assertion);
            cipher.doFinal(response, assertion, false);
        } catch (Exception e) {
            throw new IllegalStateException("cannot encrypt", e);
        }
    }

    /** The {@code SAMLResponse} form field for a Response. */
    static String encode(Document document) {
        return Base64.getEncoder().encodeToString(serialize(document).getBytes(StandardCharsets.UTF_8));
    }

    /** An IdP-initiated LogoutRequest (unsigned XML). */
    String logoutRequestXml(String destination, String nameId, String sessionIndex) {
        return "<samlp:LogoutRequest xmlns:samlp=\"" + SAMLP + "\" xmlns:saml=\"" + SAML + "\" ID=\"_l"
                + UUID.randomUUID() + "\" Version=\"2.0\" IssueInstant=\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + "\" Destination=\"" + xml(destination) + "\"><saml:Issuer>" + ENTITY_ID + "</saml:Issuer>"
                + "<saml:NameID Format=\"urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress\">" + nameId
                + "</saml:NameID>"
                + (sessionIndex == null ? "" : "<samlp:SessionIndex>" + sessionIndex + "</samlp:SessionIndex>")
                + "</samlp:LogoutRequest>";
    }

    /** A LogoutResponse to {@code inResponseTo} (unsigned XML). */
    String logoutResponseXml(String destination, String inResponseTo) {
        return "<samlp:LogoutResponse xmlns:samlp=\"" + SAMLP + "\" xmlns:saml=\"" + SAML + "\" ID=\"_lr"
                + UUID.randomUUID() + "\" Version=\"2.0\" IssueInstant=\"" + Instant.now().truncatedTo(ChronoUnit.SECONDS)
                + "\" Destination=\"" + xml(destination) + "\" InResponseTo=\"" + inResponseTo + "\"><saml:Issuer>"
                + ENTITY_ID + "</saml:Issuer><samlp:Status><samlp:StatusCode"
                + " Value=\"urn:oasis:names:tc:SAML:2.0:status:Success\"/></samlp:Status></samlp:LogoutResponse>";
    }

    /** The HTTP-Redirect query string for a message: deflated, base64, signed with the IdP key when asked. */
    String redirectQuery(String parameter, String xml, String relayState, boolean sign) {
        StringBuilder query = new StringBuilder(parameter).append('=').append(url(deflate(xml)));
        if (relayState != null) {
            query.append("&RelayState=").append(url(relayState));
        }
        if (sign) {
            query.append("&SigAlg=").append(url(RSA_SHA256));
            try {
                Signature signer = Signature.getInstance("SHA256withRSA");
                signer.initSign(keys.pair().getPrivate());
                signer.update(query.toString().getBytes(StandardCharsets.UTF_8));
                query.append("&Signature=").append(url(Base64.getEncoder().encodeToString(signer.sign())));
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return query.toString();
    }

    /** The HTTP-POST form field for a message, with an enveloped signature by the IdP key when asked. */
    String postField(String xml, boolean sign) {
        Document document = parse(xml);
        if (sign) {
            sign(document.getDocumentElement());
        }
        return encode(document);
    }

    /** Signs {@code element} as SAML IdPs do: enveloped, exclusive c14n, RSA-SHA256, after its Issuer. */
    void sign(Element element) {
        try {
            Document document = element.getOwnerDocument();
            element.setIdAttributeNS(null, "ID", true);
            XMLSignature signature = new XMLSignature(document, "", XMLSignature.ALGO_ID_SIGNATURE_RSA_SHA256,
                    Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            Element issuer = firstChild(element, SAML, "Issuer");
            element.insertBefore(signature.getElement(), issuer.getNextSibling());
            Transforms transforms = new Transforms(document);
            transforms.addTransform(Transforms.TRANSFORM_ENVELOPED_SIGNATURE);
            transforms.addTransform(Transforms.TRANSFORM_C14N_EXCL_OMIT_COMMENTS);
            signature.addDocument("#" + element.getAttribute("ID"), transforms,
                    "http://www.w3.org/2001/04/xmlenc#sha256");
            signature.addKeyInfo(keys.certificate());
            signature.sign(keys.pair().getPrivate());
        } catch (Exception e) {
            throw new IllegalStateException("cannot sign", e);
        }
    }

    static Element firstChild(Element parent, String namespace, String localName) {
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && namespace.equals(e.getNamespaceURI()) && localName.equals(e.getLocalName())) {
                return e;
            }
        }
        throw new IllegalArgumentException("no " + localName + " in " + parent.getLocalName());
    }

    static Document parse(String xml) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            return factory.newDocumentBuilder().parse(new InputSource(new StringReader(xml)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String serialize(Document document) {
        try {
            var out = new java.io.StringWriter();
            TransformerFactory.newInstance().newTransformer().transform(new DOMSource(document), new StreamResult(out));
            return out.toString();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String deflate(String xml) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DeflaterOutputStream out = new DeflaterOutputStream(bytes, new Deflater(Deflater.DEFLATED, true))) {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
        return Base64.getEncoder().encodeToString(bytes.toByteArray());
    }

    /** For URLs in attributes: SLO URLs carry {@code &}. */
    static String xml(String text) {
        return text.replace("&", "&amp;");
    }

    static String url(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
