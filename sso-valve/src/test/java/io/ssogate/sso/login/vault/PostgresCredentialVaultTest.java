package io.ssogate.sso.login.vault;

import io.ssogate.core.accounts.CredentialVault;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.testing.SsoDatabases;
import io.ssogate.testkit.postgres.TestPostgres;

import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** The vault on a real PostgreSQL, the database of a cluster of gateway nodes. */
class PostgresCredentialVaultTest extends CredentialVaultContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @Override
    GatewayDatabase freshDatabase(Path dataDir) throws Exception {
        return SsoDatabases.postgres(dataDir, "vault");
    }
}
