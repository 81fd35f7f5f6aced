package io.ssogate.sso.login.vault;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.testing.SsoDatabases;

import java.nio.file.Path;

/** The vault on the embedded H2 file, the default database. */
class H2CredentialVaultTest extends CredentialVaultContract {

    @Override
    GatewayDatabase freshDatabase(Path dataDir) {
        return SsoDatabases.h2(dataDir);
    }
}
