package io.ssogate.sso.saml;

import com.onelogin.saml2.util.Constants;
import com.onelogin.saml2.util.Util;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.commons.text.StringEscapeUtils;
import org.apache.xml.security.exceptions.XMLSecurityException;
import org.pac4j.core.context.WebContext;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.exception.http.RedirectionAction;
import org.pac4j.core.util.HttpActionHelper;
import org.w3c.dom.Document;

/**
 * Sends a SAML message the toolkit made (AuthnRequest, LogoutRequest, LogoutResponse) through the browser,
 * by the HTTP-Redirect or HTTP-POST binding (SAML 2.0 Bindings, §3.4 and §3.5). Signing is the toolkit's:
 * {@link Util#sign} over the Redirect binding's query string, {@link Util#addSign} for the enveloped XML
 * signature of the POST binding.
 */
final class SamlBindings {

    static final String SAML_REQUEST = "SAMLRequest";
    static final String SAML_RESPONSE = "SAMLResponse";
    static final String RELAY_STATE = "RelayState";

    private SamlBindings() {
    }

    /** A message bound for {@code destination}: a redirect, or an auto-submitting form for HTTP-POST. */
    static RedirectionAction send(WebContext context, String binding, String destination, String parameter,
                                  String xml, String relayState, SamlServiceProviderKeys signWith) {
        if (Constants.BINDING_HTTP_POST.equals(binding)) {
            String message = signWith == null ? xml : signXml(xml, signWith);
            Map<String, String> fields = new LinkedHashMap<>();
            fields.put(parameter, Util.base64encoder(message.getBytes(StandardCharsets.UTF_8)));
            if (relayState != null) {
                fields.put(RELAY_STATE, relayState);
            }
            return HttpActionHelper.buildFormPostContentAction(context, autoPostForm(destination, fields));
        }
        return HttpActionHelper.buildRedirectUrlAction(context,
                redirectUrl(destination, parameter, xml, relayState, signWith));
    }

    /** HTTP-Redirect: deflated, base64, URL-encoded; signed over {@code SAMLRequest=..&RelayState=..&SigAlg=..}. */
    static String redirectUrl(String destination, String parameter, String xml, String relayState,
                              SamlServiceProviderKeys signWith) {
        try {
            StringBuilder query = new StringBuilder(parameter).append('=')
                    .append(Util.urlEncoder(Util.deflatedBase64encoded(xml)));
            if (relayState != null) {
                query.append('&').append(RELAY_STATE).append('=').append(Util.urlEncoder(relayState));
            }
            if (signWith != null) {
                query.append("&SigAlg=").append(Util.urlEncoder(SamlToolkitSettings.SIGNATURE_ALGORITHM));
                byte[] signature = Util.sign(query.toString(), signWith.key(), SamlToolkitSettings.SIGNATURE_ALGORITHM);
                query.append("&Signature=").append(Util.urlEncoder(Util.base64encoder(signature)));
            }
            return destination + (destination.contains("?") ? "&" : "?") + query;
        } catch (IOException | GeneralSecurityException e) {
            throw new TechnicalException("cannot encode a SAML message for the Redirect binding ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    private static String signXml(String xml, SamlServiceProviderKeys signWith) {
        Document document = Util.loadXML(xml);
        try {
            return Util.addSign(document, signWith.key(), signWith.certificate(),
                    SamlToolkitSettings.SIGNATURE_ALGORITHM, SamlToolkitSettings.DIGEST_ALGORITHM);
        } catch (XMLSecurityException | javax.xml.xpath.XPathExpressionException e) {
            throw new TechnicalException("cannot sign a SAML message (" + e.getClass().getSimpleName() + ")");
        }
    }

    /**
     * The form in the shape {@link HttpActionHelper#buildFormPostContentAction} recognises, so pac4j hands
     * out an {@code AutomaticFormPostAction} with the URL and fields as well as this page. It submits itself
     * on load; without JavaScript, the button does.
     */
    static String autoPostForm(String destination, Map<String, String> fields) {
        StringBuilder page = new StringBuilder(1024)
                .append("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Signing in</title></head>")
                .append("<body onload=\"document.forms[0].submit()\">")
                .append("<form action=\"").append(StringEscapeUtils.escapeHtml4(destination))
                .append("\" method=\"post\">");
        fields.forEach((name, value) -> page.append("<input type=\"hidden\" name=\"")
                .append(StringEscapeUtils.escapeHtml4(name)).append("\" value=\"")
                .append(StringEscapeUtils.escapeHtml4(value)).append("\"/>"));
        return page.append("<noscript><button type=\"submit\">Continue</button></noscript></form></body></html>")
                .toString();
    }
}
