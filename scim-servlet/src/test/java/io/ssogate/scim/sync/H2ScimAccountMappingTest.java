package io.ssogate.scim.sync;

import io.ssogate.core.storage.GatewayDatabase;

import java.nio.file.Path;

/** The mapping on the embedded H2 file, the default database. */
class H2ScimAccountMappingTest extends ScimAccountMappingContract {

    @Override
    GatewayDatabase freshDatabase(Path dataDir) {
        return SyncDatabases.h2(dataDir);
    }
}
