package io.ssogate.sso.login.accounts;

import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.sso.testing.SsoDatabases;

import java.nio.file.Path;

/** The race on the embedded H2 file, the default database. */
class H2AccountProvisioningRaceTest extends AccountProvisioningRaceContract {

    @Override
    GatewayDatabase freshDatabase(Path dataDir) {
        return SsoDatabases.h2(dataDir);
    }
}
