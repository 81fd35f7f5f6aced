package io.ssogate.sso.login.accounts;

import io.ssogate.sso.identity.Identity;

import java.util.Optional;

/**
 * Where another component already knows which Mattermost account an identity has: SCIM provisioning, which
 * creates accounts before anyone signs in. Consulted before the link table and the email lookup.
 */
@FunctionalInterface
public interface ExternalAccountMapping {

    /** No mapping: accounts are found by link or email only. */
    ExternalAccountMapping NONE = identity -> Optional.empty();

    /** The Mattermost user id {@code identity} should log in as, if this mapping knows it. */
    Optional<String> mattermostUserIdFor(Identity identity);
}
