package io.ssogate.sso.saml;

import java.time.Instant;

/**
 * Remembers which SAML assertions were already used, so a captured response cannot sign anyone in twice.
 * The gateway's implementation keeps them in the shared database, so a replay to another node is refused
 * as well.
 */
@FunctionalInterface
public interface AssertionReplayGuard {

    /**
     * Records that {@code assertionId} from {@code idpName} is used, until {@code expiresAt} (the assertion's
     * NotOnOrAfter plus the clock skew); after that its time window refuses it anyway.
     *
     * @return true the first time, false when it was already used, on any node
     */
    boolean firstUse(String idpName, String assertionId, Instant expiresAt);
}
