package io.ssogate.scim.sync;

import io.ssogate.core.mattermost.UsernameRules;

import java.util.Arrays;
import java.util.List;

/**
 * A SCIM user as {@link UsernameRules} sees it: its userName first (what the IdP calls the person), then the
 * email, the given and family name, the displayName. The stable key is the SCIM id, which never changes, so a
 * collision suffix stays the same across renames of everything else.
 */
record ScimNameSource(ScimUserRecord user) implements UsernameRules.NameSource {

    @Override
    public List<String> nameCandidates() {
        String given = user.givenName();
        String family = user.familyName();
        String fullName = given != null && family != null ? given + "." + family : null;
        return Arrays.asList(user.userName(), user.email(), fullName, user.displayName());
    }

    @Override
    public List<String> stableKey() {
        return List.of(user.tenant(), "scim", user.id());
    }
}
