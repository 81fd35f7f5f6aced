package io.ssogate.scim.auth;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.testkit.postgres.TestPostgres;

import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** SCIM tokens on a real PostgreSQL, the database of a cluster of gateway nodes. */
class PostgresScimTokensTest extends ScimTokensContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @Override
    GatewayDatabase freshDatabase(Path dataDir) throws Exception {
        return TokenDatabases.postgres(dataDir, "scimtokens");
    }
}
