package io.ssogate.sso.saml;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** The replay guard as the gateway's database implements it, in a map: first use wins. */
final class InMemoryReplayGuard implements AssertionReplayGuard {

    final Map<String, Instant> used = new ConcurrentHashMap<>();

    @Override
    public boolean firstUse(String idpName, String assertionId, Instant expiresAt) {
        return used.putIfAbsent(idpName + "|" + assertionId, expiresAt) == null;
    }
}
