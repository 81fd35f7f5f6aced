package io.ssogate.scim;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.core.accounts.SessionTermination;
import io.ssogate.core.accounts.TenantDirectory;
import io.ssogate.core.config.ConfigSection;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.feature.FeatureContext;
import io.ssogate.core.feature.GatewayFeature;
import io.ssogate.core.feature.Services;
import io.ssogate.core.mattermost.MattermostAdmin;
import io.ssogate.scim.auth.ScimTokenAuthenticator;
import io.ssogate.scim.auth.ScimTokens;
import io.ssogate.scim.config.ScimConfig;
import io.ssogate.scim.config.ScimSection;
import io.ssogate.scim.protocol.ScimServlet;
import io.ssogate.scim.store.ScimGroupStore;
import io.ssogate.scim.store.ScimUserStore;
import io.ssogate.scim.sync.ScimSync;
import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * SCIM 2.0 provisioning as a feature: the {@code scim:} section, its tables, {@code /scim/v2/*} for IdPs
 * holding a tenant's token, and the sync that keeps Mattermost's accounts in step with the SCIM records.
 * Installs after single sign-on, whose services (tenants, vault, Mattermost admin client, session ending)
 * it uses, and publishes the account mapping the sign-in consults.
 */
public final class ScimFeature implements GatewayFeature {

    public static final String NAME = "scim";
    /** Where the servlet is mounted, below the context path. */
    public static final String PATH = "/scim/v2";

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
        LiveConfig config = context.config();
        DataSource dataSource = context.database().dataSource();
        Services services = context.services();
        Clock clock = Clock.systemUTC();
        Supplier<ScimConfig> scim = () -> config.current().section(ScimSection.SECTION);
        // Single sign-on publishes these; without it there are no tenants, so no token is valid, and
        // nothing to sync to: records are kept and the sync says why it waits.
        TenantDirectory tenants = services.find(TenantDirectory.class).orElse(List::of);
        MattermostAdmin admin = services.find(MattermostAdmin.class).orElse(Optional::empty);
        CredentialVault vault = services.require(CredentialVault.class);
        SessionTermination sessions = services.find(SessionTermination.class).orElse(mattermostUserId -> 0);

        // The outbox's claims name this node; unique among running nodes, at most 64 characters.
        ScimSync sync = new ScimSync(dataSource, scim, tenants, admin, vault, sessions,
                "node-" + UUID.randomUUID(), clock).start();
        context.closeOnStop(sync);
        ScimTokenAuthenticator authenticator = new ScimTokenAuthenticator(new ScimTokens(dataSource, clock), tenants);
        context.addServlet("ssogate-scim", new ScimServlet(new ScimUserStore(dataSource), new ScimGroupStore(dataSource),
                authenticator, sync.queue(), scim, clock, request -> scimBase(config, request)), PATH + "/*");
        services.publish(ExternalAccountMapping.class, sync.accountMapping());
    }

    /** The SCIM root as clients reach it: under {@code server.publicUrl} when set, else as this request came. */
    static URI scimBase(LiveConfig config, HttpServletRequest request) {
        URI publicUrl = config.current().server().publicUrl();
        String base = publicUrl != null ? publicUrl.toString()
                : request.getScheme() + "://" + request.getServerName() + ":" + request.getServerPort()
                        + request.getContextPath();
        return URI.create(base.replaceAll("/+$", "") + PATH);
    }
}
