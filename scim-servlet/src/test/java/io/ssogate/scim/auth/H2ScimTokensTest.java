package io.ssogate.scim.auth;

import io.ssogate.core.storage.GatewayDatabase;

import java.nio.file.Path;

/** SCIM tokens on the embedded H2 file, the default database. */
class H2ScimTokensTest extends ScimTokensContract {

    @Override
    GatewayDatabase freshDatabase(Path dataDir) {
        return TokenDatabases.h2(dataDir);
    }
}
