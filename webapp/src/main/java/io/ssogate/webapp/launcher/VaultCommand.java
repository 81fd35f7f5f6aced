package io.ssogate.webapp.launcher;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.login.vault.VaultKeyRotation;
import io.ssogate.sso.login.vault.VaultKeys;
import io.ssogate.sso.login.vault.VaultSection;
import io.ssogate.webapp.InstalledFeatures;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code ssogate vault ...}: the credential vault's maintenance. Alone, it says which subcommand to give. */
@Command(name = "vault", mixinStandardHelpOptions = true,
        description = "Maintains the credential vault (the vault: section's keys).",
        subcommands = VaultCommand.RotateKey.class)
final class VaultCommand implements Callable<Integer> {

    @Spec
    private CommandSpec spec;

    @ParentCommand
    SsogateCommand ssogate;

    @Override
    public Integer call() {
        throw new ParameterException(spec.commandLine(), "Missing required subcommand: rotate-key");
    }

    /**
     * {@code ssogate vault rotate-key}: re-encrypts every vault row not under {@code vault.currentKey},
     * on the configured database, while gateways may run.
     */
    @Command(name = "rotate-key", mixinStandardHelpOptions = true,
            description = {"Re-encrypts every stored password still under an older vault key with vault.currentKey,"
                    + " 100 at a time. Safe while gateways run (a password stored meanwhile wins), and"
                    + " resumable: run it again after an interruption.",
                    "Make the new key current on every gateway first; remove the old key once this exits 0."},
            exitCodeListHeading = "%nExit status:%n",
            exitCodeList = {
                "0:every row is under the current key: the older keys can be removed",
                "1:rows are left under older keys (those that do not decrypt are named), or the database failed",
                "2:a usage or configuration error (no vault: keys)"})
    static final class RotateKey implements Callable<Integer> {

        @Spec
        private CommandSpec spec;

        @ParentCommand
        VaultCommand vault;

        @Override
        public Integer call() throws ConfigException {
            Path file = vault.ssogate.configFile();
            InstalledFeatures features = InstalledFeatures.discover(RotateKey.class.getClassLoader());
            GatewayConfig config = SsogateCommand.load(file, features);
            VaultKeys keys = config.section(VaultSection.SECTION);
            if (!keys.configured()) {
                throw new UsageError("configuration " + file + " has no vault keys: add a vault: section with keys"
                        + " and currentKey (docs/configuration.md#vault)");
            }
            PrintWriter out = spec.commandLine().getOut();
            VaultKeyRotation.Result result;
            try (GatewayDatabase database = GatewayDatabase.start(config.database(), config.server().dataDir(),
                    features.migrations())) {
                result = new VaultKeyRotation(database.dataSource(), keys, Clock.systemUTC())
                        .run(new VaultKeyRotation.Listener() {
                            @Override
                            public void afterBatch(int rotatedSoFar) {
                                out.println("ssogate: vault: " + rotatedSoFar + " re-encrypted so far");
                            }
                        });
            }
            out.println("ssogate: vault rotated to key " + keys.currentId() + ": " + result.rotated()
                    + " re-encrypted, " + result.alreadyCurrent() + " already under it, " + result.skipped()
                    + " skipped (stored or removed meanwhile, by a gateway)");
            if (!result.complete()) {
                PrintWriter err = spec.commandLine().getErr();
                if (!result.failed().isEmpty()) {
                    err.println("ssogate: vault: the stored passwords of " + result.failed().size()
                            + " users do not decrypt and were left as they are: " + String.join(", ", result.failed()));
                }
                int storedMeanwhile = result.remaining() - result.failed().size();
                if (storedMeanwhile > 0) {
                    err.println("ssogate: vault: " + storedMeanwhile + " passwords were stored under an older key"
                            + " meanwhile: make " + keys.currentId() + " vault.currentKey on every gateway, then run"
                            + " this again");
                }
                err.println("ssogate: vault: " + result.remaining() + " rows are still under older keys; keep them");
                return Launcher.EXIT_FAILED;
            }
            return Launcher.EXIT_OK;
        }
    }
}
