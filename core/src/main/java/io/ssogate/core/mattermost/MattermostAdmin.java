package io.ssogate.core.mattermost;

import java.util.Optional;

/**
 * The gateway's administrator connection to Mattermost (the {@code login.adminToken}), for features that
 * manage accounts. Empty while no token is configured; the client follows the live configuration.
 */
@FunctionalInterface
public interface MattermostAdmin {

    Optional<MattermostClient> client();
}
