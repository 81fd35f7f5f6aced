package io.ssogate.sso.flow;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.testing.SsoDatabases;

import java.nio.file.Path;

/** The contract on the embedded H2 file, the default database. */
class H2LoginStateStoreTest extends LoginStateStoreContract {

    @Override
    GatewayDatabase freshDatabase(Path dataDir) {
        return SsoDatabases.h2(dataDir);
    }
}
