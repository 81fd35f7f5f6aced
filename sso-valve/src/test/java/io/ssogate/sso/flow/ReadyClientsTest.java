package io.ssogate.sso.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.context.CallContext;
import org.pac4j.core.credentials.Credentials;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.profile.UserProfile;
import org.pac4j.core.profile.creator.ProfileCreator;
import org.pac4j.core.util.InitializableObject;

import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Two first uses of one client at once: the second waits for the first's initialisation instead of using a half-made client. */
class ReadyClientsTest {

    /** A profile creator whose initialisation takes as long as the test says, like an OIDC discovery call. */
    private static final class SlowCreator extends InitializableObject implements ProfileCreator {
        final CountDownLatch initialising = new CountDownLatch(1);
        final CountDownLatch finish = new CountDownLatch(1);
        final AtomicInteger inits = new AtomicInteger();
        volatile boolean fail;
        volatile String definition;

        @Override
        protected void internalInit(boolean forceReinit) {
            inits.incrementAndGet();
            initialising.countDown();
            try {
                finish.await(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (fail) {
                throw new TechnicalException("discovery did not answer");
            }
            definition = "ready";
        }

        @Override
        public Optional<UserProfile> create(CallContext ctx, Credentials credentials) {
            return Optional.empty();
        }
    }

    private static final class TestClient extends IndirectClient {
        TestClient(SlowCreator creator) {
            setName("test-idp");
            setCallbackUrl("http://127.0.0.1/sso/callback");
            setProfileCreator(creator);
        }

        @Override
        protected void internalInit(boolean forceReinit) {
            setRedirectionActionBuilderIfUndefined(ctx -> Optional.empty());
            setCredentialsExtractorIfUndefined(ctx -> Optional.empty());
            setAuthenticatorIfUndefined((ctx, credentials) -> Optional.of(credentials));
        }
    }

    @Test
    void aSecondFirstUseWaitsForTheFirstsInitialisationAndSeesItWhole() throws Exception {
        SlowCreator creator = new SlowCreator();
        TestClient client = new TestClient(creator);
        CompletableFuture<String> first = CompletableFuture.supplyAsync(() -> {
            ReadyClients.ready(client);
            return creator.definition;
        });
        assertTrue(creator.initialising.await(10, TimeUnit.SECONDS));
        // What pac4j alone does for the second caller: "too soon since the last attempt", no initialisation,
        // and the caller goes on with the half-made creator.
        creator.init();
        assertEquals(null, creator.definition, "pac4j's own init() let the second caller through half-made");

        CompletableFuture<String> second = CompletableFuture.supplyAsync(() -> {
            ReadyClients.ready(client);
            return creator.definition;
        });
        assertFalse(second.isDone(), "the second use waits");
        creator.finish.countDown();

        assertEquals("ready", first.get(10, TimeUnit.SECONDS));
        assertEquals("ready", second.get(10, TimeUnit.SECONDS), "the second use sees the creator whole");
        assertEquals(1, creator.inits.get());
    }

    @Test
    void aClientThatCouldNotBeSetUpIsRefusedNotHandedOutHalfMade() {
        SlowCreator creator = new SlowCreator();
        creator.fail = true;
        creator.finish.countDown();
        TestClient client = new TestClient(creator);

        assertThrows(TechnicalException.class, () -> ReadyClients.ready(client));
        // pac4j waits before trying again; meanwhile every use is refused, cleanly.
        TechnicalException again = assertThrows(TechnicalException.class, () -> ReadyClients.ready(client));
        assertTrue(again.getMessage().contains("test-idp"), again.getMessage());
    }

    @Test
    void anInitialisedClientIsHandedOutAsItIs() {
        SlowCreator creator = new SlowCreator();
        creator.finish.countDown();
        TestClient client = new TestClient(creator);

        assertSame(client, ReadyClients.ready(client));
        assertSame(client, ReadyClients.ready(client));
        assertEquals(1, creator.inits.get());
    }
}
