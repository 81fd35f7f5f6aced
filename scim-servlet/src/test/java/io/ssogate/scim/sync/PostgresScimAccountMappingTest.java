package io.ssogate.scim.sync;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.testkit.postgres.TestPostgres;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** The mapping on a real PostgreSQL, the database of a cluster of gateway nodes. */
class PostgresScimAccountMappingTest extends ScimAccountMappingContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @Override
    GatewayDatabase freshDatabase(Path dataDir) throws Exception {
        return SyncDatabases.postgres(dataDir, "scimmapping");
    }
}
