package io.ssogate.sso.config;

import io.ssogate.core.config.Secret;
import java.nio.file.Path;

/**
 * The gateway as a SAML service provider, shared by every SAML IdP.
 *
 * @param entityId        the SP's entity id; null means its metadata URL,
 *                        {@code <public URL>/sso/saml/metadata}
 * @param privateKey      PEM PKCS#8 key that signs requests and decrypts encrypted assertions; null: neither
 * @param certificateFile PEM certificate of that key, published in the SP metadata
 */
public record SamlServiceProviderConfig(String entityId, Secret privateKey, Path certificateFile) {

    public static SamlServiceProviderConfig defaults() {
        return new SamlServiceProviderConfig(null, null, null);
    }

    public boolean hasKey() {
        return privateKey != null && certificateFile != null;
    }
}
