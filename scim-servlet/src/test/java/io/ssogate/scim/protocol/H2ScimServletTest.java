package io.ssogate.scim.protocol;

import io.ssogate.core.storage.GatewayDatabase;

import java.nio.file.Path;

/** The SCIM servlet on the embedded H2 file, the default database. */
class H2ScimServletTest extends ScimServletContract {

    @Override
    GatewayDatabase freshDatabase(Path dataDir) {
        return ScimDatabases.h2(dataDir);
    }
}
