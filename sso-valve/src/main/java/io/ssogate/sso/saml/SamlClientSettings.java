package io.ssogate.sso.saml;

import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.SamlIdpConfig;
import io.ssogate.sso.config.SamlServiceProviderConfig;
import io.ssogate.sso.config.SsoConfig;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import org.pac4j.core.logout.handler.SessionLogoutHandler;

/**
 * Everything one {@link SamlClient} needs: which IdP, the gateway as service provider, and the gateway's
 * URLs for this IdP.
 *
 * @param idpName              the IdP's name: the pac4j client name and the name in every log line
 * @param idp                  where its metadata comes from, how requests travel, whether unsolicited
 *                             responses may sign in
 * @param sendLoginHint        whether the typed email goes to the IdP as the AuthnRequest's Subject
 * @param serviceProvider      the SP key and certificate (both null: nothing is signed or decrypted)
 * @param spEntityId           the SP's entity id: the audience every assertion must name
 * @param acsUrl               the absolute callback URL, {@code https://gw/sso/callback?client_name=IDP}: the
 *                             AssertionConsumerServiceURL, and the Destination/Recipient responses must name
 * @param sloUrl               the absolute single-logout URL, the callback URL with
 *                             {@code &logoutendpoint=true}
 * @param signedOutUrl         where the browser goes once the IdP confirmed a logout, e.g. {@code /sso/signed-out}
 * @param clockSkew            how far the IdP's clock may be off when checking an assertion's time window
 * @param replayGuard          remembers used assertion ids across the gateway's nodes
 * @param clock                the time the time window is checked against
 * @param sessionLogoutHandler ends gateway sessions for IdP-initiated logout; null: pac4j's
 *                             {@code Config.getSessionLogoutHandler()}, if any
 */
public record SamlClientSettings(String idpName, SamlIdpConfig idp, boolean sendLoginHint,
                                 SamlServiceProviderConfig serviceProvider, String spEntityId, String acsUrl,
                                 String sloUrl, String signedOutUrl, Duration clockSkew,
                                 AssertionReplayGuard replayGuard, Clock clock,
                                 SessionLogoutHandler sessionLogoutHandler) {

    public SamlClientSettings {
        requireText(idpName, "idpName");
        Objects.requireNonNull(idp, "idp");
        serviceProvider = serviceProvider == null ? SamlServiceProviderConfig.defaults() : serviceProvider;
        requireText(spEntityId, "spEntityId");
        requireText(acsUrl, "acsUrl");
        requireText(sloUrl, "sloUrl");
        requireText(signedOutUrl, "signedOutUrl");
        clockSkew = clockSkew == null ? SsoConfig.DEFAULT_CLOCK_SKEW : clockSkew;
        if (clockSkew.isNegative()) {
            throw new IllegalArgumentException("clockSkew must not be negative");
        }
        Objects.requireNonNull(replayGuard, "replayGuard");
        clock = clock == null ? Clock.systemUTC() : clock;
        if (idp.signAuthnRequests() && !serviceProvider.hasKey()) {
            throw new IllegalArgumentException("SAML IdP " + idpName + " signs requests, but the service provider"
                    + " has no private key and certificate");
        }
        if ((idp.metadataUrl() == null) == (idp.metadataFile() == null)) {
            throw new IllegalArgumentException("SAML IdP " + idpName + " needs exactly one of metadataUrl and"
                    + " metadataFile");
        }
    }

    /**
     * The settings for one SAML IdP of the configuration.
     *
     * @param callbackUrl the absolute callback URL for this IdP ({@code https://gw/sso/callback?client_name=IDP});
     *                    the SLO URL is the same with {@code &logoutendpoint=true}
     */
    public static SamlClientSettings of(IdpConfig idp, SsoConfig sso, String spEntityId, String callbackUrl,
                                        String signedOutUrl, AssertionReplayGuard replayGuard, Clock clock,
                                        SessionLogoutHandler sessionLogoutHandler) {
        if (idp.protocol() != IdpConfig.Protocol.SAML || idp.saml() == null) {
            throw new IllegalArgumentException("IdP " + idp.name() + " is not a SAML IdP");
        }
        return new SamlClientSettings(idp.name(), idp.saml(), idp.sendLoginHint(), sso.serviceProvider(),
                spEntityId, callbackUrl, sloUrlOf(callbackUrl), signedOutUrl, sso.clockSkew(), replayGuard, clock,
                sessionLogoutHandler);
    }

    /** The SLO URL for a callback URL: the same URL with {@code logoutendpoint=true} added to its query. */
    public static String sloUrlOf(String callbackUrl) {
        return callbackUrl + (callbackUrl.contains("?") ? "&" : "?") + SamlClient.LOGOUT_ENDPOINT_PARAMETER + "=true";
    }

    private static void requireText(String value, String name) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required");
        }
    }
}
