package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.ssogate.core.accounts.Tenant;
import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.scim.auth.ScimTokenAuthenticator;
import io.ssogate.scim.auth.ScimTokens;
import io.ssogate.webapp.InstalledFeatures;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each demo start prints a new SCIM token for the demo tenant; the previous run's stops working. */
class DemoScimTokenTest {

    @TempDir
    Path dataDir;

    @Test
    void aNewDemoTokenRevokesThePreviousRunsButNoTokenAnAdminMade() {
        try (GatewayDatabase database = GatewayDatabase.start(DatabaseConfig.embedded(), dataDir,
                InstalledFeatures.discover(getClass().getClassLoader()).migrations())) {
            ScimTokens tokens = new ScimTokens(database.dataSource(), Clock.systemUTC());
            ScimTokenAuthenticator authenticator = new ScimTokenAuthenticator(tokens,
                    () -> () -> List.of(new Tenant(SsogateCommand.DEMO_TENANT, List.of(SsogateCommand.DEMO_DOMAIN))),
                    Duration.ZERO);
            String byHand = tokens.create(SsogateCommand.DEMO_TENANT, "curl tests").token().reveal();
            String firstRun = SsogateCommand.demoScimToken(tokens);

            String secondRun = SsogateCommand.demoScimToken(tokens);

            assertNotEquals(firstRun, secondRun);
            assertEquals(Optional.empty(), authenticator.tenantOf("Bearer " + firstRun));
            assertEquals(Optional.of("demo"), authenticator.tenantOf("Bearer " + secondRun));
            assertEquals(Optional.of("demo"), authenticator.tenantOf("Bearer " + byHand));
        }
    }
}
