package io.ssogate.sso.saml;

import java.util.List;
import java.util.Map;

/**
 * What a response that passed every check says about the person; only {@link SamlResponseValidator} makes
 * one.
 */
record ValidatedAssertion(String assertionId, String issuer, String nameId, String nameIdFormat,
                          String nameQualifier, String spNameQualifier, String sessionIndex,
                          Map<String, List<String>> attributes) {
}
