package io.ssogate.sso.saml;

import org.pac4j.core.exception.CredentialsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A refused SAML message: one WARN line with the IdP's name and the reason, and the pac4j exception that
 * carries the reason. Reasons name what failed (the toolkit's messages included); never the message, the
 * assertion or a key.
 */
final class SamlRefusals {

    private static final Logger LOG = LoggerFactory.getLogger(SamlRefusals.class);

    private SamlRefusals() {
    }

    static CredentialsException signIn(String idpName, String reason) {
        String clean = clean(reason);
        LOG.warn("SAML sign-in through IdP {} refused: {}", idpName, clean);
        return new CredentialsException("SAML sign-in refused: " + clean);
    }

    static CredentialsException logout(String idpName, String reason) {
        String clean = clean(reason);
        LOG.warn("SAML logout message from IdP {} refused: {}", idpName, clean);
        return new CredentialsException("SAML logout message refused: " + clean);
    }

    /** Toolkit messages quote values from the message (issuer, InResponseTo): no line breaks into the log. */
    private static String clean(String reason) {
        String text = reason == null || reason.isBlank() ? "refused by the SAML toolkit without a reason"
                + " (a deprecated signature algorithm, for one)" : reason;
        return text.replaceAll("[\\p{Cntrl}]", " ");
    }
}
