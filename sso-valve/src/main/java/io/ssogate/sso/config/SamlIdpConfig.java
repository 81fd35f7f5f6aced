package io.ssogate.sso.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * A SAML 2.0 identity provider.
 *
 * @param metadataUrl       where its metadata is fetched (and re-fetched every {@code metadataRefresh})
 * @param metadataFile      its metadata as a file, for closed networks; exactly one of the two is set
 * @param metadataRefresh   how often metadata from a URL is fetched again
 * @param signAuthnRequests whether AuthnRequests (and logout messages) are signed with the SP key
 * @param binding           how the AuthnRequest travels: HTTP-Redirect or HTTP-POST
 * @param allowIdpInitiated whether an unsolicited response (no AuthnRequest of ours) may sign someone in
 */
public record SamlIdpConfig(URI metadataUrl, Path metadataFile, Duration metadataRefresh, boolean signAuthnRequests,
                            Binding binding, boolean allowIdpInitiated) {

    public static final Duration DEFAULT_METADATA_REFRESH = Duration.ofHours(1);

    public enum Binding { REDIRECT, POST }

    public SamlIdpConfig {
        metadataRefresh = metadataRefresh == null ? DEFAULT_METADATA_REFRESH : metadataRefresh;
        binding = binding == null ? Binding.REDIRECT : binding;
    }
}
