package io.ssogate.webapp.launcher;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.scim.auth.IssuedToken;
import io.ssogate.scim.auth.ScimToken;
import io.ssogate.scim.auth.ScimTokenAuthenticator;
import io.ssogate.scim.auth.ScimTokens;
import io.ssogate.sso.config.SsoSection;
import io.ssogate.sso.config.TenantConfig;
import io.ssogate.webapp.InstalledFeatures;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code ssogate scim-token ...}: the bearer tokens an identity provider presents at {@code /scim/v2}, one
 * or more per tenant, on the configured database. Alone, it says which subcommand to give.
 */
@Command(name = "scim-token", mixinStandardHelpOptions = true,
        description = "Creates, lists and revokes the SCIM bearer tokens of a tenant (stored hashed: a token is"
                + " shown once, when created).",
        subcommands = {ScimTokenCommand.Create.class, ScimTokenCommand.ListTokens.class,
            ScimTokenCommand.Revoke.class})
final class ScimTokenCommand implements Callable<Integer> {

    private static final String PREFIX = "ssogate: ";

    @Spec
    private CommandSpec spec;

    @ParentCommand
    SsogateCommand ssogate;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: create, list or revoke");
    }

    /** The base URL of the SCIM API that an identity provider is given along with a token. */
    static String scimBaseUrl(URI publicUrl) {
        String base = publicUrl.toString();
        return (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + "/scim/v2";
    }

    /** Runs {@code work} on the configured database, opened with every installed feature's tables. */
    private <T> T withTokens(Loaded loaded, Function<ScimTokens, T> work) {
        try (GatewayDatabase database = GatewayDatabase.start(loaded.config.database(),
                loaded.config.server().dataDir(), loaded.features.migrations())) {
            return work.apply(new ScimTokens(database.dataSource(), Clock.systemUTC()));
        }
    }

    private record Loaded(Path file, GatewayConfig config, InstalledFeatures features) {
    }

    private Loaded load() throws ConfigException {
        Path file = ssogate.configFile();
        InstalledFeatures features = InstalledFeatures.discover(ScimTokenCommand.class.getClassLoader());
        return new Loaded(file, SsogateCommand.load(file, features), features);
    }

    /** A token names a tenant of {@code sso.tenants}: one of another name would open nothing, now or later. */
    private static void requireTenant(Loaded loaded, String tenant) {
        List<String> names = loaded.config.section(SsoSection.SECTION).tenants().stream()
                .map(TenantConfig::name).toList();
        if (!names.contains(tenant)) {
            throw new UsageError("tenant " + tenant + " is not in sso.tenants of " + loaded.file
                    + (names.isEmpty() ? " (it has none)" : " (its tenants: " + String.join(", ", names) + ")"));
        }
    }

    private static String time(Instant instant) {
        return instant == null ? "-" : instant.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    /** {@code ssogate scim-token create TENANT [--label TEXT]}: the token is the last line, alone. */
    @Command(name = "create", mixinStandardHelpOptions = true,
            description = {"Creates a SCIM bearer token for TENANT and prints it once: its last line is the token"
                    + " alone. Only its hash is stored; a lost token is revoked and replaced."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {
                "0:the token was created (last line)",
                "1:the database failed",
                "2:a usage or configuration error (TENANT not in sso.tenants)"})
    static final class Create implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @ParentCommand
        ScimTokenCommand parent;

        @Parameters(index = "0", paramLabel = "TENANT", description = "a tenant of sso.tenants")
        String tenant;

        @Option(names = "--label", paramLabel = "TEXT",
                description = "what the token is for, shown by list (the identity provider holding it, say)")
        String label;

        @Override
        public Integer call() throws ConfigException {
            Loaded loaded = parent.load();
            requireTenant(loaded, tenant);
            if (label != null && (label.strip().length() > 200 || label.chars().anyMatch(Character::isISOControl))) {
                throw new UsageError("--label is one line of at most 200 characters");
            }
            IssuedToken issued = parent.withTokens(loaded, tokens -> tokens.create(tenant, label));
            PrintWriter out = spec.commandLine().getOut();
            out.println(PREFIX + "SCIM token " + issued.id() + " created for tenant " + tenant
                    + (issued.info().label() == null ? "" : " (" + issued.info().label() + ")") + ".");
            URI publicUrl = loaded.config.server().publicUrl();
            out.println(PREFIX + "give the identity provider the SCIM base URL "
                    + (publicUrl == null ? "<the gateway's public URL>/scim/v2" : scimBaseUrl(publicUrl))
                    + " and this token as its bearer token. It is shown this once only:");
            out.println(issued.token().reveal());
            out.flush();
            return Launcher.EXIT_OK;
        }
    }

    /** {@code ssogate scim-token list TENANT}: ids, labels and times; never a token or its hash. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Lists TENANT's SCIM tokens, revoked ones included: id, label, when created, last used"
                    + " (to the minute) and revoked. Tokens themselves are not stored, so never shown.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {
                "0:listed (maybe none)",
                "1:the database failed",
                "2:a usage or configuration error (TENANT not in sso.tenants)"})
    static final class ListTokens implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @ParentCommand
        ScimTokenCommand parent;

        @Parameters(index = "0", paramLabel = "TENANT", description = "a tenant of sso.tenants")
        String tenant;

        @Override
        public Integer call() throws ConfigException {
            Loaded loaded = parent.load();
            requireTenant(loaded, tenant);
            List<ScimToken> tokens = parent.withTokens(loaded, t -> t.list(tenant));
            PrintWriter out = spec.commandLine().getOut();
            if (tokens.isEmpty()) {
                out.println(PREFIX + "tenant " + tenant + " has no SCIM tokens (create one: ssogate scim-token"
                        + " create " + tenant + ")");
                return Launcher.EXIT_OK;
            }
            int labelWidth = Math.max(5, tokens.stream().mapToInt(t -> label(t).length()).max().orElse(0));
            String row = "%-36s  %-" + labelWidth + "s  %-20s  %-20s  %s%n";
            out.printf(row, "ID", "LABEL", "CREATED", "LAST USED", "REVOKED");
            for (ScimToken token : tokens) {
                out.printf(row, token.id(), label(token), time(token.createdAt()), time(token.lastUsedAt()),
                        time(token.revokedAt()));
            }
            out.flush();
            return Launcher.EXIT_OK;
        }

        private static String label(ScimToken token) {
            return token.label() == null ? "-" : token.label();
        }
    }

    /** {@code ssogate scim-token revoke ID}: every gateway refuses the token from then on (within 5 s). */
    @Command(name = "revoke", mixinStandardHelpOptions = true,
            description = "Revokes the SCIM token with this ID (from scim-token list): every gateway refuses it"
                    + " within seconds. It stays listed, as revoked.",
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {
                "0:the token is revoked (now, or already before)",
                "1:the database failed",
                "2:a usage or configuration error (no token has this ID)"})
    static final class Revoke implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @ParentCommand
        ScimTokenCommand parent;

        @Parameters(index = "0", paramLabel = "ID", description = "the token's id, as scim-token list shows it")
        String id;

        @Override
        public Integer call() throws ConfigException {
            Loaded loaded = parent.load();
            record Outcome(Optional<ScimToken> before, boolean revoked) {
            }
            Outcome outcome = parent.withTokens(loaded, tokens -> {
                Optional<ScimToken> before = tokens.find(id);
                return new Outcome(before, before.isPresent() && tokens.revoke(id));
            });
            if (outcome.before().isEmpty()) {
                throw new UsageError("no SCIM token has the id " + id + " (scim-token list TENANT shows them)");
            }
            ScimToken token = outcome.before().get();
            PrintWriter out = spec.commandLine().getOut();
            if (outcome.revoked()) {
                out.println(PREFIX + "SCIM token " + id + " of tenant " + token.tenant() + " revoked: every gateway"
                        + " refuses it within " + ScimTokenAuthenticator.DEFAULT_CACHE_TIME.toSeconds() + " s");
            } else {
                out.println(PREFIX + "SCIM token " + id + " of tenant " + token.tenant() + " was already revoked"
                        + (token.revokedAt() == null ? "" : " at " + time(token.revokedAt())));
            }
            return Launcher.EXIT_OK;
        }
    }
}
