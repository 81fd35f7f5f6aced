package io.ssogate.sso.saml;

import static io.ssogate.sso.saml.SamlSignInTest.single;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.onelogin.saml2.util.Util;
import io.ssogate.sso.config.SamlIdpConfig;
import io.ssogate.sso.config.SamlServiceProviderConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The SP metadata an IdP administrator imports for one IdP. */
class SamlSpMetadataTest {

    static final String MD = "urn:oasis:names:tc:SAML:2.0:metadata";

    @TempDir
    Path dir;

    @Test
    void theMetadataNamesEntityIdAcsSloByBothBindingsAndTheCertificateForSigningAndEncryption() {
        SamlFixture fixture = new SamlFixture(dir);
        SamlClientSettings settings = fixture.settings(fixture.idpConfig(true, SamlIdpConfig.Binding.REDIRECT, false));

        Document metadata = Util.loadXML(new SamlSpMetadata(settings).xml());

        assertNotNull(metadata, "well-formed");
        assertEquals(SamlFixture.SP_ENTITY_ID, metadata.getDocumentElement().getAttribute("entityID"));
        Element sp = single(metadata, MD, "SPSSODescriptor");
        assertEquals("true", sp.getAttribute("AuthnRequestsSigned"));
        assertEquals("true", sp.getAttribute("WantAssertionsSigned"));
        Element acs = single(metadata, MD, "AssertionConsumerService");
        assertEquals(SamlFixture.ACS_URL, acs.getAttribute("Location"));
        assertEquals("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST", acs.getAttribute("Binding"));
        assertEquals(List.of("urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect=" + SamlFixture.SLO_URL,
                "urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST=" + SamlFixture.SLO_URL), slo(metadata));
        List<String> uses = new ArrayList<>();
        NodeList keys = metadata.getElementsByTagNameNS(MD, "KeyDescriptor");
        for (int i = 0; i < keys.getLength(); i++) {
            Element key = (Element) keys.item(i);
            uses.add(key.getAttribute("use"));
            String certificate = key.getElementsByTagNameNS("http://www.w3.org/2000/09/xmldsig#", "X509Certificate")
                    .item(0).getTextContent().replaceAll("\\s", "");
            assertEquals(SamlFixture.SP_KEYS.certificateBase64(), certificate);
        }
        assertEquals(List.of("signing", "encryption"), uses);
    }

    @Test
    void withoutAKeyTheMetadataHasNoCertificateAndDoesNotPromiseSignedRequests() {
        SamlFixture fixture = new SamlFixture(dir);
        SamlClientSettings keyed = fixture.settings(fixture.idpConfig(false, SamlIdpConfig.Binding.REDIRECT, false));
        SamlClientSettings settings = new SamlClientSettings(keyed.idpName(), keyed.idp(), false,
                new SamlServiceProviderConfig(SamlFixture.SP_ENTITY_ID, null, null), keyed.spEntityId(), keyed.acsUrl(),
                keyed.sloUrl(), keyed.signedOutUrl(), keyed.clockSkew(), keyed.replayGuard(), keyed.clock(), null);

        Document metadata = Util.loadXML(new SamlSpMetadata(settings).xml());

        assertEquals(0, metadata.getElementsByTagNameNS(MD, "KeyDescriptor").getLength());
        assertEquals("false", single(metadata, MD, "SPSSODescriptor").getAttribute("AuthnRequestsSigned"));
    }

    private static List<String> slo(Document metadata) {
        List<String> endpoints = new ArrayList<>();
        NodeList nodes = metadata.getElementsByTagNameNS(MD, "SingleLogoutService");
        for (int i = 0; i < nodes.getLength(); i++) {
            Element e = (Element) nodes.item(i);
            endpoints.add(e.getAttribute("Binding") + "=" + e.getAttribute("Location"));
        }
        return endpoints;
    }
}
