package io.ssogate.sso.saml;

import com.onelogin.saml2.authn.SamlResponse;
import com.onelogin.saml2.exception.SettingsException;
import com.onelogin.saml2.exception.ValidationError;
import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.util.Util;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathExpressionException;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;

/**
 * The toolkit's {@link SamlResponse}, with read access to what its own checks use a fixed three-minute
 * allowance for: the time window. The values come from the toolkit's parsed document through its own
 * {@code queryAssertion}, which reads the signed assertion (never a wrapped copy beside it).
 */
final class CheckedSamlResponse extends SamlResponse {

    CheckedSamlResponse(Saml2Settings settings, String currentUrl, String encodedResponse)
            throws XPathExpressionException, ParserConfigurationException, SAXException, IOException,
            SettingsException, ValidationError {
        super(settings, currentUrl, encodedResponse);
    }

    /** The Response's InResponseTo, or null when it has none (an unsolicited response). */
    String inResponseTo() {
        Element root = getSAMLResponseDocument().getDocumentElement();
        return root.hasAttribute("InResponseTo") ? root.getAttribute("InResponseTo") : null;
    }

    Optional<Instant> conditionsNotBefore() throws XPathExpressionException {
        return instantOf(queryAssertion("/saml:Conditions"), "NotBefore");
    }

    Optional<Instant> conditionsNotOnOrAfter() throws XPathExpressionException {
        return instantOf(queryAssertion("/saml:Conditions"), "NotOnOrAfter");
    }

    /** NotBefore of each SubjectConfirmationData that has one. */
    List<Instant> subjectConfirmationNotBefore() throws XPathExpressionException {
        return instantsOf(subjectConfirmationData(), "NotBefore");
    }

    /** NotOnOrAfter of each SubjectConfirmationData that has one. */
    List<Instant> subjectConfirmationNotOnOrAfter() throws XPathExpressionException {
        return instantsOf(subjectConfirmationData(), "NotOnOrAfter");
    }

    private NodeList subjectConfirmationData() throws XPathExpressionException {
        return queryAssertion("/saml:Subject/saml:SubjectConfirmation/saml:SubjectConfirmationData");
    }

    private static Optional<Instant> instantOf(NodeList nodes, String attribute) {
        List<Instant> all = instantsOf(nodes, attribute);
        return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
    }

    private static List<Instant> instantsOf(NodeList nodes, String attribute) {
        List<Instant> instants = new ArrayList<>();
        for (int i = 0; i < nodes.getLength(); i++) {
            Node value = nodes.item(i).getAttributes().getNamedItem(attribute);
            if (value != null) {
                instants.add(Instant.ofEpochMilli(Util.parseDateTime(value.getNodeValue()).getMillis()));
            }
        }
        return instants;
    }
}
