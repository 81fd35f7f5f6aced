package io.ssogate.sso.login.accounts;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.testing.SsoDatabases;
import io.ssogate.testkit.postgres.TestPostgres;

import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** The contract on a real PostgreSQL, the database of a cluster of gateway nodes. */
class PostgresAccountLinksTest extends AccountLinksContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @Override
    GatewayDatabase freshDatabase(Path dataDir) throws Exception {
        return SsoDatabases.postgres(dataDir, "accounts");
    }
}
