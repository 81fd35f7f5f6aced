package io.ssogate.sso.login;

import io.ssogate.sso.login.accounts.AccountUnavailableException;

import io.ssogate.sso.identity.Identity;

/**
 * Finds (or makes) the Mattermost account a signed-in identity logs in as: linked, found by email, created
 * just in time or taken over, by policy.
 */
@FunctionalInterface
public interface AccountResolver {

    /**
     * Mattermost refused the vaulted password of {@code mattermostUserId}: gives the account a new one, when
     * the policy allows it (takeover).
     *
     * @return whether the vault now holds a new password worth another login
     */
    default boolean repairPassword(Identity identity, String mattermostUserId) {
        return false;
    }

    /**
     * @return the Mattermost user id of {@code identity}'s account
     * @throws AccountUnavailableException when there is none the gateway may log in as
     */
    String mattermostUserId(Identity identity);
}
