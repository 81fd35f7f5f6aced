package io.ssogate.scim;

import io.ssogate.core.config.ConfigSection;
import io.ssogate.core.feature.FeatureContext;
import io.ssogate.core.feature.GatewayFeature;
import io.ssogate.scim.config.ScimSection;

import java.util.List;

/**
 * SCIM 2.0 provisioning as a feature: the {@code scim:} section, its tables, {@code /scim/v2/*} for IdPs
 * holding a tenant's token, and the sync that keeps Mattermost's accounts in step with the SCIM records.
 * Installs after single sign-on, whose services (tenants, vault, Mattermost admin client, session ending)
 * it uses, and publishes the account mapping the sign-in consults.
 */
public final class ScimFeature implements GatewayFeature {

    public static final String NAME = "scim";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return ORDER_PROVISIONING;
    }

    @Override
    public List<ConfigSection<?>> configSections() {
        return List.of(ScimSection.SECTION);
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:db/migration/scim");
    }

    @Override
    public void install(FeatureContext context) {
        // Wired as the protocol, token and sync parts land.
    }
}
