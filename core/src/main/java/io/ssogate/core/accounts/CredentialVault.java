package io.ssogate.core.accounts;

import io.ssogate.core.config.Secret;
import java.util.Optional;

/**
 * The Mattermost passwords the gateway generated and logs people in with, kept encrypted at rest. Only the
 * Mattermost login ever reveals one; they never reach a log, a page, an exception or an API answer.
 */
public interface CredentialVault {

    /** Stores (or replaces) the password of Mattermost user {@code mattermostUserId}, encrypted. */
    void store(String mattermostUserId, Secret password);

    /** The password of {@code mattermostUserId}, if the vault has one. */
    Optional<Secret> password(String mattermostUserId);

    /** Forgets the password of {@code mattermostUserId} (the account was deleted or unlinked). */
    void remove(String mattermostUserId);
}
