package io.ssogate.scim.protocol;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.testkit.postgres.TestPostgres;

import org.junit.jupiter.api.extension.RegisterExtension;

import java.nio.file.Path;

/** Entra ID's and Okta's requests on a real PostgreSQL. */
class PostgresVendorDialectTest extends VendorDialectContract {

    @RegisterExtension
    static final TestPostgres POSTGRES = new TestPostgres();

    @Override
    GatewayDatabase freshDatabase(Path dataDir) throws Exception {
        return ScimDatabases.postgres(dataDir, "scimvendor");
    }
}
