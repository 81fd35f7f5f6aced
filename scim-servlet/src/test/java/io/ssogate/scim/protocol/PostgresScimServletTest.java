package io.ssogate.scim.protocol;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.testkit.postgres.TestPostgres;

import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** The SCIM servlet on a real PostgreSQL, the database of a cluster of gateway nodes. */
class PostgresScimServletTest extends ScimServletContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @Override
    GatewayDatabase freshDatabase(Path dataDir) throws Exception {
        return ScimDatabases.postgres(dataDir, "scim");
    }
}
