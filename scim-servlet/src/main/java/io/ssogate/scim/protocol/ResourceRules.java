package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.EqualFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.SortOrder;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.ssogate.scim.protocol.model.ResourceKind;
import io.ssogate.scim.protocol.model.ResourceMatcher;
import io.ssogate.scim.protocol.model.SchemaValidator;
import io.ssogate.scim.protocol.model.ScimSchemas;

import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The servlet's every use of the model (schema checks, filters, sorting, projection, indexed lookups), in one
 * place. Schema checks and filters are the model's ({@link SchemaValidator}, {@link ResourceMatcher}); the
 * query, sort, projection and index bodies here are STOPGAPS until its {@code ListQuery}, {@code ResourceSorter},
 * {@code AttributeSelection} and {@code IndexedLookup} land, and then delegate there.
 */
final class ResourceRules {

    /** A list request: filter, sort, page and which attributes to return. */
    record Query(Filter filter, String sortBy, SortOrder sortOrder, int startIndex, int count,
                 Selection selection) {
    }

    /** attributes / excludedAttributes of a request. */
    record Selection(Set<String> attributes, Set<String> excluded) {
        static final Selection ALL = new Selection(Set.of(), Set.of());
    }

    /** What a filter asks for that a column index answers. */
    enum Key { ID, USER_NAME, EXTERNAL_ID, EMAIL, DISPLAY_NAME, MEMBER }

    record Indexed(Key key, String value) {
    }

    private ResourceRules() {
    }

    /** A POST body checked and made ready to store: canonical, without id, meta and what is readOnly. */
    static ObjectNode forCreate(ResourceKind kind, ObjectNode body) throws ScimException {
        return SchemaValidator.validate(kind, body);
    }

    /**
     * A PUT body checked against the stored resource it replaces: readOnly attributes sent are ignored, a
     * change to an immutable one is a mutability error.
     */
    static ObjectNode forReplace(ResourceKind kind, ObjectNode current, ObjectNode body) throws ScimException {
        ObjectNode replacement = SchemaValidator.validate(kind, body);
        SchemaValidator.compare(kind, current, replacement);
        return replacement;
    }

    /** A resource after PATCH operations, checked against the one before (readOnly, immutable, schema). */
    static ObjectNode forPatch(ResourceKind kind, ObjectNode before, ObjectNode after) throws ScimException {
        SchemaValidator.compare(kind, before, after);
        return SchemaValidator.validate(kind, after);
    }

    static Query query(ResourceKind kind, Map<String, String[]> parameters, int maxResults) throws ScimException {
        return query(first(parameters, "filter"), first(parameters, "sortBy"), first(parameters, "sortOrder"),
                integer(first(parameters, "startIndex"), "startIndex"), integer(first(parameters, "count"), "count"),
                selection(first(parameters, "attributes"), first(parameters, "excludedAttributes")), maxResults);
    }

    static Query search(ResourceKind kind, ObjectNode body, int maxResults) throws ScimException {
        return query(text(body.get("filter")), text(body.get("sortBy")), text(body.get("sortOrder")),
                body.hasNonNull("startIndex") ? body.get("startIndex").asInt() : null,
                body.hasNonNull("count") ? body.get("count").asInt() : null,
                selection(joined(body.get("attributes")), joined(body.get("excludedAttributes"))), maxResults);
    }

    static Selection selection(String attributes, String excluded) {
        return new Selection(names(attributes), names(excluded));
    }

    /** The filter in the canonical form {@link #matches} takes (null stays null: everything matches). */
    static Filter canonical(ResourceKind kind, Filter filter) throws ScimException {
        return filter == null ? null : ResourceMatcher.canonical(kind, filter);
    }

    static boolean matches(ResourceKind kind, Filter canonicalFilter, ObjectNode resource) throws ScimException {
        return canonicalFilter == null || ResourceMatcher.matchesCanonical(kind, canonicalFilter, resource);
    }

    static void sort(ResourceKind kind, List<ObjectNode> resources, String sortBy, SortOrder order)
            throws ScimException {
        if (sortBy == null) {
            return;
        }
        Path path = Path.fromString(sortBy);
        Comparator<ObjectNode> byValue = Comparator.comparing(r -> sortKey(path, r),
                Comparator.nullsLast(Comparator.naturalOrder()));
        resources.sort(order == SortOrder.DESCENDING ? byValue.reversed() : byValue);
    }

    static ObjectNode project(ResourceKind kind, Selection selection, ObjectNode resource) {
        if (!selection.attributes().isEmpty()) {
            for (Iterator<String> names = resource.fieldNames(); names.hasNext(); ) {
                String name = names.next().toLowerCase(Locale.ROOT);
                if (!selection.attributes().contains(name) && !Set.of("id", "schemas", "meta").contains(name)) {
                    names.remove();
                }
            }
        }
        for (Iterator<String> names = resource.fieldNames(); names.hasNext(); ) {
            String name = names.next().toLowerCase(Locale.ROOT);
            if (selection.excluded().contains(name) && !Set.of("id", "schemas").contains(name)) {
                names.remove();
            }
        }
        return resource;
    }

    static Optional<Indexed> indexed(ResourceKind kind, Filter filter) {
        if (!(filter instanceof EqualFilter eq) || !eq.getComparisonValue().isTextual()) {
            return Optional.empty();
        }
        String path = eq.getAttributePath().toString().toLowerCase(Locale.ROOT);
        String value = eq.getComparisonValue().textValue();
        Key key = switch (path) {
            case "id" -> Key.ID;
            case "externalid" -> Key.EXTERNAL_ID;
            case "username" -> kind == ResourceKind.USER ? Key.USER_NAME : null;
            case "emails.value" -> kind == ResourceKind.USER ? Key.EMAIL : null;
            case "displayname" -> kind == ResourceKind.GROUP ? Key.DISPLAY_NAME : null;
            case "members.value" -> kind == ResourceKind.GROUP ? Key.MEMBER : null;
            default -> null;
        };
        return key == null ? Optional.empty() : Optional.of(new Indexed(key, value));
    }

    private static Query query(String filter, String sortBy, String sortOrder, Integer startIndex, Integer count,
            Selection selection, int maxResults) throws ScimException {
        Filter parsed = null;
        if (filter != null && !filter.isBlank()) {
            try {
                parsed = Filter.fromString(filter);
            } catch (BadRequestException e) {
                throw BadRequestException.invalidFilter(e.getMessage());
            }
        }
        SortOrder order = sortOrder == null ? SortOrder.ASCENDING : SortOrder.fromName(sortOrder);
        int start = startIndex == null || startIndex < 1 ? 1 : startIndex;
        int size = count == null ? maxResults : Math.max(0, Math.min(count, maxResults));
        return new Query(parsed, sortBy, order, start, size, selection);
    }

    private static String sortKey(Path path, ObjectNode resource) {
        try {
            JsonNode value = JsonUtils.getValue(path, resource);
            if (value.isArray()) {
                value = value.isEmpty() ? null : value.get(0);
            }
            return value == null || value.isNull() || value.isMissingNode() ? null
                    : value.asText().toLowerCase(Locale.ROOT);
        } catch (ScimException e) {
            return null;
        }
    }

    private static String first(Map<String, String[]> parameters, String name) {
        for (Map.Entry<String, String[]> e : parameters.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && e.getValue().length > 0) {
                return e.getValue()[0];
            }
        }
        return null;
    }

    private static Integer integer(String value, String name) throws BadRequestException {
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value.strip());
        } catch (NumberFormatException e) {
            throw BadRequestException.invalidValue(name + " is an integer, not '" + value + "'");
        }
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText();
    }

    private static String joined(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            return node.asText();
        }
        StringBuilder s = new StringBuilder();
        node.forEach(n -> s.append(s.isEmpty() ? "" : ",").append(n.asText()));
        return s.toString();
    }

    private static Set<String> names(String list) {
        Set<String> names = new LinkedHashSet<>();
        if (list != null) {
            for (String name : list.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip().toLowerCase(Locale.ROOT));
                }
            }
        }
        return names;
    }
}
