package io.ssogate.webapp.launcher;

import io.ssogate.core.feature.FeatureContext;
import io.ssogate.core.feature.GatewayFeature;

/** A feature whose installation fails, as one with a broken IdP setting or a missing service would. */
public final class FailingFeature implements GatewayFeature {

    @Override
    public String name() {
        return "failing";
    }

    @Override
    public void install(FeatureContext context) {
        throw new IllegalStateException("no identity provider answers at the configured URL");
    }
}
