package io.ssogate.sso.saml;

import com.onelogin.saml2.http.HttpRequest;
import com.onelogin.saml2.logout.LogoutRequest;
import com.onelogin.saml2.logout.LogoutResponse;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.util.Util;
import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.xml.xpath.XPathExpressionException;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.exception.CredentialsException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * Validates the logout messages that arrive at the SLO URL, by either binding:
 * <ul>
 *   <li>an IdP-initiated <b>LogoutRequest</b> must be signed by the IdP (anyone who could send an unsigned
 *       one could end anyone's session), and pass the toolkit's strict checks: destination = our SLO URL,
 *       issuer = the IdP, NotOnOrAfter, XML schema;</li>
 *   <li>a <b>LogoutResponse</b> to our LogoutRequest passes the same checks, its signature is verified when
 *       it has one, and its InResponseTo must be our request's ID when this session still has it. Its only
 *       effect is a redirect to the signed-out page (the gateway session ended before the request was
 *       sent), so an unsigned one is accepted.</li>
 * </ul>
 *
 * <p>The toolkit's {@link LogoutRequest} and {@link LogoutResponse} check the Redirect binding's query
 * signature themselves, but know nothing of the POST binding's enveloped XML signature: for POST, the
 * signature is verified with the toolkit's {@link Util#validateSign} after checking that it is the only one
 * and covers the message's root element (so a signed message wrapped inside another cannot lend its
 * signature), and the message is then handed to the toolkit as if it had come by Redirect, without a
 * query signature.
 */
final class SamlLogoutMessageValidator {

    private final SamlClientSettings client;
    private final SamlToolkitSettings toolkit;

    SamlLogoutMessageValidator(SamlClientSettings client, SamlToolkitSettings toolkit) {
        this.client = client;
        this.toolkit = toolkit;
    }

    SamlLogoutRequestCredentials validateRequest(CallContext ctx) {
        Saml2Settings settings = currentSettings();
        Incoming incoming = incoming(ctx.webContext(), SamlBindings.SAML_REQUEST, "LogoutRequest", settings);
        if (!incoming.signed()) {
            throw refuse("the LogoutRequest is not signed");
        }
        LogoutRequest request = new LogoutRequest(settings, incoming.request());
        if (!request.isValid()) {
            throw refuse(request.getError());
        }
        try {
            String xml = request.getLogoutRequestXml();
            String nameId = LogoutRequest.getNameId(xml, settings.getSPkey());
            List<String> keys = SamlSessionKeys.of(LogoutRequest.getSessionIndexes(xml), nameId);
            return new SamlLogoutRequestCredentials(keys, request.getId(), incoming.relayState());
        } catch (Exception e) {
            throw refuse("the LogoutRequest has no usable NameID (" + e.getClass().getSimpleName() + ")");
        }
    }

    SamlLogoutResponseCredentials validateResponse(CallContext ctx) {
        Saml2Settings settings = currentSettings();
        Incoming incoming = incoming(ctx.webContext(), SamlBindings.SAML_RESPONSE, "LogoutResponse", settings);
        String key = client.idpName() + SamlSessionKeys.LOGOUT_REQUEST_ID_SUFFIX;
        Optional<String> ourRequest = ctx.sessionStore().get(ctx.webContext(), key)
                .filter(String.class::isInstance).map(String.class::cast);
        ourRequest.ifPresent(id -> ctx.sessionStore().set(ctx.webContext(), key, null));
        LogoutResponse response = new LogoutResponse(settings, incoming.request());
        if (!response.isValid(ourRequest.orElse(null))) {
            throw refuse(response.getError());
        }
        try {
            return new SamlLogoutResponseCredentials(response.getStatus());
        } catch (XPathExpressionException e) {
            throw refuse("the LogoutResponse has no readable status");
        }
    }

    /** A logout message, whichever binding brought it, in the form the toolkit takes. */
    private record Incoming(HttpRequest request, boolean signed, String relayState) {
    }

    private Incoming incoming(WebContext context, String parameter, String rootName, Saml2Settings settings) {
        String encoded = context.getRequestParameter(parameter)
                .orElseThrow(() -> refuse("no " + parameter + " parameter"));
        String relayState = context.getRequestParameter(SamlBindings.RELAY_STATE).orElse(null);
        if ("GET".equalsIgnoreCase(context.getRequestMethod())) {
            boolean signed = context.getRequestParameter("Signature").filter(s -> !s.isBlank()).isPresent();
            // The raw query string: the signature covers the parameters exactly as they were encoded.
            HttpRequest request = new HttpRequest(client.sloUrl(), parameters(context),
                    context.getQueryString().orElse(""));
            return new Incoming(request, signed, relayState);
        }
        String xml;
        try {
            xml = new String(Util.base64decoder(encoded), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw refuse("the " + rootName + " is not base64");
        }
        Document document = Util.loadXML(xml);
        if (document == null) {
            throw refuse("the " + rootName + " is not well-formed XML (or has a DTD)");
        }
        boolean signed = verifyEnvelopedSignature(document, rootName, settings);
        try {
            HttpRequest request = new HttpRequest(client.sloUrl(),
                    Map.of(parameter, List.of(Util.deflatedBase64encoded(xml))), "");
            return new Incoming(request, signed, relayState);
        } catch (java.io.IOException e) {
            throw refuse("the " + rootName + " cannot be re-encoded");
        }
    }

    /** Verifies the POST binding's signature; false when the message has none. */
    private boolean verifyEnvelopedSignature(Document document, String rootName, Saml2Settings settings) {
        try {
            Element root = document.getDocumentElement();
            NodeList signatures = Util.query(document, "//ds:Signature");
            if (signatures.getLength() == 0) {
                return false;
            }
            if (signatures.getLength() > 1 || signatures.item(0).getParentNode() != root) {
                throw refuse("the " + rootName + " must carry exactly one signature, on its root element");
            }
            NodeList references = Util.query(null, "ds:SignedInfo/ds:Reference", signatures.item(0));
            String rootId = root.getAttribute("ID");
            String uri = references.getLength() == 1 ? ((Element) references.item(0)).getAttribute("URI") : null;
            if (rootId.isEmpty() || !("#" + rootId).equals(uri) || countIds(document, rootId) != 1) {
                throw refuse("the signature does not cover the " + rootName + " itself");
            }
            if (!Util.validateSign(document, idpCertificates(settings), settings.getIdpCertFingerprint(),
                    settings.getIdpCertFingerprintAlgorithm(), "/samlp:" + rootName + "/ds:Signature",
                    settings.getRejectDeprecatedAlg())) {
                throw refuse("signature validation failed");
            }
            return true;
        } catch (XPathExpressionException e) {
            throw refuse("the signature of the " + rootName + " cannot be found");
        }
    }

    /** Two elements with one ID would let the signature's reference resolve to the other one. */
    private static int countIds(Document document, String id) throws XPathExpressionException {
        NodeList withIds = Util.query(document, "//*[@ID]");
        int count = 0;
        for (int i = 0; i < withIds.getLength(); i++) {
            if (id.equals(((Element) withIds.item(i)).getAttribute("ID"))) {
                count++;
            }
        }
        return count;
    }

    private static List<X509Certificate> idpCertificates(Saml2Settings settings) {
        List<X509Certificate> certificates = new ArrayList<>();
        if (settings.getIdpx509certMulti() != null) {
            certificates.addAll(settings.getIdpx509certMulti());
        }
        if (settings.getIdpx509cert() != null && !certificates.contains(settings.getIdpx509cert())) {
            certificates.add(0, settings.getIdpx509cert());
        }
        return certificates;
    }

    private static Map<String, List<String>> parameters(WebContext context) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        context.getRequestParameters().forEach((name, values) -> parameters.put(name, Arrays.asList(values)));
        return parameters;
    }

    private Saml2Settings currentSettings() {
        try {
            return toolkit.current();
        } catch (RuntimeException e) {
            throw refuse("no usable IdP metadata: " + e.getMessage());
        }
    }

    private CredentialsException refuse(String reason) {
        return SamlRefusals.logout(client.idpName(), reason);
    }
}
