package io.ssogate.webapp.launcher;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.ConfigLoader;
import io.ssogate.webapp.InstalledFeatures;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.Secret;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.scim.auth.ScimTokens;
import io.ssogate.sso.config.IdpConfig;
import io.ssogate.sso.config.OidcIdpConfig;
import io.ssogate.sso.config.PageConfig;
import io.ssogate.sso.config.SsoConfig;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.login.config.LoginConfig;
import io.ssogate.sso.login.config.LoginSection;
import io.ssogate.sso.login.vault.VaultKeys;
import io.ssogate.sso.login.vault.VaultSection;
import io.ssogate.sso.config.TenantConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * {@code ssogate} itself: runs the gateway until SIGTERM or Ctrl-C, or only checks its configuration.
 * Subcommands ({@link Launcher#SUBCOMMANDS}) reach the configuration file through {@link #configFile()}
 * with {@code @ParentCommand}; {@code --config} is inherited, so it may stand before or after their name.
 */
@Command(name = "ssogate",
        mixinStandardHelpOptions = true,
        versionProvider = SsogateVersion.class,
        sortOptions = false,
        description = "Runs the ssogate gateway in front of Mattermost until SIGTERM or Ctrl-C.",
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {
            "0:stopped cleanly; with --check-config, the configuration is valid",
            "1:the gateway could not start (the port is in use, say)",
            "2:a usage or configuration error"},
        footer = {"", "Every configuration key: docs/configuration.md and the sample conf/ssogate.yaml."})
final class SsogateCommand implements Callable<Integer> {

    static final Path DEFAULT_CONFIG = Path.of("conf", "ssogate.yaml");
    /** The demo company's email domain, which the demo OpenID provider signs anyone in for. */
    static final String DEMO_DOMAIN = "demo.example";
    static final String DEMO_USER = "alice@" + DEMO_DOMAIN;
    /** The demo company's tenant, in {@code sso:} and for SCIM provisioning. */
    static final String DEMO_TENANT = "demo";
    /** The label of the SCIM token each demo start makes; the previous run's is revoked then. */
    static final String DEMO_SCIM_TOKEN_LABEL = "ssogate --demo";

    @Spec
    private CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "the configuration file (default conf/ssogate.yaml)")
    private Path config;

    @Option(names = "--port", paramLabel = "N", converter = PortNumber.class,
            description = "listen on port N instead of server.port")
    private Integer port;

    @Option(names = "--demo",
            description = "start the bundled Mattermost emulator, a demo OpenID provider and a gateway "
                    + "signing people in through it on http://127.0.0.1:8080, with an embedded database under data/")
    private boolean demo;

    /** Null when absent; empty when given without FILE (check the --config file). */
    @Option(names = "--check-config", paramLabel = "FILE", arity = "0..1", fallbackValue = "",
            description = "check the configuration file (FILE, else the --config one) and exit: "
                    + "0 when valid, 2 with file:line: key: problem for each problem")
    private String checkConfig;

    /** The configuration file the command line names: {@code --config FILE}, else {@code conf/ssogate.yaml}. */
    Path configFile() {
        return config != null ? config : DEFAULT_CONFIG;
    }

    @Override
    public Integer call() throws IOException, ConfigException {
        boolean checkOnly = checkConfig != null;
        Path checkFile = checkOnly && !checkConfig.isEmpty() ? Path.of(checkConfig) : null;
        if (checkFile != null && config != null) {
            throw new ParameterException(spec.commandLine(),
                    "--check-config " + checkFile + " and --config " + config + " name two files; give one");
        }
        if (demo) {
            if (config != null || checkFile != null) {
                throw new ParameterException(spec.commandLine(),
                        "--demo runs a built-in configuration; it reads no configuration file");
            }
            return checkOnly ? demoIsValid() : runDemo();
        }
        Path file = checkFile != null ? checkFile : configFile();
        InstalledFeatures features = InstalledFeatures.discover(SsogateCommand.class.getClassLoader());
        GatewayConfig loaded = load(file, features);
        if (checkOnly) {
            out().println("ssogate: configuration " + file + " is valid");
            return Launcher.EXIT_OK;
        }
        if (port != null) {
            loaded = loaded.withServer(loaded.server().withPort(port));
        }
        ForegroundGateway.serveUntilStopped(loaded, features, null, List.of(), out());
        return Launcher.EXIT_OK;
    }

    static GatewayConfig load(Path file, InstalledFeatures features) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new UsageError("configuration file [" + file + "] not found"
                    + " (use --config FILE, or --demo to try ssogate without one)");
        }
        // The installed features' sections are part of the file's grammar.
        return new ConfigLoader(features.configSections()).load(file);
    }

    private int demoIsValid() {
        out().println("ssogate: the demo configuration is built in and valid");
        return Launcher.EXIT_OK;
    }

    private int runDemo() throws IOException {
        int demoPort = port != null ? port : ServerConfig.DEFAULT_PORT;
        URI publicUrl = URI.create("http://127.0.0.1:" + demoPort);
        ServerConfig server = ServerConfig.defaults().withPort(demoPort).withPublicUrl(publicUrl);
        String adminToken = DemoSecrets.newToken();
        DemoEmulatorProcess emulator = DemoEmulatorProcess.start(server.dataDir(), publicUrl, adminToken);
        DemoOidcProcess oidc;
        try {
            oidc = DemoOidcProcess.start(server.dataDir());
        } catch (IOException | RuntimeException e) {
            emulator.close();
            throw e;
        }
        AutoCloseable children = () -> {
            try (emulator; oidc) {
                // closes both, the provider first, even when one close fails
            }
        };
        GatewayConfig config = new GatewayConfig(server, ProxyConfig.of(emulator.baseUri()), null)
                .withSection(SsoSection.SECTION, demoSso(oidc.discoveryUri()))
                .withSection(LoginSection.SECTION, demoLogin(adminToken))
                .withSection(VaultSection.SECTION, new VaultKeys(DemoSecrets.VAULT_KEY_ID,
                        Map.of(DemoSecrets.VAULT_KEY_ID, DemoSecrets.vaultKey(server.dataDir()))));
        ForegroundGateway.serveUntilStopped(config, InstalledFeatures.discover(SsogateCommand.class.getClassLoader()),
                children, gateway -> List.of(
                        "Demo: sign in as " + DEMO_USER + " at " + publicUrl + "/ (any address @" + DEMO_DOMAIN
                                + " works; the demo identity provider asks no password).",
                        "You land in Mattermost (the emulator's page) logged in as alice, its WebSocket"
                                + " connected through the gateway; a new address gets a new account.",
                        "Behind the gateway: the Mattermost emulator at " + emulator.baseUri()
                                + " and the demo OpenID provider at " + oidc.issuer() + ".",
                        "SCIM provisioning of the " + DEMO_TENANT + " tenant: base URL "
                                + ScimTokenCommand.scimBaseUrl(publicUrl) + ", bearer token (new at every start):",
                        "  " + demoScimToken(gateway),
                        "Press Ctrl-C to stop all three."),
                out());
        return Launcher.EXIT_OK;
    }

    /**
     * A new SCIM token for the demo tenant, in the demo's database; the one of the previous demo run is
     * revoked, so tokens do not pile up in data/ and only the printed one works.
     */
    private static String demoScimToken(EmbeddedGateway gateway) {
        return demoScimToken(new ScimTokens(gateway.application().awaitStorage().dataSource(), Clock.systemUTC()));
    }

    static String demoScimToken(ScimTokens tokens) {
        tokens.list(DEMO_TENANT).stream()
                .filter(t -> !t.revoked() && DEMO_SCIM_TOKEN_LABEL.equals(t.label()))
                .forEach(t -> tokens.revoke(t.id()));
        return tokens.create(DEMO_TENANT, DEMO_SCIM_TOKEN_LABEL).token().reveal();
    }

    /**
     * The demo's {@code login:} section: the emulator's admin token; accounts created for newcomers and taken
     * over for alice and bob, whose passwords the gateway does not know; the emulator's admin keeps its
     * password (break-glass, at /sso/local).
     */
    static LoginConfig demoLogin(String adminToken) {
        return new LoginConfig(Secret.of(adminToken), true, true, Set.of("admin"),
                LoginConfig.DEFAULT_MAX_CONCURRENT_LOGINS, LoginConfig.Mobile.DEFAULT);
    }

    /**
     * The demo's {@code sso:} section: one company, Demo Corp, whose people ({@value #DEMO_DOMAIN}) sign in
     * through the demo OpenID provider. The email page is kept (no single-IdP shortcut) so a newcomer sees
     * what the people of a company see.
     */
    static SsoConfig demoSso(URI discoveryUri) {
        // The provider accepts any client secret; the gateway needs one for client_secret_basic.
        OidcIdpConfig oidc = new OidcIdpConfig(discoveryUri, "ssogate-demo", Secret.of("demo-client-secret"),
                OidcIdpConfig.ClientAuthentication.CLIENT_SECRET_BASIC, null, null);
        IdpConfig idp = new IdpConfig("demo-oidc", "Demo identity provider", IdpConfig.Protocol.OIDC, true, false,
                null, oidc, null);
        TenantConfig tenant = new TenantConfig(DEMO_TENANT, List.of(DEMO_DOMAIN), List.of(idp));
        return new SsoConfig(List.of(tenant), null, new PageConfig("Demo Corp", null, false), null, null);
    }

    private PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A TCP port, 1 to 65535. */
    static final class PortNumber implements ITypeConverter<Integer> {
        @Override
        public Integer convert(String text) {
            try {
                int port = Integer.parseInt(text);
                if (port >= 1 && port <= 65535) {
                    return port;
                }
            } catch (NumberFormatException ignored) {
                // reported below
            }
            throw new TypeConversionException("a port is a number from 1 to 65535, not [" + text + "]");
        }
    }
}
