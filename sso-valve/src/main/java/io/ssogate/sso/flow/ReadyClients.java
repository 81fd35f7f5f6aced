package io.ssogate.sso.flow;

import org.pac4j.core.client.BaseClient;
import org.pac4j.core.client.Client;
import org.pac4j.core.client.IndirectClient;
import org.pac4j.core.exception.TechnicalException;
import org.pac4j.core.util.InitializableObject;

import java.util.ArrayList;
import java.util.List;

/**
 * Initialises a pac4j client, and the parts it initialises lazily on first use (the OIDC profile creator,
 * authenticator, …), one thread at a time, before any request uses it.
 *
 * <p>Why: pac4j's {@code InitializableObject.init()} checks, outside its lock, whether enough time passed
 * since the last attempt; a second thread arriving while the first is still initialising sees "too soon",
 * skips the initialisation and uses the half-made object. The first concurrent callbacks of a fresh gateway
 * failed that way ({@code OidcProfileCreator.getProfileDefinition()} null). Serialising the initialisation
 * here, and refusing a client that is still not initialised afterwards (its IdP did not answer; pac4j waits
 * before it tries again), turns that into a clean "not available".
 */
final class ReadyClients {

    private ReadyClients() {
    }

    static Client ready(Client client) {
        if (!(client instanceof BaseClient base)) {
            return client;
        }
        synchronized (base) {
            base.init();
            for (Object part : partsOf(base)) {
                if (part instanceof InitializableObject lazy) {
                    lazy.init();
                }
            }
            if (!base.isInitialized() || !partsOf(base).stream()
                    .allMatch(part -> !(part instanceof InitializableObject lazy) || lazy.isInitialized())) {
                throw new TechnicalException("identity provider " + base.getName()
                        + " could not be set up (its discovery or metadata did not answer); try again shortly");
            }
        }
        return client;
    }

    private static List<Object> partsOf(BaseClient client) {
        List<Object> parts = new ArrayList<>();
        parts.add(client.getCredentialsExtractor());
        parts.add(client.getAuthenticator());
        parts.add(client.getProfileCreator());
        if (client instanceof IndirectClient indirect) {
            parts.add(indirect.getLogoutProcessor());
            parts.add(indirect.getRedirectionActionBuilder());
            parts.add(indirect.getLogoutActionBuilder());
        }
        return parts;
    }
}
