package io.ssogate.scim.sync;

import io.ssogate.core.storage.GatewayDatabase;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The sign-in finds the account SCIM provisioned by email or userName, within the tenant, never a deleted
 * user's: {@link H2ScimAccountMappingTest} and {@link PostgresScimAccountMappingTest}.
 */
abstract class ScimAccountMappingContract {

    @TempDir
    Path dataDir;

    GatewayDatabase db;
    ScimRows rows;
    ScimAccountMapping mapping;

    abstract GatewayDatabase freshDatabase(Path dataDir) throws Exception;

    @BeforeEach
    void start() throws Exception {
        db = freshDatabase(dataDir);
        rows = new ScimRows(db.dataSource(), new SyncQueue(() -> { }));
        mapping = new ScimAccountMapping(db.dataSource());
    }

    @AfterEach
    void stop() {
        db.close();
    }

    private String provisioned(String tenant, String userName, String email, String mattermostId) {
        String id = rows.createUser(tenant, ScimRows.resource(userName, email, null, null, null, null));
        rows.execute("UPDATE scim_user SET mattermost_user_id = ? WHERE id = ?", mattermostId, id);
        return id;
    }

    @Test
    void theEmailFindsTheProvisionedAccountIgnoringCase() {
        provisioned("corp", "alice", "Alice@Example.com", "mm-alice");
        assertEquals(Optional.of("mm-alice"), mapping.mattermostUserIdFor("corp", "ALICE@example.COM"));
    }

    @Test
    void theUserNameFindsItWhenItIsTheAddress() {
        provisioned("corp", "Bob@Example.com", "robert@example.com", "mm-bob");
        assertEquals(Optional.of("mm-bob"), mapping.mattermostUserIdFor("corp", "bob@example.com"));
    }

    @Test
    void anEmailMatchWinsOverAnotherUsersUserName() {
        provisioned("corp", "carol@example.com", "carol.c@example.com", "mm-by-username");
        provisioned("corp", "carol.k", "carol@example.com", "mm-by-email");
        assertEquals(Optional.of("mm-by-email"), mapping.mattermostUserIdFor("corp", "carol@example.com"));
    }

    @Test
    void anotherTenantsUserAnUnlinkedOneAndADeletedOneAreNotFound() {
        provisioned("other", "dave", "dave@example.com", "mm-dave");
        rows.createUser("corp", ScimRows.resource("erin", "erin@example.com", null, null, null, null));
        String frank = provisioned("corp", "frank", "frank@example.com", "mm-frank");
        rows.deleteUser("corp", frank);

        assertEquals(Optional.empty(), mapping.mattermostUserIdFor("corp", "dave@example.com"));
        assertEquals(Optional.empty(), mapping.mattermostUserIdFor("corp", "erin@example.com"));
        assertEquals(Optional.empty(), mapping.mattermostUserIdFor("corp", "frank@example.com"));
        assertEquals(Optional.empty(), mapping.mattermostUserIdFor("corp", ""));
    }
}
