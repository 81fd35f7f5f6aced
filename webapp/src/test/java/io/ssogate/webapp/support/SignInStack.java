package io.ssogate.webapp.support;

import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;
import io.ssogate.sso.config.PageConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.scim.config.ScimConfig;
import io.ssogate.scim.config.ScimSection;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.config.TenantConfig;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.sso.login.config.LoginSection;
import io.ssogate.sso.login.vault.VaultKeys;
import io.ssogate.sso.login.vault.VaultSection;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.webapp.launcher.DemoOidcProcess;
import io.ssogate.webapp.launcher.EmbeddedGateway;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The whole sign-in path on loopback, without a browser: the Mattermost emulator, the demo OpenID provider
 * (people {@code @demo.example}, no password; a child process from the emulator jar, as in the demo) and an embedded gateway with single sign-on and the Mattermost
 * login on (an admin token of the emulator's, a fresh vault key, an H2 database in {@code dataDir}). Drive it
 * with {@link HttpBrowser}.
 *
 * <pre>{@code
 * try (SignInStack stack = SignInStack.start(temp, login -> login)) {
 *     HttpBrowser browser = new HttpBrowser();
 *     HttpBrowser.Page page = browser.signIn(stack, "carol@demo.example", "/");
 * }
 * }</pre>
 */
public final class SignInStack implements AutoCloseable {

    public static final String DOMAIN = "demo.example";
    public static final String IDP = "demo-oidc";

    private MattermostEmulator mattermost;
    private final DemoOidcProcess idp;
    private EmbeddedGateway gateway;
    private final GatewayConfig config;
    private int stoppedMattermostPort;

    private SignInStack(MattermostEmulator mattermost, DemoOidcProcess idp, EmbeddedGateway gateway,
                        GatewayConfig config) {
        this.mattermost = mattermost;
        this.idp = idp;
        this.gateway = gateway;
        this.config = config;
    }

    /**
     * Starts the three. {@code login} adjusts the default login settings: the emulator's admin token, JIT
     * provisioning on, takeover off, {@code admin} as the break-glass account.
     */
    public static SignInStack start(Path dataDir, UnaryOperator<LoginConfig> login) {
        return start(dataDir, login, ScimConfig.DEFAULT);
    }

    /** As {@link #start(Path, UnaryOperator)}, with {@code scim} as the {@code scim:} section. */
    public static SignInStack start(Path dataDir, UnaryOperator<LoginConfig> login, ScimConfig scim) {
        MattermostEmulator mattermost = MattermostEmulator.builder().port(0).build().start();
        DemoOidcProcess idp = null;
        try {
            idp = DemoOidcProcess.start(dataDir.resolve("idp"));
            URI publicUrl = URI.create("http://127.0.0.1:" + FreePort.pick());
            mattermost.setSiteUrl(publicUrl);
            LoginConfig defaults = new LoginConfig(Secret.of(mattermost.adminToken()), true, false,
                    Set.of(MattermostEmulator.ADMIN_USERNAME), LoginConfig.DEFAULT_MAX_CONCURRENT_LOGINS,
                    LoginConfig.Mobile.DEFAULT);
            GatewayConfig config = new GatewayConfig(
                    ServerConfig.defaults().withPort(publicUrl.getPort()).withPublicUrl(publicUrl).withDataDir(dataDir),
                    ProxyConfig.of(mattermost.baseUri()), null)
                    .withSection(SsoSection.SECTION, sso(idp.discoveryUri()))
                    .withSection(LoginSection.SECTION, login.apply(defaults))
                    .withSection(VaultSection.SECTION, new VaultKeys("test", Map.of("test", Secret.of(newKey()))))
                    .withSection(ScimSection.SECTION, scim);
            return new SignInStack(mattermost, idp, EmbeddedGateway.start(config), config);
        } catch (IOException e) {
            mattermost.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException | Error e) {
            if (idp != null) {
                idp.close();
            }
            mattermost.close();
            throw e;
        }
    }

    private static SsoConfig sso(URI discoveryUri) {
        OidcIdpConfig oidc = new OidcIdpConfig(discoveryUri, "ssogate-test", Secret.of("test-client-secret"),
                OidcIdpConfig.ClientAuthentication.CLIENT_SECRET_BASIC, null, null);
        IdpConfig idp = new IdpConfig(IDP, "Demo identity provider", IdpConfig.Protocol.OIDC, true, false, null, oidc,
                null);
        return new SsoConfig(List.of(new TenantConfig("demo", List.of(DOMAIN), List.of(idp))), null,
                new PageConfig("Demo Corp", null, true), null, null);
    }

    private static String newKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return Base64.getEncoder().encodeToString(key);
    }

    /** Stops the gateway and starts a new one with the same configuration, port and database. */
    public void restartGateway() {
        gateway.close();
        gateway = EmbeddedGateway.start(config);
    }

    /**
     * Stops Mattermost: until {@link #startMattermostAgain}, the gateway's calls to it are refused (as when
     * its server is down).
     */
    public void stopMattermost() {
        stoppedMattermostPort = mattermost.port();
        mattermost.close();
    }

    /**
     * A Mattermost on the same port with the same admin token and site URL, its state new (the users made
     * before the stop are gone: a test counts what was made after).
     */
    public void startMattermostAgain() {
        URI siteUrl = gateway.baseUri();
        mattermost = MattermostEmulator.builder().port(stoppedMattermostPort).adminToken(mattermost.adminToken())
                .siteUrl(siteUrl).build().start();
    }

    public MattermostEmulator mattermost() {
        return mattermost;
    }

    public EmbeddedGateway gateway() {
        return gateway;
    }

    /** The gateway's public URL plus {@code pathAndQuery}. */
    public URI uri(String pathAndQuery) {
        return gateway.baseUri().resolve(pathAndQuery);
    }

    @Override
    public void close() {
        try {
            gateway.close();
        } finally {
            try {
                idp.close();
            } finally {
                mattermost.close();
            }
        }
    }
}
