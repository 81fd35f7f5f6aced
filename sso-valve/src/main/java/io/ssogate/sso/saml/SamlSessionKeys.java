package io.ssogate.sso.saml;

import java.util.List;

/**
 * Names this client uses in pac4j's session store, and the key that ties a gateway session to the IdP's
 * session for single logout.
 */
final class SamlSessionKeys {

    /** Suffix, after the client name, of the ID of the AuthnRequest in flight (one use). */
    static final String REQUEST_ID_SUFFIX = "$samlRequestId";
    /** Suffix, after the client name, of the ID of the LogoutRequest in flight (one use). */
    static final String LOGOUT_REQUEST_ID_SUFFIX = "$samlLogoutRequestId";

    private SamlSessionKeys() {
    }

    /**
     * The key under which a sign-in is recorded with {@code SessionLogoutHandler.recordSession} and which an
     * IdP-initiated LogoutRequest destroys: the SessionIndex, which names one IdP session, when the IdP sent
     * one; otherwise the NameID, which then stands for every session of that person at this IdP. The same
     * rule on both sides, so a LogoutRequest finds what the sign-in recorded.
     */
    static String of(String sessionIndex, String nameId) {
        return sessionIndex != null && !sessionIndex.isBlank() ? sessionIndex : nameId;
    }

    /** The keys of a LogoutRequest: each SessionIndex, or the NameID when there is none. */
    static List<String> of(List<String> sessionIndexes, String nameId) {
        List<String> indexes = sessionIndexes.stream().filter(s -> s != null && !s.isBlank()).toList();
        return indexes.isEmpty() ? List.of(nameId) : indexes;
    }
}
