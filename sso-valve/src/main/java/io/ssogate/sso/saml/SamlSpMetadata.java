package io.ssogate.sso.saml;

import com.onelogin.saml2.settings.Metadata;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import java.security.cert.CertificateEncodingException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The gateway's SP metadata for one IdP, made by the toolkit's {@link Metadata}: the entity id, the ACS URL
 * (HTTP-POST) and the SLO URL (HTTP-Redirect and HTTP-POST) of that IdP's client, the SP certificate for
 * signing and for encryption when a key is configured, {@code AuthnRequestsSigned} (when there is a key)
 * and {@code WantAssertionsSigned="true"}. Per IdP, because the ACS and SLO URLs name the IdP
 * ({@code client_name}); the entity id is the same in each. No validUntil or cacheDuration: IdPs that
 * import it once would otherwise distrust it later.
 */
public final class SamlSpMetadata {

    private final String xml;

    public SamlSpMetadata(SamlClientSettings client) {
        Optional<SamlServiceProviderKeys> keys = SamlServiceProviderKeys.load(client.serviceProvider());
        Map<String, Object> values = new HashMap<>(SamlToolkitSettings.spValues(client, keys));
        values.put(SettingsBuilder.SECURITY_AUTHREQUEST_SIGNED, keys.isPresent());
        values.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_SIGNED, true);
        // Only makes the toolkit publish the certificate for encryption as well; these settings check nothing.
        values.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_ENCRYPTED, keys.isPresent());
        Saml2Settings settings = new SettingsBuilder().fromValues(values).build();
        try {
            this.xml = new WithPostLogout(settings).getMetadataString();
        } catch (CertificateEncodingException e) {
            throw new IllegalArgumentException("the SAML SP certificate cannot be encoded", e);
        }
    }

    /** The metadata document, for {@code application/samlmetadata+xml}. */
    public String xml() {
        return xml;
    }

    /** The toolkit publishes one SingleLogoutService; the SLO URL takes both bindings. */
    private static final class WithPostLogout extends Metadata {

        WithPostLogout(Saml2Settings settings) throws CertificateEncodingException {
            super(settings, null, null);
        }

        @Override
        protected String postProcessXml(String metadataXml, Saml2Settings settings) {
            Document document = Util.loadXML(metadataXml);
            Element redirect = (Element) document.getElementsByTagNameNS(Constants.NS_MD, "SingleLogoutService").item(0);
            Element post = (Element) redirect.cloneNode(false);
            post.setAttribute("Binding", Constants.BINDING_HTTP_POST);
            redirect.getParentNode().insertBefore(post, redirect.getNextSibling());
            return Util.convertDocumentToString(document);
        }
    }
}
