package io.ssogate.sso.oidc;

import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.core.feature.Stage;
import io.ssogate.core.feature.StepPipeline;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.config.TenantConfig;
import io.ssogate.sso.flow.LoginStateRepository;
import io.ssogate.sso.flow.LoginStateStore;
import io.ssogate.sso.flow.PublicOrigin;
import io.ssogate.sso.flow.SsoEngine;
import io.ssogate.sso.session.GatewaySessions;
import io.ssogate.sso.session.SessionRepository;
import io.ssogate.sso.testing.SsoDatabases;
import io.ssogate.sso.web.CallbackServlet;
import io.ssogate.sso.web.Pages;
import io.ssogate.sso.web.SignInServlet;
import io.ssogate.sso.web.SignedInCheck;

import io.ssogate.testkit.tomcat.LoopbackTomcat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.FilterDef;
import org.apache.tomcat.util.descriptor.web.FilterMap;
import org.pac4j.jee.context.JEEContext;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.util.List;

/**
 * The gateway's sign-in as it runs in production, minus the proxy: an embedded Tomcat on loopback with the
 * real {@link SignInServlet}, {@link CallbackServlet} and {@link SignedInCheck} (in the real
 * {@link StepPipeline} filter), wired the way {@code SsoFeature.install} wires them, over an H2 database.
 * Behind the identity step sits a stand-in for Mattermost that answers with the path it was asked for.
 */
final class SsoGateway implements AutoCloseable {

    static final String IDP = "test-oidc";
    static final String TENANT_DOMAIN = "example.com";

    private final GatewayDatabase database;
    private final LiveConfig config;
    private final GatewaySessions sessions;
    private final Tomcat tomcat;
    private final URI discoveryUri;

    SsoGateway(Path dataDir, URI discoveryUri) throws IOException, LifecycleException {
        this.discoveryUri = discoveryUri;
        database = SsoDatabases.h2(dataDir);
        config = new LiveConfig(new GatewayConfig(ServerConfig.defaults(),
                ProxyConfig.of(URI.create("http://127.0.0.1:1")), null)
                .withSection(SsoSection.SECTION, sso(false)));
        Clock clock = Clock.systemUTC();
        sessions = new GatewaySessions(new SessionRepository(database.dataSource()),
                () -> config.current().section(SsoSection.SECTION).session(), clock);
        LoginStateStore loginStates = new LoginStateStore(new LoginStateRepository(database.dataSource()),
                web -> PublicOrigin.isHttps(config.current().server().publicUrl(), ((JEEContext) web).getNativeRequest()),
                clock);
        SsoEngine engine = new SsoEngine(config, loginStates, sessions, request -> {
            throw new IllegalStateException("no SAML IdP here");
        });
        Pages pages = new Pages();

        tomcat = LoopbackTomcat.create(Files.createDirectories(dataDir.resolve("tomcat")));
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "sso-login", new SignInServlet(engine, sessions, pages));
        context.addServletMappingDecoded(SignInServlet.PATH, "sso-login");
        Tomcat.addServlet(context, "sso-callback", new CallbackServlet(engine, pages));
        context.addServletMappingDecoded(CallbackServlet.PATH, "sso-callback");
        Tomcat.addServlet(context, "mattermost", new MattermostStandIn());
        context.addServletMappingDecoded("/", "mattermost");
        FilterDef steps = new FilterDef();
        steps.setFilterName("steps");
        steps.setFilter(new StepPipeline(List.of(new StepPipeline.NamedStep("sso", "sso-signed-in", Stage.IDENTITY,
                new SignedInCheck(engine, sessions)))));
        context.addFilterDef(steps);
        FilterMap everything = new FilterMap();
        everything.setFilterName("steps");
        everything.addURLPattern("/*");
        context.addFilterMap(everything);
        tomcat.start();
    }

    /** One tenant ({@value #TENANT_DOMAIN}) with one OIDC IdP that gets the typed email as login hint. */
    private SsoConfig sso(boolean trustUnverifiedEmail) {
        OidcIdpConfig oidc = new OidcIdpConfig(discoveryUri, FakeOpenIdProvider.CLIENT_ID,
                Secret.of(FakeOpenIdProvider.CLIENT_SECRET), OidcIdpConfig.ClientAuthentication.CLIENT_SECRET_BASIC,
                null, null);
        IdpConfig idp = new IdpConfig(IDP, "Test OIDC", IdpConfig.Protocol.OIDC, true, trustUnverifiedEmail, null,
                oidc, null);
        return new SsoConfig(List.of(new TenantConfig("acme", List.of(TENANT_DOMAIN), List.of(idp))),
                null, null, null, null);
    }

    /** Applies {@code trustUnverifiedEmail} to the IdP, as an admin's configuration change would. */
    void trustUnverifiedEmail(boolean trust) {
        config.update(current -> current.withSection(SsoSection.SECTION, sso(trust)));
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + pathAndQuery);
    }

    String sessionCookieName() {
        return config.current().section(SsoSection.SECTION).session().cookieName();
    }

    /** Gateway sessions ever opened (live or not), counted in the database. */
    int sessionsOpened() {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM sso_session")) {
            rows.next();
            return rows.getInt(1);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws Exception {
        try {
            tomcat.stop();
            tomcat.destroy();
        } finally {
            sessions.close();
            database.close();
        }
    }

    /** Mattermost, as far as these tests care: it says which page it served, with the query. */
    private static final class MattermostStandIn extends HttpServlet {
        private static final long serialVersionUID = 1L;

        @Override
        protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
            String query = request.getQueryString();
            byte[] body = ("mattermost " + request.getRequestURI() + (query == null ? "" : "?" + query))
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentType("text/plain;charset=UTF-8");
            response.getOutputStream().write(body);
        }
    }
}
