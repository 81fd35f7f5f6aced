package io.ssogate.sso.saml;

import io.ssogate.sso.flow.SsoEngine;

import org.pac4j.core.client.Client;

import java.time.Clock;
import java.util.function.Function;

/**
 * Builds the SAML client of one IdP for {@link SsoEngine}. A SAML IdP checks the Destination of every
 * response against the ACS URL the gateway announced, so that URL must be absolute and stable:
 * {@code server.publicUrl} is required.
 */
public final class SamlClientFactory implements Function<SsoEngine.SamlClientRequest, Client> {

    /** The SP metadata's path; its URL is the SP entity id unless {@code sso.serviceProvider.entityId} is set. */
    public static final String METADATA_PATH = "/sso/saml/metadata";

    private final AssertionReplayGuard replayGuard;
    private final Clock clock;

    public SamlClientFactory(AssertionReplayGuard replayGuard, Clock clock) {
        this.replayGuard = replayGuard;
        this.clock = clock;
    }

    @Override
    public Client apply(SsoEngine.SamlClientRequest request) {
        return new SamlClient(settings(request));
    }

    /** The settings the client of {@code request} is made with, also what its SP metadata shows. */
    public SamlClientSettings settings(SsoEngine.SamlClientRequest request) {
        if (request.publicUrl() == null) {
            throw new IllegalStateException("SAML IdP " + request.idp().name() + " needs server.publicUrl, the URL"
                    + " people type: SAML responses name the gateway's exact address");
        }
        String base = stripSlash(request.publicUrl().toString());
        String entityId = request.sso().serviceProvider().entityId() != null
                ? request.sso().serviceProvider().entityId() : base + METADATA_PATH;
        return SamlClientSettings.of(request.idp(), request.sso(), entityId,
                request.callbackUrl() + "?client_name=" + request.idp().name(), base + "/sso/signed-out",
                replayGuard, clock, null);
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }
}
