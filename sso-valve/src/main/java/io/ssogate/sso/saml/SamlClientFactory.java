package io.ssogate.sso.saml;

import io.ssogate.sso.flow.SsoEngine;

import org.pac4j.core.client.Client;

import java.time.Clock;
import java.util.function.Function;

/** Builds the SAML client of one IdP for {@link SsoEngine}. */
public final class SamlClientFactory implements Function<SsoEngine.SamlClientRequest, Client> {

    private final AssertionReplayGuard replayGuard;
    private final Clock clock;

    public SamlClientFactory(AssertionReplayGuard replayGuard, Clock clock) {
        this.replayGuard = replayGuard;
        this.clock = clock;
    }

    @Override
    public Client apply(SsoEngine.SamlClientRequest request) {
        throw new UnsupportedOperationException("SAML IdP " + request.idp().name() + ": the SAML client is being merged");
    }
}
