package io.ssogate.scim.store;

import java.time.Instant;

/**
 * One live {@code scim_user} row: the resource as stored (without id, meta, groups) and what the sync keeps
 * about its Mattermost account, which the SCIM resource shows read-only.
 */
public record UserRow(String id, String tenant, String userName, String externalId, boolean active,
                      String resourceJson, long version, Instant created, Instant modified,
                      String syncState, String syncDetail, String mattermostUserId, String mattermostUsername,
                      Instant syncedAt) {
}
