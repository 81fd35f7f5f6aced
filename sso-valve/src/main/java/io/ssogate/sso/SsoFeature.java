package io.ssogate.sso;

import io.ssogate.core.config.ConfigSection;
import io.ssogate.core.accounts.SessionTermination;
import io.ssogate.core.accounts.Tenant;
import io.ssogate.core.accounts.TenantDirectory;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.mattermost.MattermostAdmin;
import io.ssogate.core.feature.FeatureContext;
import io.ssogate.core.feature.GatewayFeature;
import io.ssogate.core.feature.Stage;
import io.ssogate.proxy.hooks.ProxyHooks;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.flow.IdpLogout;
import io.ssogate.sso.flow.LoginStateRepository;
import io.ssogate.sso.flow.LoginStateStore;
import io.ssogate.sso.flow.PublicOrigin;
import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.flow.UsedAssertions;
import io.ssogate.core.feature.Services;
import io.ssogate.sso.login.ConfiguredAccounts;
import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.sso.login.MattermostConnection;
import io.ssogate.sso.login.MattermostLoginPage;
import io.ssogate.sso.login.MattermostLoginStep;
import io.ssogate.sso.login.MattermostRelogin;
import io.ssogate.sso.login.MattermostSignOut;
import io.ssogate.sso.login.MattermostSignIn;
import io.ssogate.sso.login.accounts.AccountLinks;
import io.ssogate.core.accounts.ExternalAccountMapping;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.sso.login.guard.AccountLookup;
import io.ssogate.sso.login.guard.PasswordGuard;
import io.ssogate.sso.login.config.LoginSection;
import io.ssogate.sso.login.vault.AesGcmCredentialVault;
import io.ssogate.sso.login.vault.VaultSection;
import io.ssogate.sso.mobile.MobileSignInStep;
import io.ssogate.sso.mobile.SamlAdvertisement;
import io.ssogate.sso.saml.SamlClientFactory;
import io.ssogate.sso.session.GatewaySessions;
import io.ssogate.sso.session.SessionRepository;
import io.ssogate.sso.web.AssetServlet;
import io.ssogate.sso.web.CallbackServlet;
import io.ssogate.sso.web.HealthServlet;
import io.ssogate.sso.web.LocalSignInServlet;
import io.ssogate.sso.web.MattermostUnavailablePage;
import io.ssogate.sso.web.Pages;
import io.ssogate.sso.web.SignInServlet;
import io.ssogate.sso.web.SignOutServlet;
import io.ssogate.sso.web.SignedInCheck;
import io.ssogate.sso.web.SignedOutServlet;
import io.ssogate.sso.web.SpMetadataServlet;
import io.ssogate.sso.web.WhoAmIServlet;

import org.pac4j.jee.context.JEEContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import jakarta.servlet.http.HttpServletRequest;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.function.Supplier;
import javax.sql.DataSource;

/**
 * Single sign-on as a feature: the {@code sso:} section, its tables, the sign-in endpoints under
 * {@code /sso/}, and the identity step that every proxied request passes before the proxy.
 */
public final class SsoFeature implements GatewayFeature {

    public static final String NAME = "sso";
    private static final Logger LOG = LoggerFactory.getLogger(SsoFeature.class);

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int order() {
        return ORDER_IDENTITY;
    }

    @Override
    public List<ConfigSection<?>> configSections() {
        // login: how people are logged into Mattermost; vault: the keys its passwords are encrypted with
        // (a section of its own, as ./ssogate vault rotate-key reads it without starting the gateway).
        return List.of(SsoSection.SECTION, LoginSection.SECTION, VaultSection.SECTION);
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:db/migration/sso");
    }

    @Override
    public void install(FeatureContext context) {
        LiveConfig config = context.config();
        DataSource dataSource = context.database().dataSource();
        Clock clock = Clock.systemUTC();
        GatewaySessions sessions = new GatewaySessions(new SessionRepository(dataSource),
                () -> config.current().section(SsoSection.SECTION).session(), clock).start();
        context.closeOnStop(sessions);
        LoginStateRepository loginStateRepository = new LoginStateRepository(dataSource);
        UsedAssertions usedAssertions = new UsedAssertions(dataSource);
        LoginStateStore loginStates = new LoginStateStore(loginStateRepository, web -> PublicOrigin.isHttps(
                config.current().server().publicUrl(), ((JEEContext) web).getNativeRequest()), clock);
        SamlClientFactory samlClients = new SamlClientFactory(usedAssertions, clock);
        SsoEngine engine = new SsoEngine(config, loginStates, sessions, samlClients);
        context.closeOnStop(sweepExpired(loginStateRepository, usedAssertions, clock));

        Pages pages = new Pages();
        Supplier<LoginConfig> login = () -> config.current().section(LoginSection.SECTION);
        context.addServlet("ssogate-sso-login", new SignInServlet(engine, sessions, pages,
                LocalSignInServlet.offered(login)), SignInServlet.PATH);
        context.addServlet("ssogate-sso-callback", new CallbackServlet(engine, pages), CallbackServlet.PATH);
        IdpLogout idpLogout = new IdpLogout(engine);
        context.addServlet("ssogate-sso-logout", new SignOutServlet(engine, sessions, idpLogout, pages),
                SignOutServlet.PATH);
        context.addServlet("ssogate-sso-signed-out", new SignedOutServlet(engine, sessions, idpLogout, pages),
                SignedOutServlet.PATH);
        context.addServlet("ssogate-sso-me", new WhoAmIServlet(engine, sessions), WhoAmIServlet.PATH);
        context.addServlet("ssogate-sso-assets", new AssetServlet(), AssetServlet.PATH);
        context.addServlet("ssogate-sso-saml-metadata", new SpMetadataServlet(engine, samlClients), SpMetadataServlet.PATH);
        warnAboutSamlWithoutPublicUrl(config);
        context.addStep("sso-signed-in", Stage.IDENTITY, new SignedInCheck(engine, sessions, login));
        installMattermostLogin(context, engine, sessions, pages, clock);

        context.services().require(ProxyHooks.class).addRequestHook("sso-cookies",
                new GatewayCookiesHook(() -> config.current().section(SsoSection.SECTION).session()));
        context.services().publish(GatewaySessions.class, sessions);
        context.services().publish(TenantDirectory.class, () -> config.current().section(SsoSection.SECTION)
                .tenants().stream().map(t -> new Tenant(t.name(), t.domains())).toList());
    }

    /**
     * Logging signed-in people into Mattermost: the admin connection (checked now and every minute), the
     * vault, the account links, and the step that hands Mattermost's cookies to the browser. With no
     * {@code login.adminToken} the step lets every request by, as before this feature.
     */
    private static void installMattermostLogin(FeatureContext context, SsoEngine engine, GatewaySessions sessions,
                                               Pages pages, Clock clock) {
        LiveConfig config = context.config();
        DataSource dataSource = context.database().dataSource();
        MattermostConnection mattermost = new MattermostConnection(config);
        context.closeOnStop(mattermost);
        LoginConfig login = config.current().section(LoginSection.SECTION);
        if (login.enabled() && !config.current().section(VaultSection.SECTION).configured()) {
            throw new IllegalStateException("login.adminToken is set but the vault has no key: set vault.keys and"
                    + " vault.currentKey, where the gateway's Mattermost passwords are encrypted (docs/configuration.md#vault)");
        }
        CredentialVault vault = new AesGcmCredentialVault(dataSource, () -> config.current().section(VaultSection.SECTION),
                clock);
        AccountLinks links = new AccountLinks(dataSource, clock);
        Services services = context.services();
        ConfiguredAccounts accounts = new ConfiguredAccounts(mattermost, vault, links,
                () -> services.find(ExternalAccountMapping.class).orElse(ExternalAccountMapping.NONE));
        MattermostSignIn signIn = new MattermostSignIn(accounts, vault, mattermost::client, login.maxConcurrentLogins());
        Predicate<HttpServletRequest> secure = request -> PublicOrigin.isHttps(config.current().server().publicUrl(), request);
        MattermostUnavailablePage unavailable = new MattermostUnavailablePage(engine, pages);
        MattermostLoginStep step = new MattermostLoginStep(signIn, secure, unavailable);
        MattermostLoginPage loginPage = new MattermostLoginPage(signIn, secure,
                request -> PublicOrigin.of(config.current().server().publicUrl(), request), unavailable);
        // The mobile app's entry comes first: the cookie step would log its in-app browser in instead.
        installMobileSignOn(context, engine, pages, mattermost, signIn, unavailable);
        context.addStep("mattermost-login", Stage.MATTERMOST_LOGIN, (request, response, next) -> {
            if (!mattermost.settings().enabled()) {
                next.proceed();
            } else if (!loginPage.answer(request, response)) {
                step.handle(request, response, next);
            }
        });
        // Mattermost's answers: a session it ended is opened again; a person's own logout signs them out here too.
        MattermostRelogin relogin = new MattermostRelogin(signIn, secure);
        MattermostSignOut signOut = new MattermostSignOut(sessions, signIn,
                () -> config.current().section(SsoSection.SECTION).session().cookieName(), secure);
        ProxyHooks hooks = services.require(ProxyHooks.class);
        hooks.addResponseHook("mattermost-relogin", response -> {
            if (mattermost.settings().enabled()) {
                relogin.onUpstreamResponse(response);
            }
        });
        hooks.addResponseHook("mattermost-sign-out", response -> {
            if (mattermost.settings().enabled()) {
                signOut.onUpstreamResponse(response);
            }
        });
        // After SignedInCheck (same stage, installed later), for requests with and without a gateway session.
        context.addStep("password-guard", Stage.IDENTITY, new PasswordGuard(mattermost::settings,
                AccountLookup.through(mattermost::client, () -> config.current().proxy().upstreamUrl())));
        context.addServlet("ssogate-sso-local", new LocalSignInServlet(mattermost::settings,
                request -> PublicOrigin.isHttps(config.current().server().publicUrl(), request)), LocalSignInServlet.PATH);
        context.addServlet("ssogate-sso-health", new HealthServlet(mattermost), HealthServlet.PATH);
        ScheduledExecutorService checks = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ssogate-mattermost-check");
            thread.setDaemon(true);
            return thread;
        });
        checks.scheduleWithFixedDelay(mattermost::check, 0, 60, TimeUnit.SECONDS);
        context.closeOnStop(checks::shutdownNow);
        services.publish(CredentialVault.class, vault);
        services.publish(MattermostSignIn.class, signIn);
        services.publish(MattermostConnection.class, mattermost);
        services.publish(MattermostAdmin.class, () -> mattermost.settings().enabled()
                ? Optional.of(mattermost.client()) : Optional.empty());
        services.publish(SessionTermination.class, mattermostUserId -> links.identityLinkedTo(mattermostUserId)
                .map(identity -> sessions.revokeSubject(identity.idp(), identity.subject()))
                .orElse(0));
    }

    /**
     * The mobile app's single sign-on: the entry it opens (a step ahead of the cookie step) and the SAML
     * button its pre-sign-in configuration calls advertise. Both follow {@code login.mobile} as it is now.
     */
    private static void installMobileSignOn(FeatureContext context, SsoEngine engine, Pages pages,
                                            MattermostConnection mattermost, MattermostSignIn signIn,
                                            MattermostUnavailablePage unavailable) {
        LiveConfig config = context.config();
        context.addStep("mobile-sign-in", Stage.MATTERMOST_LOGIN, new MobileSignInStep(mattermost::settings, signIn,
                unavailable, engine, pages, () -> config.current().server().publicUrl()));
        SamlAdvertisement advert = new SamlAdvertisement(() -> {
            LoginConfig now = mattermost.settings();
            return new SamlAdvertisement.Settings(engine.current().sso().enabled() && now.enabled()
                    && now.mobile().enabled(), now.mobile().buttonText());
        });
        ProxyHooks hooks = context.services().require(ProxyHooks.class);
        hooks.addRequestHook("mobile-saml-advert", advert.requestHook());
        hooks.addResponseHook("mobile-saml-advert", advert.responseHook());
    }

    /** SAML needs the public URL; say so at start, not only when someone first tries to sign in. */
    private static void warnAboutSamlWithoutPublicUrl(LiveConfig config) {
        SsoConfig sso = config.current().section(SsoSection.SECTION);
        if (config.current().server().publicUrl() == null && sso.idps().stream()
                .anyMatch(idp -> idp.protocol() == IdpConfig.Protocol.SAML)) {
            LOG.warn("SAML sign-in needs server.publicUrl: set it to"
                    + " the URL people type; until then SAML IdPs answer \"not available\"");
        }
    }

    private static AutoCloseable sweepExpired(LoginStateRepository loginStates, UsedAssertions usedAssertions,
                                              Clock clock) {
        ScheduledExecutorService sweeper = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "ssogate-sso-sweeper");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(() -> {
            try {
                loginStates.deleteExpired(clock.instant());
                usedAssertions.deleteExpired(clock.instant());
            } catch (RuntimeException e) {
                LOG.warn("Could not delete expired sign-in state: {}",
                        e.getMessage());
            }
        }, 1, 5, TimeUnit.MINUTES);
        return sweeper::shutdownNow;
    }
}
