package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.messages.SortOrder;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.JsonUtils;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sorts resources as RFC 7644 §3.4.2.3 says: by the value at {@code sortBy}; for a multi-valued attribute
 * by the primary value, or else the first; strings compared as their attribute's {@code caseExact} says
 * (the SDK's {@link JsonUtils#compareTo}, which also orders dateTimes and numbers as such); resources without
 * a value last when ascending and first when descending ("ordered last if ascending and first if
 * descending"). The sort is stable: resources that compare equal keep the order they came in, so a store
 * that hands them over in a fixed order (by id, say) gets the same pages every time.
 */
public final class ResourceSorter {

    private ResourceSorter() {
    }

    /** A sorted copy of {@code resources}; {@code sortBy} as {@link ListQuery#sortBy} gives it (canonical). */
    public static List<ObjectNode> sort(ResourceKind kind, List<ObjectNode> resources, Path sortBy, SortOrder order) {
        List<ObjectNode> sorted = new ArrayList<>(resources);
        sorted.sort(comparator(kind, sortBy, order));
        return sorted;
    }

    /** The order itself, for a store that sorts as it goes. */
    public static Comparator<ObjectNode> comparator(ResourceKind kind, Path sortBy, SortOrder order) {
        AttributeDefinition definition = ScimSchemas.attribute(kind, sortBy).orElse(null);
        Comparator<JsonNode> values = (a, b) -> JsonUtils.compareTo(a, b, definition);
        Comparator<ObjectNode> ascending = Comparator.comparing(r -> sortValue(r, sortBy),
                Comparator.nullsLast(values));
        return order == SortOrder.DESCENDING ? ascending.reversed() : ascending;
    }

    /** The value a resource is sorted by: null when it has none. */
    static JsonNode sortValue(ObjectNode resource, Path sortBy) {
        JsonNode container = sortBy.getSchemaUrn() == null ? resource
                : SchemaValidator.get(resource, sortBy.getSchemaUrn());
        if (!(container instanceof ObjectNode object) || sortBy.size() == 0) {
            return null;
        }
        JsonNode value = SchemaValidator.get(object, sortBy.getElement(0).getAttribute());
        if (value != null && value.isArray()) {
            value = primaryOrFirst(value);
        }
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isObject()) {
            String sub = sortBy.size() > 1 ? sortBy.getElement(1).getAttribute() : "value";
            value = SchemaValidator.get((ObjectNode) value, sub);
        }
        return value == null || value.isNull() || value.isContainerNode() ? null : value;
    }

    private static JsonNode primaryOrFirst(JsonNode array) {
        for (JsonNode element : array) {
            if (element.isObject() && element.path("primary").asBoolean(false)) {
                return element;
            }
        }
        for (JsonNode element : array) {
            if (!element.isNull()) {
                return element;
            }
        }
        return null;
    }
}
