package io.ssogate.sso.saml;

import java.io.Serial;
import java.util.List;
import java.util.Objects;
import org.pac4j.core.credentials.SessionKeyCredentials;
import org.pac4j.core.logout.LogoutType;

/**
 * A validated, IdP-initiated LogoutRequest: not for authentication, so pac4j's callback logic hands it to
 * {@link SamlLogoutProcessor}. It travelled through the browser (front channel).
 *
 * <p>{@link #getSessionKey()} is the first of {@link #sessionKeys()}: the request's SessionIndex values,
 * or, when it has none, its NameID (see {@link SamlSessionKeys#of}).
 */
public final class SamlLogoutRequestCredentials extends SessionKeyCredentials {

    @Serial
    private static final long serialVersionUID = 1L;

    private final List<String> sessionKeys;
    private final String requestId;
    private final String relayState;

    SamlLogoutRequestCredentials(List<String> sessionKeys, String requestId, String relayState) {
        super(LogoutType.FRONT, sessionKeys.get(0));
        this.sessionKeys = List.copyOf(sessionKeys);
        this.requestId = requestId;
        this.relayState = relayState;
    }

    /** Every gateway session the IdP ends with this request. */
    public List<String> sessionKeys() {
        return sessionKeys;
    }

    /** The LogoutRequest's ID, which the LogoutResponse answers (InResponseTo). */
    public String requestId() {
        return requestId;
    }

    /** The RelayState that came with the request, returned with the response as the bindings require; or null. */
    public String relayState() {
        return relayState;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SamlLogoutRequestCredentials that && super.equals(that)
                && sessionKeys.equals(that.sessionKeys) && Objects.equals(requestId, that.requestId)
                && Objects.equals(relayState, that.relayState);
    }

    @Override
    public int hashCode() {
        return Objects.hash(super.hashCode(), sessionKeys, requestId, relayState);
    }

    @Override
    public String toString() {
        return "SamlLogoutRequestCredentials[request " + requestId + ", " + sessionKeys.size() + " session(s)]";
    }
}
