package io.ssogate.scim.store;

import java.time.Instant;

/** One {@code scim_group} row: the group as stored, without id, meta and members (those live in their table). */
public record GroupRow(String id, String tenant, String displayName, String externalId, String resourceJson,
                       long version, Instant created, Instant modified) {
}
