package io.ssogate.core.accounts;

import java.util.Optional;

/**
 * Where another feature already knows which Mattermost account a person has: SCIM provisioning, which
 * creates accounts before anyone signs in. The sign-in consults it before its link table and the email
 * lookup, so a provisioned person logs into the account the IdP provisioned, not a second one.
 */
@FunctionalInterface
public interface ExternalAccountMapping {

    /** No mapping: accounts are found by link or email only. */
    ExternalAccountMapping NONE = (tenant, email) -> Optional.empty();

    /**
     * The Mattermost user id the person of {@code tenant} signing in with {@code email} should log in as,
     * if this mapping knows it.
     */
    Optional<String> mattermostUserIdFor(String tenant, String email);
}
