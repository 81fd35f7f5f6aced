package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceNotFoundException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.PatchRequest;
import io.ssogate.core.storage.SqlTimestamps;
import io.ssogate.scim.protocol.dialect.ClientDialects;
import io.ssogate.scim.protocol.model.AttributeSelection;
import io.ssogate.scim.protocol.model.IndexedLookup;
import io.ssogate.scim.protocol.model.ListQuery;
import io.ssogate.scim.protocol.model.ResourceKind;
import io.ssogate.scim.store.DuplicateUserNameException;
import io.ssogate.scim.store.GroupRow;
import io.ssogate.scim.store.MemberRef;
import io.ssogate.scim.store.ScimGroupStore;
import io.ssogate.scim.store.ScimTransactions;
import io.ssogate.scim.store.ScimUserStore;
import io.ssogate.scim.sync.SyncQueue;

import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * {@code /Groups}: create, read, list, replace, patch and delete. Members are rows; every member that joins
 * or leaves, and every member of a group renamed or deleted, is queued for the sync (group mappings go by
 * displayName) in the transaction of the change.
 */
final class GroupEndpoint {

    private static final ResourceKind KIND = ResourceKind.GROUP;

    private final ScimUserStore users;
    private final ScimGroupStore groups;
    private final ScimTransactions transactions;
    private final SyncQueue syncQueue;
    private final Clock clock;

    GroupEndpoint(ScimUserStore users, ScimGroupStore groups, SyncQueue syncQueue, Clock clock) {
        this.users = users;
        this.groups = groups;
        this.transactions = new ScimTransactions(users.dataSource());
        this.syncQueue = syncQueue;
        this.clock = clock;
    }

    Reply create(String tenant, URI base, ObjectNode body) throws ScimException, SQLException {
        ObjectNode resource = ResourceRules.forCreate(KIND, ClientDialects.resource(KIND, body));
        Set<String> members = memberIds(resource);
        resource.remove("members");
        Instant now = SqlTimestamps.now(clock);
        String id = UUID.randomUUID().toString();
        GroupRow row = transaction(c -> {
            requireLiveUsers(c, tenant, members);
            GroupRow inserted = groups.insert(c, tenant, id, resource, now);
            groups.addMembers(c, id, members);
            queue(c, tenant, members, now);
            return inserted;
        });
        return single(tenant, base, row, 201).header("Location", ResourceDocuments.location(base, KIND, id));
    }

    Reply get(String tenant, URI base, String id, AttributeSelection selection, String ifNoneMatch)
            throws ScimException, SQLException {
        GroupRow row = groups.find(tenant, id).orElseThrow(() -> notFound(id));
        ETags.checkIfNoneMatch(ifNoneMatch, row.version());
        Reply reply = single(tenant, base, row, 200);
        return Reply.of(200, selection.apply(reply.body())).header("ETag", ETags.of(row.version()));
    }

    Reply list(String tenant, URI base, ListQuery query) throws ScimException, SQLException {
        if (Listing.storePages(query)) {
            int total = groups.count(tenant);
            List<GroupRow> page = query.count() == 0 ? List.of()
                    : groups.page(tenant, query.startIndex() - 1, query.count());
            return Listing.page(query, total, documents(tenant, base, page));
        }
        Optional<IndexedLookup.Key> indexed = query.filter().flatMap(f -> IndexedLookup.of(KIND, f));
        List<GroupRow> rows;
        if (indexed.isPresent()) {
            String value = indexed.get().value();
            rows = switch (indexed.get().field()) {
                case ID -> groups.find(tenant, value).map(List::of).orElse(List.of());
                case DISPLAY_NAME -> groups.byDisplayName(tenant, value);
                case EXTERNAL_ID -> groups.byExternalId(tenant, value);
                case MEMBER -> groups.byMember(tenant, value);
                default -> groups.all(tenant);
            };
        } else {
            rows = groups.all(tenant);
        }
        return Listing.of(KIND, query, documents(tenant, base, rows));
    }

    private List<ObjectNode> documents(String tenant, URI base, List<GroupRow> rows) throws SQLException {
        Map<String, List<MemberRef>> members = groups.members(tenant, rows.stream().map(GroupRow::id).toList());
        List<ObjectNode> resources = new ArrayList<>(rows.size());
        for (GroupRow row : rows) {
            resources.add(ResourceDocuments.group(base, row, members.getOrDefault(row.id(), List.of())));
        }
        return resources;
    }

    Reply replace(String tenant, URI base, String id, ObjectNode body, String ifMatch)
            throws ScimException, SQLException {
        ObjectNode sent = ClientDialects.resource(KIND, body);
        UserEndpoint.checkSameId(sent, id);
        GroupRow saved = update(tenant, id, ifMatch, (current, memberIds) ->
                ResourceRules.forReplace(KIND, ResourceDocuments.groupForPatch(current, memberIds), sent));
        return single(tenant, base, saved, 200);
    }

    Reply patch(String tenant, URI base, String id, ObjectNode body, String ifMatch)
            throws ScimException, SQLException {
        PatchRequest patch = ClientDialects.patch(KIND, body);
        GroupRow saved = update(tenant, id, ifMatch, (current, memberIds) -> {
            ObjectNode before = ResourceDocuments.groupForPatch(current, memberIds);
            ObjectNode after = before.deepCopy();
            Patches.apply(patch, after);
            UserEndpoint.checkSameId(after, id);
            after.remove("id");
            return ResourceRules.forPatch(KIND, before, after);
        });
        return single(tenant, base, saved, 200);
    }

    Reply delete(String tenant, String id, String ifMatch) throws ScimException, SQLException {
        for (int attempt = 1; ; attempt++) {
            GroupRow current = groups.find(tenant, id).orElseThrow(() -> notFound(id));
            ETags.checkIfMatch(ifMatch, current.version());
            Instant now = SqlTimestamps.now(clock);
            boolean deleted = transaction(c -> {
                Set<String> members = groups.memberIds(c, id);
                if (!groups.delete(c, tenant, id, current.version())) {
                    return false;
                }
                queue(c, tenant, members, now);
                return true;
            });
            if (deleted) {
                return Reply.of(204, null);
            }
            Conflicts.lost(ifMatch, attempt);
        }
    }

    @FunctionalInterface
    private interface Change {
        ObjectNode next(GroupRow current, Set<String> memberIds) throws ScimException;
    }

    /** As users: optimistic on the group's version, re-read and re-applied when a race is lost without If-Match. */
    private GroupRow update(String tenant, String id, String ifMatch, Change change)
            throws ScimException, SQLException {
        for (int attempt = 1; ; attempt++) {
            GroupRow current = groups.find(tenant, id).orElseThrow(() -> notFound(id));
            ETags.checkIfMatch(ifMatch, current.version());
            Instant now = SqlTimestamps.now(clock);
            Optional<GroupRow> saved = transaction(c -> {
                Set<String> before = groups.memberIds(c, id);
                ObjectNode next = change.next(current, before);
                Set<String> after = memberIds(next);
                next.remove("members");
                Set<String> added = new LinkedHashSet<>(after);
                added.removeAll(before);
                Set<String> removed = new LinkedHashSet<>(before);
                removed.removeAll(after);
                requireLiveUsers(c, tenant, added);
                Optional<GroupRow> updated = groups.update(c, current, next, now);
                if (updated.isEmpty()) {
                    return updated;
                }
                groups.removeMembers(c, id, removed);
                groups.addMembers(c, id, added);
                boolean renamed = !updated.get().displayName().equals(current.displayName());
                // A rename can move every member in or out of a mapping; otherwise only joiners and leavers change.
                Set<String> affected = new LinkedHashSet<>(renamed ? before : added);
                affected.addAll(renamed ? after : removed);
                queue(c, tenant, affected, now);
                return updated;
            });
            if (saved.isPresent()) {
                return saved.get();
            }
            Conflicts.lost(ifMatch, attempt);
        }
    }

    private Reply single(String tenant, URI base, GroupRow row, int status) throws SQLException {
        List<MemberRef> members = groups.members(tenant, List.of(row.id())).getOrDefault(row.id(), List.of());
        return Reply.of(status, ResourceDocuments.group(base, row, members)).header("ETag", ETags.of(row.version()));
    }

    private void queue(Connection c, String tenant, Set<String> userIds, Instant now) throws SQLException {
        if (userIds.isEmpty()) {
            return;
        }
        users.markPending(c, tenant, userIds, now);
        for (String userId : userIds) {
            syncQueue.enqueue(c, tenant, userId, now);
        }
    }

    /** Members must be live users of the group's tenant; another tenant's user is as unknown as a made-up id. */
    private void requireLiveUsers(Connection c, String tenant, Set<String> ids) throws SQLException,
            BadRequestException {
        if (ids.isEmpty()) {
            return;
        }
        Set<String> live = groups.liveUserIds(c, tenant, ids);
        for (String id : ids) {
            if (!live.contains(id)) {
                throw BadRequestException.invalidValue("member " + id + " is not a User of this tenant");
            }
        }
    }

    /** The member ids a group resource lists (each member's value; groups as members are not supported). */
    private static Set<String> memberIds(ObjectNode resource) throws BadRequestException {
        Set<String> ids = new LinkedHashSet<>();
        JsonNode members = resource.get("members");
        if (members == null || members.isNull()) {
            return ids;
        }
        if (!members.isArray()) {
            throw BadRequestException.invalidValue("members is a list of {\"value\": userId}");
        }
        for (JsonNode member : members) {
            JsonNode value = member.isObject() ? member.get("value") : null;
            if (value == null || !value.isTextual() || value.textValue().isBlank()) {
                throw BadRequestException.invalidValue("each member has a value: the id of a User");
            }
            ids.add(value.textValue());
        }
        return ids;
    }

    static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("no Group " + id);
    }

    private <T> T transaction(ScimTransactions.Work<T> work) throws ScimException, SQLException {
        try {
            return transactions.inTransaction(work);
        } catch (DuplicateUserNameException e) {
            throw new IllegalStateException("a group write touched a userName", e);
        }
    }
}
