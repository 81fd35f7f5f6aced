package io.ssogate.sso.saml;

import com.onelogin.saml2.settings.Saml2Settings;
import com.onelogin.saml2.settings.SettingsBuilder;
import com.onelogin.saml2.util.Constants;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The toolkit's {@link Saml2Settings} for one IdP: the IdP's part from its current metadata, the SP's part
 * from {@link SamlClientSettings}. Rebuilt when the metadata changes; the toolkit treats a settings object as
 * read-only, so one is shared by concurrent requests.
 *
 * <p>The choices, each one a check the toolkit then does:
 * <ul>
 *   <li>strict, with schema validation: destination, recipient, audience, issuer, InResponseTo, subject
 *       confirmation and conditions are all checked;</li>
 *   <li>neither {@code wantAssertionsSigned} nor {@code wantMessagesSigned}: a signature on the Response or
 *       on the Assertion covers the assertion, and the toolkit refuses a response with neither
 *       ("No Signature found"), so every accepted assertion is signed by the IdP, whichever way it signs;</li>
 *   <li>SHA-1 signatures refused; requests signed with RSA-SHA256 and SHA-256 digests;</li>
 *   <li>no NameIDPolicy in requests (the IdP's configured format applies), and {@code emailAddress} as the
 *       format of the login hint's NameID.</li>
 * </ul>
 */
final class SamlToolkitSettings {

    static final String SIGNATURE_ALGORITHM = Constants.RSA_SHA256;
    static final String DIGEST_ALGORITHM = Constants.SHA256;

    private final SamlClientSettings client;
    private final SamlIdpMetadata metadata;
    private final Optional<SamlServiceProviderKeys> keys;

    private SamlIdpMetadata.Snapshot builtFrom;
    private Saml2Settings built;

    SamlToolkitSettings(SamlClientSettings client, SamlIdpMetadata metadata, Optional<SamlServiceProviderKeys> keys) {
        this.client = client;
        this.metadata = metadata;
        this.keys = keys;
    }

    /** The settings for the IdP's current metadata. */
    synchronized Saml2Settings current() {
        SamlIdpMetadata.Snapshot snapshot = metadata.current();
        if (snapshot != builtFrom) {
            built = build(snapshot);
            builtFrom = snapshot;
        }
        return built;
    }

    boolean signs() {
        return client.idp().signAuthnRequests();
    }

    Optional<SamlServiceProviderKeys> keys() {
        return keys;
    }

    private Saml2Settings build(SamlIdpMetadata.Snapshot snapshot) {
        Map<String, Object> values = new HashMap<>(snapshot.values());
        values.putAll(spValues(client, keys));
        values.put(SettingsBuilder.STRICT_PROPERTY_KEY, true);
        values.put(SettingsBuilder.DEBUG_PROPERTY_KEY, false);
        boolean sign = client.idp().signAuthnRequests();
        values.put(SettingsBuilder.SECURITY_AUTHREQUEST_SIGNED, sign);
        values.put(SettingsBuilder.SECURITY_LOGOUTREQUEST_SIGNED, sign);
        values.put(SettingsBuilder.SECURITY_LOGOUTRESPONSE_SIGNED, sign);
        values.put(SettingsBuilder.SECURITY_WANT_MESSAGES_SIGNED, false);
        values.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_SIGNED, false);
        values.put(SettingsBuilder.SECURITY_WANT_ASSERTIONS_ENCRYPTED, false);
        values.put(SettingsBuilder.SECURITY_WANT_NAMEID, true);
        values.put(SettingsBuilder.SECURITY_WANT_XML_VALIDATION, true);
        values.put(SettingsBuilder.SECURITY_REJECT_DEPRECATED_ALGORITHM, true);
        // InResponseTo is decided before the toolkit sees the response (see SamlResponseValidator).
        values.put(SettingsBuilder.SECURITY_REJECT_UNSOLICITED_RESPONSES_WITH_INRESPONSETO, false);
        values.put(SettingsBuilder.SECURITY_SIGNATURE_ALGORITHM, SIGNATURE_ALGORITHM);
        values.put(SettingsBuilder.SECURITY_DIGEST_ALGORITHM, DIGEST_ALGORITHM);
        Saml2Settings settings = new SettingsBuilder().fromValues(values).build();
        List<String> problems = settings.checkSettings();
        if (!problems.isEmpty()) {
            throw new IllegalStateException("SAML settings for IdP " + client.idpName() + " are incomplete: "
                    + problems);
        }
        return settings;
    }

    /** The SP's part, shared with the SP metadata. */
    static Map<String, Object> spValues(SamlClientSettings client, Optional<SamlServiceProviderKeys> keys) {
        Map<String, Object> values = new HashMap<>();
        values.put(SettingsBuilder.SP_ENTITYID_PROPERTY_KEY, client.spEntityId());
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_URL_PROPERTY_KEY, client.acsUrl());
        values.put(SettingsBuilder.SP_ASSERTION_CONSUMER_SERVICE_BINDING_PROPERTY_KEY, Constants.BINDING_HTTP_POST);
        values.put(SettingsBuilder.SP_SINGLE_LOGOUT_SERVICE_URL_PROPERTY_KEY, client.sloUrl());
        values.put(SettingsBuilder.SP_SINGLE_LOGOUT_SERVICE_BINDING_PROPERTY_KEY, Constants.BINDING_HTTP_REDIRECT);
        values.put(SettingsBuilder.SP_NAMEIDFORMAT_PROPERTY_KEY, Constants.NAMEID_EMAIL_ADDRESS);
        // Objects, not PEM text: the toolkit takes them as they are, and the key text is handled only once.
        keys.ifPresent(k -> {
            values.put(SettingsBuilder.SP_X509CERT_PROPERTY_KEY, k.certificate());
            values.put(SettingsBuilder.SP_PRIVATEKEY_PROPERTY_KEY, k.key());
        });
        // IDs must be NCNames; the toolkit appends a UUID.
        values.put(SettingsBuilder.UNIQUE_ID_PREFIX_PROPERTY_KEY, "ssogate_");
        return values;
    }
}
