package io.ssogate.sso.login.accounts;

import io.ssogate.sso.identity.Identity;

/**
 * Hears the steps of the provisioning guard: for metrics, and for tests that must hold one node inside its
 * claim while another arrives. Called on the signing-in thread; must not fail.
 */
public interface ProvisioningObserver {

    ProvisioningObserver NONE = new ProvisioningObserver() {
    };

    /** This node won the claim for {@code identity} and is about to provision its account. */
    default void claimWon(Identity identity) {
    }

    /** Another node holds the claim for {@code identity}; this one waits for its link. */
    default void waitingForClaim(Identity identity) {
    }
}
