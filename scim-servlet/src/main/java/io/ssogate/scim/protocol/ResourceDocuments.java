package io.ssogate.scim.protocol;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.ssogate.scim.protocol.model.ResourceKind;
import io.ssogate.scim.protocol.model.ScimSchemas;
import io.ssogate.scim.store.GroupRow;
import io.ssogate.scim.store.MemberRef;
import io.ssogate.scim.store.UserRow;

import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.List;

/**
 * Stored rows as the SCIM resources clients read: the stored JSON plus what the server owns, {@code id},
 * {@code meta}, a user's read-only {@code groups} and sync extension, a group's {@code members}.
 */
final class ResourceDocuments {

    private ResourceDocuments() {
    }

    /** The stored JSON of a row, as the SDK's case-insensitive object the filters and patches work on. */
    static ObjectNode stored(String json) {
        try {
            return (ObjectNode) JsonUtils.getObjectReader().readTree(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("a stored SCIM resource is not JSON", e);
        }
    }

    static ObjectNode user(URI base, UserRow row, List<MemberRef> groups) {
        ObjectNode resource = JsonUtils.getJsonNodeFactory().objectNode();
        ObjectNode stored = stored(row.resourceJson());
        ArrayNode schemas = resource.putArray("schemas");
        schemas.add(ScimSchemas.USER);
        JsonNode sent = stored.get("schemas");
        if (sent != null && sent.isArray()) {
            sent.forEach(urn -> {
                if (urn.isTextual() && !contains(schemas, urn.textValue())) {
                    schemas.add(urn.textValue());
                }
            });
        }
        schemas.add(ScimSchemas.MATTERMOST_USER);
        resource.put("id", row.id());
        stored.fields().forEachRemaining(f -> {
            if (!f.getKey().equalsIgnoreCase("schemas")) {
                resource.set(f.getKey(), f.getValue());
            }
        });
        ArrayNode groupList = resource.putArray("groups");
        for (MemberRef group : groups) {
            groupList.addObject().put("value", group.id())
                    .put("$ref", ScimSchemas.location(base, "/Groups/" + group.id()))
                    .put("display", group.display())
                    .put("type", "direct");
        }
        if (groupList.isEmpty()) {
            resource.remove("groups");
        }
        ObjectNode sync = resource.putObject(ScimSchemas.MATTERMOST_USER);
        sync.put("syncState", row.syncState());
        putIfSet(sync, "syncDetail", row.syncDetail());
        putIfSet(sync, "userId", row.mattermostUserId());
        putIfSet(sync, "username", row.mattermostUsername());
        putIfSet(sync, "syncedAt", row.syncedAt());
        resource.set("meta", meta(ResourceKind.USER, base, row.id(), row.created(), row.modified(), row.version()));
        return resource;
    }

    static ObjectNode group(URI base, GroupRow row, List<MemberRef> members) {
        ObjectNode resource = JsonUtils.getJsonNodeFactory().objectNode();
        ObjectNode stored = stored(row.resourceJson());
        ArrayNode schemas = resource.putArray("schemas");
        schemas.add(ScimSchemas.GROUP);
        resource.put("id", row.id());
        stored.fields().forEachRemaining(f -> {
            if (!f.getKey().equalsIgnoreCase("schemas") && !f.getKey().equalsIgnoreCase("members")) {
                resource.set(f.getKey(), f.getValue());
            }
        });
        ArrayNode memberList = resource.putArray("members");
        for (MemberRef member : members) {
            memberList.addObject().put("value", member.id())
                    .put("$ref", ScimSchemas.location(base, "/Users/" + member.id()))
                    .put("display", member.display())
                    .put("type", "User");
        }
        resource.set("meta", meta(ResourceKind.GROUP, base, row.id(), row.created(), row.modified(), row.version()));
        return resource;
    }

    /** A stored group as a PATCH sees it: with its members' values, which the operations add to or remove. */
    static ObjectNode groupForPatch(GroupRow row, Iterable<String> memberIds) {
        ObjectNode resource = stored(row.resourceJson());
        ArrayNode members = resource.putArray("members");
        memberIds.forEach(id -> members.addObject().put("value", id));
        return resource;
    }

    static String location(URI base, ResourceKind kind, String id) {
        return ScimSchemas.location(base, kind.endpoint() + "/" + id);
    }

    private static ObjectNode meta(ResourceKind kind, URI base, String id, Instant created, Instant modified,
            long version) {
        ObjectNode meta = JsonUtils.getJsonNodeFactory().objectNode();
        meta.put("resourceType", kind.resourceType());
        meta.put("created", created.toString());
        meta.put("lastModified", modified.toString());
        meta.put("location", location(base, kind, id));
        meta.put("version", ETags.of(version));
        return meta;
    }

    private static boolean contains(ArrayNode array, String text) {
        for (JsonNode n : array) {
            if (n.isTextual() && n.textValue().equalsIgnoreCase(text)) {
                return true;
            }
        }
        return false;
    }

    private static void putIfSet(ObjectNode node, String name, Object value) {
        if (value != null) {
            node.put(name, value.toString());
        }
    }
}
