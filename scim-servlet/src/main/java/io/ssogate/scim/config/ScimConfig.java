package io.ssogate.scim.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * The {@code scim:} section, checked.
 *
 * @param enabled       whether {@code /scim/v2} answers at all (without a token it answers 401 anyway)
 * @param maxBodySize   the largest request body read, in bytes; larger ones get 413
 * @param maxResults    the most resources one list answer carries ({@code count} is capped to it)
 * @param deleteMode    what a SCIM DELETE does to the Mattermost account
 * @param groups        which SCIM groups put their members into which Mattermost team and channels
 * @param retryMin      the first wait before retrying a failed sync to Mattermost
 * @param retryMax      the longest wait between retries (the backoff doubles up to it)
 */
public record ScimConfig(boolean enabled, long maxBodySize, int maxResults, DeleteMode deleteMode,
                         List<GroupMapping> groups, Duration retryMin, Duration retryMax) {

    public static final long DEFAULT_MAX_BODY_SIZE = 1024 * 1024;
    public static final int DEFAULT_MAX_RESULTS = 1000;
    public static final Duration DEFAULT_RETRY_MIN = Duration.ofSeconds(1);
    public static final Duration DEFAULT_RETRY_MAX = Duration.ofMinutes(5);

    public static final ScimConfig DEFAULT = new ScimConfig(true, DEFAULT_MAX_BODY_SIZE, DEFAULT_MAX_RESULTS,
            DeleteMode.DEACTIVATE, List.of(), DEFAULT_RETRY_MIN, DEFAULT_RETRY_MAX);

    public ScimConfig {
        groups = List.copyOf(groups);
    }

    /** A SCIM DELETE deactivates the account (history kept), or deletes it for good where Mattermost allows. */
    public enum DeleteMode {
        DEACTIVATE, DELETE;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * Members of the SCIM group named {@code group} (its displayName, case-insensitive) in {@code tenant}
     * join Mattermost team {@code team} (by name) and, in it, {@code channels} (by name).
     */
    public record GroupMapping(String tenant, String group, String team, List<String> channels) {

        public GroupMapping {
            channels = List.copyOf(channels);
        }

        public boolean matches(String tenantName, String displayName) {
            return tenant.equals(tenantName) && group.equalsIgnoreCase(displayName);
        }
    }

    /** The mappings of the group {@code displayName} in {@code tenant}. */
    public List<GroupMapping> mappingsOf(String tenant, String displayName) {
        return groups.stream().filter(m -> m.matches(tenant, displayName)).toList();
    }

    public Optional<GroupMapping> firstMappingOf(String tenant, String displayName) {
        return mappingsOf(tenant, displayName).stream().findFirst();
    }
}
