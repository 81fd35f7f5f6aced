package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ResourceConflictException;
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
import io.ssogate.scim.store.MemberRef;
import io.ssogate.scim.store.ScimGroupStore;
import io.ssogate.scim.store.ScimTransactions;
import io.ssogate.scim.store.ScimUserStore;
import io.ssogate.scim.store.UserRow;
import io.ssogate.scim.sync.SyncQueue;

import java.net.URI;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** {@code /Users}: create, read, list, replace, patch and delete, each change queued for the sync. */
final class UserEndpoint {

    private static final ResourceKind KIND = ResourceKind.USER;
    /** A group of this many rows or more reads the tenant's memberships in one go rather than by id. */
    private static final int BY_ID_LIMIT = 200;

    private final ScimUserStore users;
    private final ScimGroupStore groups;
    private final ScimTransactions transactions;
    private final SyncQueue syncQueue;
    private final Clock clock;

    UserEndpoint(ScimUserStore users, ScimGroupStore groups, SyncQueue syncQueue, Clock clock) {
        this.users = users;
        this.groups = groups;
        this.transactions = new ScimTransactions(users.dataSource());
        this.syncQueue = syncQueue;
        this.clock = clock;
    }

    Reply create(String tenant, URI base, ObjectNode body) throws ScimException, SQLException {
        ObjectNode resource = ResourceRules.forCreate(KIND, ClientDialects.resource(KIND, body));
        Instant now = SqlTimestamps.now(clock);
        String id = UUID.randomUUID().toString();
        UserRow row = write(() -> transactions.inTransaction(c -> {
            UserRow inserted = users.insert(c, tenant, id, resource, now);
            syncQueue.enqueue(c, tenant, id, now);
            return inserted;
        }));
        return single(base, row, List.of(), 201)
                .header("Location", ResourceDocuments.location(base, KIND, id));
    }

    Reply get(String tenant, URI base, String id, AttributeSelection selection, String ifNoneMatch)
            throws ScimException, SQLException {
        UserRow row = users.find(tenant, id).orElseThrow(() -> notFound(id));
        ETags.checkIfNoneMatch(ifNoneMatch, row.version());
        ObjectNode resource = ResourceDocuments.user(base, row, groups.groupsOf(tenant, List.of(id))
                .getOrDefault(id, List.of()));
        return Reply.of(200, selection.apply(resource)).header("ETag", ETags.of(row.version()));
    }

    Reply list(String tenant, URI base, ListQuery query) throws ScimException, SQLException {
        if (Listing.storePages(query)) {
            int total = users.count(tenant);
            List<UserRow> page = query.count() == 0 ? List.of()
                    : users.page(tenant, query.startIndex() - 1, query.count());
            return Listing.page(query, total, documents(tenant, base, page));
        }
        Optional<IndexedLookup.Key> indexed = query.filter().flatMap(f -> IndexedLookup.of(KIND, f));
        List<UserRow> rows;
        if (indexed.isPresent()) {
            String value = indexed.get().value();
            rows = switch (indexed.get().field()) {
                case ID -> users.find(tenant, value).map(List::of).orElse(List.of());
                case USER_NAME -> users.byUserName(tenant, value);
                case EXTERNAL_ID -> users.byExternalId(tenant, value);
                case EMAIL -> users.byEmail(tenant, value);
                default -> users.all(tenant);
            };
        } else {
            rows = users.all(tenant);
        }
        return Listing.of(KIND, query, documents(tenant, base, rows));
    }

    private List<ObjectNode> documents(String tenant, URI base, List<UserRow> rows) throws SQLException {
        Map<String, List<MemberRef>> memberships = rows.size() >= BY_ID_LIMIT ? groups.groupsOf(tenant, null)
                : groups.groupsOf(tenant, rows.stream().map(UserRow::id).toList());
        List<ObjectNode> resources = new ArrayList<>(rows.size());
        for (UserRow row : rows) {
            resources.add(ResourceDocuments.user(base, row, memberships.getOrDefault(row.id(), List.of())));
        }
        return resources;
    }

    Reply replace(String tenant, URI base, String id, ObjectNode body, String ifMatch)
            throws ScimException, SQLException {
        ObjectNode sent = ClientDialects.resource(KIND, body);
        checkSameId(sent, id);
        UserRow saved = update(tenant, id, ifMatch,
                current -> ResourceRules.forReplace(KIND, ResourceDocuments.stored(current.resourceJson()), sent));
        return single(base, saved, groups.groupsOf(tenant, List.of(id)).getOrDefault(id, List.of()), 200);
    }

    Reply patch(String tenant, URI base, String id, ObjectNode body, String ifMatch)
            throws ScimException, SQLException {
        PatchRequest patch = ClientDialects.patch(KIND, body);
        UserRow saved = update(tenant, id, ifMatch, current -> {
            ObjectNode before = ResourceDocuments.stored(current.resourceJson());
            ObjectNode after = before.deepCopy();
            Patches.apply(patch, after);
            checkSameId(after, id);
            after.remove("id");
            return ResourceRules.forPatch(KIND, before, after);
        });
        return single(base, saved, groups.groupsOf(tenant, List.of(id)).getOrDefault(id, List.of()), 200);
    }

    Reply delete(String tenant, String id, String ifMatch) throws ScimException, SQLException {
        for (int attempt = 1; ; attempt++) {
            UserRow current = users.find(tenant, id).orElseThrow(() -> notFound(id));
            ETags.checkIfMatch(ifMatch, current.version());
            Instant now = SqlTimestamps.now(clock);
            boolean deleted = write(() -> transactions.inTransaction(c -> {
                if (!users.tombstone(c, tenant, id, current.version(), now)) {
                    return false;
                }
                syncQueue.enqueue(c, tenant, id, now);
                return true;
            }));
            if (deleted) {
                return Reply.of(204, null);
            }
            Conflicts.lost(ifMatch, attempt);
        }
    }

    @FunctionalInterface
    private interface Change {
        ObjectNode next(UserRow current) throws ScimException;
    }

    /**
     * Applies {@code change} to the current row and writes it if the version is still the one read; a lost
     * race without If-Match reads again and re-applies (the client asked for the change, not for a version).
     */
    private UserRow update(String tenant, String id, String ifMatch, Change change) throws ScimException, SQLException {
        for (int attempt = 1; ; attempt++) {
            UserRow current = users.find(tenant, id).orElseThrow(() -> notFound(id));
            ETags.checkIfMatch(ifMatch, current.version());
            ObjectNode next = change.next(current);
            Instant now = SqlTimestamps.now(clock);
            Optional<UserRow> saved = write(() -> transactions.inTransaction(c -> {
                Optional<UserRow> updated = users.update(c, current, next, now);
                if (updated.isPresent()) {
                    syncQueue.enqueue(c, tenant, id, now);
                }
                return updated;
            }));
            if (saved.isPresent()) {
                return saved.get();
            }
            Conflicts.lost(ifMatch, attempt);
        }
    }

    private Reply single(URI base, UserRow row, List<MemberRef> memberships, int status) {
        return Reply.of(status, ResourceDocuments.user(base, row, memberships)).header("ETag", ETags.of(row.version()));
    }

    static void checkSameId(ObjectNode resource, String id) throws BadRequestException {
        JsonNode sent = resource.get("id");
        if (sent != null && !sent.isNull() && !id.equals(sent.asText())) {
            throw BadRequestException.mutability("id is readOnly: it is " + id + ", not " + sent.asText());
        }
    }

    static ResourceNotFoundException notFound(String id) {
        return new ResourceNotFoundException("no User " + id);
    }

    @FunctionalInterface
    private interface Write<T> {
        T run() throws SQLException, ScimException, DuplicateUserNameException;
    }

    private static <T> T write(Write<T> write) throws SQLException, ScimException {
        try {
            return write.run();
        } catch (DuplicateUserNameException e) {
            throw ResourceConflictException.uniqueness(e.getMessage());
        }
    }
}
