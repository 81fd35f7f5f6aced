package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Returned;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which attributes of a resource a response carries (RFC 7644 §3.9, RFC 7643 §2.2 "returned"):
 * <ul>
 * <li>by default, all but those returned "never" ({@code password}) or only on "request";</li>
 * <li>with {@code attributes}, only the attributes named (a sub-attribute such as {@code name.givenName}
 *     or {@code emails.value} keeps only that part of its parent; an extension's URN keeps the whole
 *     extension) plus those returned "always": {@code id} and, as every representation needs it,
 *     {@code schemas}. {@code meta} is returned "default" (RFC 7643 §3.1 does not make it "always"), so it
 *     is left out unless asked for;</li>
 * <li>with {@code excludedAttributes}, the default set without those named; "always" ones stay.</li>
 * </ul>
 * Names are resolved like filter attributes: any case, with or without the core schema's URN, extension
 * attributes with theirs. A name no schema defines selects nothing and is not an error: RFC 7644 §3.9 does
 * not make it one, and a client asking for an attribute we lack is best served by a resource without it.
 * Both parameters at once, or a name that is not an attribute path at all, is 400 {@code invalidValue}.
 */
public final class AttributeSelection {

    private enum Mode { DEFAULT, ONLY, EXCLUDE }

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private final ResourceKind kind;
    private final Mode mode;
    private final Set<String> names;

    private AttributeSelection(ResourceKind kind, Mode mode, Set<String> names) {
        this.kind = kind;
        this.mode = mode;
        this.names = names;
    }

    /** The default selection: everything returned by default. */
    public static AttributeSelection defaults(ResourceKind kind) {
        return new AttributeSelection(kind, Mode.DEFAULT, Set.of());
    }

    /**
     * The selection of {@code attributes} or {@code excludedAttributes} (each entry may itself be a
     * comma-separated list, as in a query string); empty or null lists mean "not given".
     */
    public static AttributeSelection of(ResourceKind kind, Collection<String> attributes,
            Collection<String> excludedAttributes) throws BadRequestException {
        List<String> only = split(attributes);
        List<String> excluded = split(excludedAttributes);
        if (!only.isEmpty() && !excluded.isEmpty()) {
            throw BadRequestException.invalidValue("'attributes' and 'excludedAttributes' cannot be used together");
        }
        if (only.isEmpty() && excluded.isEmpty()) {
            return defaults(kind);
        }
        Set<String> keys = new HashSet<>();
        for (String name : only.isEmpty() ? excluded : only) {
            key(kind, name).ifPresent(keys::add);
        }
        return new AttributeSelection(kind, only.isEmpty() ? Mode.EXCLUDE : Mode.ONLY, keys);
    }

    /** The selection of a GET's {@code attributes}/{@code excludedAttributes} query parameters. */
    public static AttributeSelection fromParameters(ResourceKind kind, Map<String, String[]> parameters)
            throws BadRequestException {
        return of(kind, ListQuery.parameter(parameters, "attributes"),
                ListQuery.parameter(parameters, "excludedAttributes"));
    }

    /** Whether this is the default selection (nothing asked for or excluded). */
    public boolean isDefault() {
        return mode == Mode.DEFAULT;
    }

    /** A copy of {@code resource} (in canonical form) with only the selected attributes. */
    public ObjectNode apply(ObjectNode resource) {
        ObjectNode selected = JSON.objectNode();
        List<AttributeDefinition> top = new ArrayList<>(ScimSchemas.commonAttributes());
        top.addAll(ScimSchemas.coreSchema(kind).getAttributes());
        for (Map.Entry<String, JsonNode> field : resource.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            Optional<String> extension = ScimSchemas.extension(kind, name);
            if (extension.isPresent()) {
                if (value instanceof ObjectNode attributes) {
                    ObjectNode part = select(extension.get(), ScimSchemas.schema(extension.get()).orElseThrow()
                            .getAttributes(), attributes);
                    if (!part.isEmpty()) {
                        selected.set(name, part);
                    }
                }
                continue;
            }
            Optional<AttributeDefinition> definition = ScimSchemas.find(top, name);
            if (definition.isEmpty()) {
                if (mode != Mode.ONLY) {
                    selected.set(name, value);
                }
                continue;
            }
            JsonNode part = select("", definition.get(), value);
            if (part != null) {
                selected.set(name, part);
            }
        }
        return selected;
    }

    private ObjectNode select(String urn, Collection<AttributeDefinition> definitions, ObjectNode attributes) {
        ObjectNode selected = JSON.objectNode();
        for (Map.Entry<String, JsonNode> field : attributes.properties()) {
            Optional<AttributeDefinition> definition = ScimSchemas.find(definitions, field.getKey());
            if (definition.isEmpty()) {
                if (mode != Mode.ONLY) {
                    selected.set(field.getKey(), field.getValue());
                }
                continue;
            }
            JsonNode part = select(urn, definition.get(), field.getValue());
            if (part != null) {
                selected.set(field.getKey(), part);
            }
        }
        return selected;
    }

    /** The part of one attribute's value that is selected, or null for none. */
    private JsonNode select(String urn, AttributeDefinition definition, JsonNode value) {
        if (definition.getReturned() == Returned.NEVER) {
            return null;
        }
        if (definition.getReturned() == Returned.ALWAYS || definition.getName().equals("schemas")) {
            return value;
        }
        String attribute = definition.getName();
        boolean whole = names.contains(key(urn, "", "")) || names.contains(key(urn, attribute, ""));
        List<AttributeDefinition> subs = definition.getSubAttributes() == null ? List.of()
                : List.copyOf(definition.getSubAttributes());
        switch (mode) {
            case ONLY -> {
                if (whole) {
                    return value;
                }
                List<String> kept = subs.stream().map(AttributeDefinition::getName)
                        .filter(sub -> names.contains(key(urn, attribute, sub))).toList();
                return kept.isEmpty() ? null : keepSubs(value, kept, true);
            }
            case EXCLUDE -> {
                if (whole || definition.getReturned() == Returned.REQUEST) {
                    return null;
                }
                List<String> dropped = subs.stream().map(AttributeDefinition::getName)
                        .filter(sub -> names.contains(key(urn, attribute, sub))).toList();
                return dropped.isEmpty() ? value : keepSubs(value, dropped, false);
            }
            default -> {
                return definition.getReturned() == Returned.REQUEST ? null : value;
            }
        }
    }

    /** The value (an object, or an array of them) with only ({@code keep}) or without the named subs. */
    private static JsonNode keepSubs(JsonNode value, List<String> subs, boolean keep) {
        if (value.isArray()) {
            ArrayNode kept = JSON.arrayNode();
            for (JsonNode element : value) {
                JsonNode part = keepSubs(element, subs, keep);
                if (part != null) {
                    kept.add(part);
                }
            }
            return kept.isEmpty() ? null : kept;
        }
        if (!(value instanceof ObjectNode object)) {
            return keep ? null : value;
        }
        ObjectNode kept = JSON.objectNode();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            boolean named = subs.stream().anyMatch(s -> s.equalsIgnoreCase(field.getKey()));
            if (named == keep) {
                kept.set(field.getKey(), field.getValue());
            }
        }
        return kept.isEmpty() ? null : kept;
    }

    private static Optional<String> key(ResourceKind kind, String name) throws BadRequestException {
        Path path;
        try {
            path = Path.fromString(name);
        } catch (BadRequestException | RuntimeException e) {
            throw BadRequestException.invalidValue("'" + name + "' is not an attribute name");
        }
        Optional<String> extension = ScimSchemas.extensionNamedBy(kind, path);
        if (extension.isEmpty() && path.size() == 0 && path.getSchemaUrn() != null) {
            extension = ScimSchemas.extension(kind, path.getSchemaUrn());
        }
        if (extension.isPresent()) {
            return Optional.of(key(extension.get(), "", ""));
        }
        return ScimSchemas.resolve(kind, path.withoutFilters()).map(r -> key(r.schemaUrn() == null ? "" : r.schemaUrn(),
                r.attribute().getName(), r.subAttribute() == null ? "" : r.subAttribute().getName()));
    }

    private static String key(String urn, String attribute, String sub) {
        return (urn + "|" + attribute + "|" + sub).toLowerCase(Locale.ROOT);
    }

    private static List<String> split(Collection<String> values) {
        List<String> names = new ArrayList<>();
        if (values == null) {
            return names;
        }
        for (String value : values) {
            if (value == null) {
                continue;
            }
            for (String name : value.split(",")) {
                if (!name.isBlank()) {
                    names.add(name.strip());
                }
            }
        }
        return names;
    }
}
