package io.ssogate.scim.sync;

import io.ssogate.core.accounts.Tenant;
import io.ssogate.core.mattermost.MattermostClient;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.scim.config.ScimConfig;
import io.ssogate.testkit.emulator.MattermostEmulator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static io.ssogate.testkit.time.Eventually.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The parts as the feature wires them: a write through the queue wakes the sync, the sign-in finds the account. */
class ScimSyncTest {

    @TempDir
    Path dataDir;

    @Test
    void aQueuedUserIsProvisionedAndTheSignInMappingFindsItsAccount() {
        try (MattermostEmulator mattermost = MattermostEmulator.builder().port(0).build().start();
             MattermostClient client = new MattermostClient(mattermost.baseUri(), mattermost.adminToken(),
                     Duration.ofSeconds(2));
             GatewayDatabase db = SyncDatabases.h2(dataDir)) {
            ScimSync sync = new ScimSync(db.dataSource(), () -> ScimConfig.DEFAULT,
                    () -> List.of(new Tenant("corp", List.of("example.com"))), () -> Optional.of(client),
                    new TestVault(p -> { }), id -> 0, "node-1", Clock.systemUTC()).start();
            try {
                ScimRows rows = new ScimRows(db.dataSource(), sync.queue());
                String id = rows.createUser("corp", ScimRows.resource("alice", "alice@example.com", "Alice", "A",
                        null, null));
                await("alice is synced", () -> rows.read(id).map(r -> r.isSyncedAt(1)).orElse(false));
                String accountId = rows.read(id).orElseThrow().mattermostUserId();
                assertEquals(Optional.of(accountId), sync.accountMapping().mattermostUserIdFor("corp",
                        "Alice@example.com"));
                assertEquals("alice", mattermost.findUserById(accountId).orElseThrow().username());
            } finally {
                sync.close();
            }
        }
    }
}
