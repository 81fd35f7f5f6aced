package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a User or Group a client sent (POST, PUT, or the result of a PATCH) against {@link ScimSchemas}
 * and returns it in canonical form: attribute names spelled as the schema spells them ({@code USERNAME}
 * becomes {@code userName}, sub-attributes too), readOnly attributes and nulls dropped, extension
 * attributes under their extension's object.
 *
 * <p>Which {@code scimType} for what (RFC 7644 §3.12, Table 9):
 * <ul>
 * <li>an attribute no schema of the resource defines, or an extension the {@code schemas} array does not
 *     list: {@code invalidSyntax}, "the request body message structure was invalid or did not conform to
 *     the request schema". The message names something the schema does not have; there is no value of a
 *     known attribute to call invalid, which is what {@code invalidValue} is about.</li>
 * <li>a value of the wrong JSON type, or single where the schema says multi-valued (or the reverse), or
 *     a required attribute missing: {@code invalidValue}, "a required value was missing, or the value
 *     specified was not compatible with the operation or attribute type".</li>
 * <li>readOnly attributes sent with a POST or PUT are ignored (RFC 7643 §2.2, RFC 7644 §3.5.1); a change to
 *     a readOnly or immutable attribute that a PATCH made is {@code mutability}: see {@link #compare}.</li>
 * </ul>
 */
public final class SchemaValidator {

    private static final JsonNodeFactory JSON = JsonNodeFactory.instance;

    private SchemaValidator() {
    }

    /**
     * The resource in canonical form, or a {@link BadRequestException} naming the first attribute at fault.
     * The input is not modified. For a PATCH, call {@link #compare} on the resource before and after the
     * operations first: once validated, readOnly attributes are gone and their changes can no longer be seen.
     */
    public static ObjectNode validate(ResourceKind kind, ObjectNode resource) throws BadRequestException {
        if (resource == null) {
            throw BadRequestException.invalidSyntax("The request body must be a JSON object");
        }
        Set<String> declared = declaredSchemas(kind, resource);
        ObjectNode canonical = JSON.objectNode();
        ArrayNode schemas = canonical.putArray("schemas");
        declared.forEach(schemas::add);

        for (Map.Entry<String, JsonNode> field : resource.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (name.equalsIgnoreCase("schemas")) {
                continue;
            }
            Optional<String> extension = ScimSchemas.extension(kind, name);
            if (extension.isPresent()) {
                requireDeclared(declared, extension.get(), name);
                if (value.isNull()) {
                    continue;
                }
                if (!value.isObject()) {
                    throw BadRequestException.invalidValue("The extension " + extension.get()
                            + " must be a JSON object");
                }
                for (Map.Entry<String, JsonNode> e : value.properties()) {
                    put(kind, canonical, extension.get(), e.getKey(), e.getValue(), declared);
                }
                continue;
            }
            String qualifier = qualifierOf(name);
            if (qualifier != null) {
                // An attribute written with its schema's URN at the top level, as some clients do
                // ("urn:…:enterprise:2.0:User:department"): placed where it belongs.
                String attribute = name.substring(qualifier.length() + 1);
                if (qualifier.equalsIgnoreCase(kind.coreSchema())) {
                    put(kind, canonical, null, attribute, value, declared);
                } else if (ScimSchemas.extension(kind, qualifier).isPresent()) {
                    put(kind, canonical, ScimSchemas.extension(kind, qualifier).get(), attribute, value, declared);
                } else {
                    throw BadRequestException.invalidSyntax("Unknown schema extension in attribute '" + name
                            + "': " + kind.resourceType() + " resources may use " + ScimSchemas.extensions(kind));
                }
                continue;
            }
            if (name.regionMatches(true, 0, "urn:", 0, 4)) {
                throw BadRequestException.invalidSyntax("Unknown schema extension '" + name + "': "
                        + kind.resourceType() + " resources may use " + ScimSchemas.extensions(kind));
            }
            put(kind, canonical, null, name, value, declared);
        }

        // The Mattermost extension is the sync's, all readOnly: dropped with its values, and not declared
        // by the stored resource (reads add it back with the sync's values).
        declared.remove(ScimSchemas.MATTERMOST_USER);
        canonical.remove(ScimSchemas.MATTERMOST_USER);
        schemas.removeAll();
        declared.forEach(schemas::add);
        for (String urn : ScimSchemas.extensions(kind)) {
            if (canonical.get(urn) instanceof ObjectNode ext && ext.isEmpty()) {
                canonical.remove(urn);
            }
        }

        requirePresent(kind, canonical);
        return canonical;
    }

    /**
     * The value of a PATCH operation with attribute names spelled canonically, so that the SDK, which finds
     * attributes by their exact spelling, merges it into the canonically stored resource instead of adding
     * a second spelling beside it. {@code path} is the operation's path in canonical form (see
     * {@link AttributePaths#canonical}; null or root for a path-less operation, whose value is a partial
     * resource: there, qualified names such as {@code urn:…:enterprise:2.0:User:department}, which Entra ID
     * sends, are also put under their extension). Nothing is checked here: names the schemas lack are left
     * as they are, for {@link #validate} to refuse once the operations are applied.
     */
    public static JsonNode canonicalNames(ResourceKind kind, Path path, JsonNode value) {
        if (value == null) {
            return null;
        }
        if (path == null || path.size() == 0) {
            if (path != null && path.getSchemaUrn() != null && ScimSchemas.extension(kind, path.getSchemaUrn())
                    .isPresent()) {
                return renamed(ScimSchemas.schema(ScimSchemas.extension(kind, path.getSchemaUrn()).get())
                        .orElseThrow().getAttributes(), value);
            }
            return value instanceof ObjectNode partial ? canonicalPartial(kind, partial) : value;
        }
        Optional<ScimSchemas.ResolvedAttribute> resolved = ScimSchemas.resolve(kind, path.withoutFilters());
        if (resolved.isEmpty() || resolved.get().definition().getSubAttributes() == null) {
            return value;
        }
        return renamed(resolved.get().definition().getSubAttributes(), value);
    }

    private static ObjectNode canonicalPartial(ResourceKind kind, ObjectNode partial) {
        List<AttributeDefinition> top = new ArrayList<>(ScimSchemas.commonAttributes());
        top.addAll(ScimSchemas.coreSchema(kind).getAttributes());
        ObjectNode canonical = JSON.objectNode();
        for (Map.Entry<String, JsonNode> field : partial.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            Optional<String> extension = ScimSchemas.extension(kind, name);
            String qualifier = qualifierOf(name);
            if (extension.isPresent()) {
                mergeInto(canonical, extension.get(), renamed(ScimSchemas.schema(extension.get()).orElseThrow()
                        .getAttributes(), value));
            } else if (qualifier != null && qualifier.equalsIgnoreCase(kind.coreSchema())) {
                putRenamed(canonical, top, name.substring(qualifier.length() + 1), value);
            } else if (qualifier != null && ScimSchemas.extension(kind, qualifier).isPresent()) {
                String urn = ScimSchemas.extension(kind, qualifier).get();
                ObjectNode one = JSON.objectNode();
                putRenamed(one, ScimSchemas.schema(urn).orElseThrow().getAttributes(),
                        name.substring(qualifier.length() + 1), value);
                mergeInto(canonical, urn, one);
            } else if (name.equalsIgnoreCase("schemas")) {
                canonical.set("schemas", value);
            } else {
                putRenamed(canonical, top, name, value);
            }
        }
        return canonical;
    }

    private static void mergeInto(ObjectNode canonical, String urn, JsonNode attributes) {
        if (canonical.get(urn) instanceof ObjectNode existing && attributes instanceof ObjectNode more) {
            existing.setAll(more);
        } else {
            canonical.set(urn, attributes);
        }
    }

    private static void putRenamed(ObjectNode target, Collection<AttributeDefinition> definitions, String name,
            JsonNode value) {
        Optional<AttributeDefinition> definition = ScimSchemas.find(definitions, name);
        if (definition.isEmpty()) {
            target.set(name, value);
            return;
        }
        AttributeDefinition d = definition.get();
        target.set(d.getName(), d.getSubAttributes() == null ? value : renamed(d.getSubAttributes(), value));
    }

    /** An object (or an array of them) with its member names spelled as {@code definitions} spell them. */
    private static JsonNode renamed(Collection<AttributeDefinition> definitions, JsonNode value) {
        if (value instanceof ArrayNode array) {
            ArrayNode renamed = JSON.arrayNode();
            array.forEach(element -> renamed.add(renamed(definitions, element)));
            return renamed;
        }
        if (!(value instanceof ObjectNode object)) {
            return value;
        }
        ObjectNode renamed = JSON.objectNode();
        for (Map.Entry<String, JsonNode> field : object.properties()) {
            putRenamed(renamed, definitions, field.getKey(), field.getValue());
        }
        return renamed;
    }

    /**
     * Throws {@code mutability} if {@code after} changes a readOnly attribute of {@code before}, or an
     * immutable one that had a value (RFC 7643 §2.2): what a PATCH must not do (RFC 7644 §3.5.2). Both are
     * read case-insensitively; the resource's {@code groups}, {@code id} and {@code meta} count as changed
     * when {@code after} has them and {@code before} did not, so pass both in the same (stored) form.
     */
    public static void compare(ResourceKind kind, ObjectNode before, ObjectNode after) throws BadRequestException {
        List<AttributeDefinition> top = new ArrayList<>(ScimSchemas.commonAttributes());
        top.addAll(ScimSchemas.coreSchema(kind).getAttributes());
        compareLevel(top, before, after, "");
        for (String urn : ScimSchemas.extensions(kind)) {
            JsonNode b = get(before, urn);
            JsonNode a = get(after, urn);
            if (urn.equals(ScimSchemas.MATTERMOST_USER)) {
                if (!sameValue(b, a)) {
                    throw BadRequestException.mutability("The attributes of " + urn + " are readOnly");
                }
                continue;
            }
            compareLevel(ScimSchemas.schema(urn).orElseThrow().getAttributes(),
                    orEmpty(b), orEmpty(a),
                    urn + ":");
        }
    }

    private static void compareLevel(Collection<AttributeDefinition> definitions, ObjectNode before,
            ObjectNode after, String prefix) throws BadRequestException {
        for (AttributeDefinition definition : definitions) {
            JsonNode b = get(before, definition.getName());
            JsonNode a = get(after, definition.getName());
            String name = prefix + definition.getName();
            if (definition.getMutability() == Mutability.READ_ONLY && !sameValue(b, a)) {
                throw BadRequestException.mutability("The attribute " + name + " is readOnly");
            }
            if (definition.getMutability() == Mutability.IMMUTABLE && !isUnassigned(b) && !sameValue(b, a)) {
                throw BadRequestException.mutability("The attribute " + name + " is immutable");
            }
            if (definition.getType() == Type.COMPLEX && !definition.isMultiValued()
                    && definition.getSubAttributes() != null
                    && (b == null || b.isObject()) && (a == null || a.isObject())) {
                compareLevel(definition.getSubAttributes(),
                        orEmpty(b), orEmpty(a),
                        name + ".");
            }
        }
    }

    private static ObjectNode orEmpty(JsonNode node) {
        return node instanceof ObjectNode object ? object : JSON.objectNode();
    }

    private static boolean sameValue(JsonNode before, JsonNode after) {
        if (isUnassigned(before) || isUnassigned(after)) {
            return isUnassigned(before) && isUnassigned(after);
        }
        return before.equals(after);
    }

    /** RFC 7643 §2.5: unassigned, null and the empty array are the same state. */
    private static boolean isUnassigned(JsonNode node) {
        return node == null || node.isNull() || node.isMissingNode() || (node.isArray() && node.isEmpty());
    }

    /** The {@code schemas} array, canonical spellings, in the order sent; the core schema required and first. */
    private static Set<String> declaredSchemas(ResourceKind kind, ObjectNode resource) throws BadRequestException {
        JsonNode schemas = get(resource, "schemas");
        if (schemas == null || !schemas.isArray()) {
            throw BadRequestException.invalidSyntax("The resource must have a 'schemas' array naming "
                    + kind.coreSchema());
        }
        Set<String> declared = new LinkedHashSet<>();
        declared.add(kind.coreSchema());
        boolean core = false;
        for (JsonNode urn : schemas) {
            if (!urn.isTextual()) {
                throw BadRequestException.invalidValue("The 'schemas' array must hold strings");
            }
            if (urn.textValue().equalsIgnoreCase(kind.coreSchema())) {
                core = true;
                continue;
            }
            declared.add(ScimSchemas.extension(kind, urn.textValue()).orElseThrow(() ->
                    BadRequestException.invalidSyntax("Unknown schema '" + urn.textValue() + "' in 'schemas': "
                            + kind.resourceType() + " resources have " + kind.coreSchema() + " and the extensions "
                            + ScimSchemas.extensions(kind))));
        }
        if (!core) {
            throw BadRequestException.invalidSyntax("The 'schemas' array must name " + kind.coreSchema());
        }
        return declared;
    }

    private static void requireDeclared(Set<String> declared, String extension, String as)
            throws BadRequestException {
        if (!declared.contains(extension)) {
            throw BadRequestException.invalidSyntax("The attribute '" + as + "' uses the extension " + extension
                    + ", which the 'schemas' array must then list");
        }
    }

    /** The URN an attribute name is qualified with ({@code urn:…:2.0:User} of {@code urn:…:2.0:User:title}). */
    private static String qualifierOf(String name) {
        if (!name.regionMatches(true, 0, "urn:", 0, 4)) {
            return null;
        }
        int colon = name.lastIndexOf(':');
        return colon > 4 ? name.substring(0, colon) : null;
    }

    /** Checks one attribute (of the core schema when {@code extension} is null) and puts it in canonical form. */
    private static void put(ResourceKind kind, ObjectNode canonical, String extension, String name, JsonNode value,
            Set<String> declared)
            throws BadRequestException {
        Collection<AttributeDefinition> definitions;
        if (extension == null) {
            List<AttributeDefinition> top = new ArrayList<>(ScimSchemas.commonAttributes());
            top.addAll(ScimSchemas.coreSchema(kind).getAttributes());
            definitions = top;
        } else {
            requireDeclared(declared, extension, extension + ":" + name);
            definitions = ScimSchemas.schema(extension).orElseThrow().getAttributes();
        }
        String qualified = extension == null ? name : extension + ":" + name;
        AttributeDefinition definition = ScimSchemas.find(definitions, name).orElseThrow(() ->
                BadRequestException.invalidSyntax("Unknown attribute '" + qualified + "': "
                        + (extension == null ? kind.coreSchema() : extension) + " does not define it"));
        ObjectNode target = canonical;
        if (extension != null) {
            target = canonical.get(extension) instanceof ObjectNode o ? o : canonical.putObject(extension);
        }
        if (target.has(definition.getName())) {
            throw BadRequestException.invalidSyntax("The attribute '"
                    + (extension == null ? "" : extension + ":") + definition.getName() + "' is given more than once");
        }
        if (definition.getMutability() == Mutability.READ_ONLY) {
            return;
        }
        // Passwords are not taken from SCIM (changePassword is unsupported; accounts get generated ones, kept
        // in the vault): checked for shape, then dropped rather than stored in the resource's JSON.
        if (extension == null && definition.getName().equals("password")) {
            checked(definition, value, qualified);
            return;
        }
        JsonNode checked = checked(definition, value, qualified);
        if (!isUnassigned(checked)) {
            target.set(definition.getName(), checked);
        }
    }

    /** The value checked against the definition, canonical; null when it is unassigned. */
    private static JsonNode checked(AttributeDefinition definition, JsonNode value, String name)
            throws BadRequestException {
        if (isUnassigned(value)) {
            return null;
        }
        if (definition.isMultiValued()) {
            if (!value.isArray()) {
                throw BadRequestException.invalidValue("The attribute '" + name + "' is multi-valued: its value"
                        + " must be a JSON array");
            }
            ArrayNode values = JSON.arrayNode();
            int primaries = 0;
            for (JsonNode element : value) {
                JsonNode v = single(definition, element, name);
                if (v != null) {
                    if (v.path("primary").asBoolean(false)) {
                        primaries++;
                    }
                    values.add(v);
                }
            }
            // RFC 7643 §2.4: "The primary attribute value 'true' MUST appear no more than once."
            if (primaries > 1) {
                throw BadRequestException.invalidValue("Only one value of '" + name + "' may be primary");
            }
            return values;
        }
        if (value.isArray()) {
            throw BadRequestException.invalidValue("The attribute '" + name + "' is single-valued: its value"
                    + " must not be an array");
        }
        return single(definition, value, name);
    }

    private static JsonNode single(AttributeDefinition definition, JsonNode value, String name)
            throws BadRequestException {
        if (value == null || value.isNull()) {
            return null;
        }
        switch (definition.getType()) {
            case STRING, REFERENCE -> {
                if (!value.isTextual()) {
                    throw wrongType(name, "a string");
                }
                return value;
            }
            case BOOLEAN -> {
                if (value.isBoolean()) {
                    return value;
                }
                // Entra ID sends booleans as the strings "True" and "False".
                if (value.isTextual() && (value.textValue().equalsIgnoreCase("true")
                        || value.textValue().equalsIgnoreCase("false"))) {
                    return JSON.booleanNode(Boolean.parseBoolean(value.textValue()));
                }
                throw wrongType(name, "a boolean");
            }
            case INTEGER -> {
                if (!value.isIntegralNumber()) {
                    throw wrongType(name, "an integer");
                }
                return value;
            }
            case DECIMAL -> {
                if (!value.isNumber()) {
                    throw wrongType(name, "a number");
                }
                return value;
            }
            case DATETIME -> {
                if (!value.isTextual() || !isDateTime(value.textValue())) {
                    throw wrongType(name, "an xsd:dateTime string such as 2026-01-23T04:56:22Z");
                }
                return value;
            }
            case BINARY -> {
                if (!value.isTextual() || !isBase64(value.textValue())) {
                    throw wrongType(name, "a base64 string");
                }
                return value;
            }
            case COMPLEX -> {
                if (!value.isObject()) {
                    throw wrongType(name, "a JSON object");
                }
                ObjectNode complex = JSON.objectNode();
                for (Map.Entry<String, JsonNode> field : value.properties()) {
                    String subName = name + "." + field.getKey();
                    AttributeDefinition sub = ScimSchemas.find(definition.getSubAttributes(), field.getKey())
                            .orElseThrow(() -> BadRequestException.invalidSyntax("Unknown attribute '" + subName
                                    + "': '" + name + "' has the sub-attributes " + names(definition)));
                    if (complex.has(sub.getName())) {
                        throw BadRequestException.invalidSyntax("The attribute '" + subName
                                + "' is given more than once");
                    }
                    if (sub.getMutability() == Mutability.READ_ONLY) {
                        continue;
                    }
                    JsonNode checked = checked(sub, field.getValue(), subName);
                    if (!isUnassigned(checked)) {
                        complex.set(sub.getName(), checked);
                    }
                }
                return complex.isEmpty() ? null : complex;
            }
            default -> throw new IllegalStateException("Unexpected attribute type " + definition.getType());
        }
    }

    private static List<String> names(AttributeDefinition definition) {
        return definition.getSubAttributes().stream().map(AttributeDefinition::getName).toList();
    }

    private static BadRequestException wrongType(String name, String expected) {
        return BadRequestException.invalidValue("The value of '" + name + "' must be " + expected);
    }

    private static boolean isDateTime(String text) {
        try {
            OffsetDateTime.parse(text);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean isBase64(String text) {
        try {
            Base64.getMimeDecoder().decode(text);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static void requirePresent(ResourceKind kind, ObjectNode canonical) throws BadRequestException {
        for (AttributeDefinition definition : ScimSchemas.coreSchema(kind).getAttributes()) {
            if (!definition.isRequired()) {
                continue;
            }
            JsonNode value = canonical.get(definition.getName());
            if (isUnassigned(value) || (value.isTextual() && value.textValue().isBlank())) {
                throw BadRequestException.invalidValue("The attribute '" + definition.getName()
                        + "' is required");
            }
        }
    }

    /** The member named {@code name} in any case (the exact spelling first), or null. */
    static JsonNode get(ObjectNode node, String name) {
        if (node == null) {
            return null;
        }
        JsonNode exact = node.get(name);
        if (exact != null) {
            return exact;
        }
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            if (field.getKey().equalsIgnoreCase(name)) {
                return field.getValue();
            }
        }
        return null;
    }
}
