package io.ssogate.sso.session;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.testing.SsoDatabases;

import java.nio.file.Path;

/** The gateway sessions' contract on the embedded H2 file, the default database. */
class H2GatewaySessionsTest extends GatewaySessionsContract {

    @Override
    GatewayDatabase freshDatabase(Path dataDir) {
        return SsoDatabases.h2(dataDir);
    }
}
