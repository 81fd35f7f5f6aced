package io.ssogate.scim.protocol;

import io.ssogate.core.storage.GatewayDatabase;

import java.nio.file.Path;

/** Entra ID's and Okta's requests on the embedded H2 file. */
class H2VendorDialectTest extends VendorDialectContract {

    @Override
    GatewayDatabase freshDatabase(Path dataDir) {
        return ScimDatabases.h2(dataDir);
    }
}
