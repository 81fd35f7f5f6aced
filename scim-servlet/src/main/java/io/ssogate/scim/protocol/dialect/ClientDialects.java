package io.ssogate.scim.protocol.dialect;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.ssogate.scim.protocol.model.ResourceKind;
import io.ssogate.scim.protocol.model.ScimSchemas;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What real SCIM clients send, turned into RFC 7643/7644 at the edge, so nothing behind it knows vendors.
 *
 * <ul>
 *   <li>Microsoft Entra ID: capitalised ops ({@code "Replace"}, {@code "Add"}, {@code "Remove"}); booleans as
 *       the strings {@code "True"}/{@code "False"} for boolean attributes ({@code active}, {@code primary}),
 *       also inside value objects; a path-less {@code replace}/{@code add} whose value object has paths for
 *       keys ({@code "name.givenName"}, {@code "emails[type eq \"work\"].value"},
 *       {@code "urn:…:enterprise:2.0:User:department"}); removing members with a value list
 *       ({@code {"op":"Remove","path":"members","value":[{"value":"id"}]}}); its own group schema URN
 *       ({@code http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group}) in
 *       {@code schemas}; an op's informational {@code name}.</li>
 *   <li>Okta: a path-less {@code replace} of {@code {"active":false}} or of the group's id and displayName
 *       (RFC-conformant, nothing to change); {@code password} in user bodies, which the gateway never keeps
 *       (the account's password is its vault's), so it is dropped here.</li>
 * </ul>
 */
public final class ClientDialects {

    static final String PATCH_OP = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    /** Entra ID lists this schema in group bodies; it defines nothing the gateway keeps. */
    static final String ENTRA_GROUP_SCHEMA = "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group";

    private static final JsonNodeFactory JSON = JsonUtils.getJsonNodeFactory();

    private ClientDialects() {
    }

    /** A POST or PUT body of a resource of {@code kind}, as RFC 7643 spells it. */
    public static ObjectNode resource(ResourceKind kind, ObjectNode body) {
        ObjectNode resource = body.deepCopy();
        if (resource.get("schemas") instanceof ArrayNode schemas) {
            for (Iterator<JsonNode> it = schemas.elements(); it.hasNext(); ) {
                JsonNode urn = it.next();
                if (urn.isTextual() && urn.textValue().equalsIgnoreCase(ENTRA_GROUP_SCHEMA)) {
                    it.remove();
                }
            }
        }
        if (kind == ResourceKind.USER) {
            removeIgnoringCase(resource, "password");
        }
        normaliseBooleans(kind, Path.root(), resource);
        return resource;
    }

    /**
     * A PATCH body as the SDK's {@link PatchRequest}: ops in lower case, booleans as booleans, path-less
     * value objects whose keys are paths split into one op per path, removals by value list as removals by
     * value filter.
     *
     * @throws BadRequestException invalidSyntax for a body that is no PatchOp, invalidPath for a bad path,
     *                             noTarget for a remove without a path, invalidValue for an op without value
     */
    public static PatchRequest patch(ResourceKind kind, ObjectNode body) throws BadRequestException {
        JsonNode operations = field(body, "Operations");
        if (operations == null || !operations.isArray() || operations.isEmpty()) {
            throw BadRequestException.invalidSyntax("a PATCH body is a PatchOp message (" + PATCH_OP
                    + ") with a non-empty Operations array");
        }
        List<PatchOperation> ops = new ArrayList<>();
        for (JsonNode operation : operations) {
            if (!operation.isObject()) {
                throw BadRequestException.invalidSyntax("each of Operations is an object with op, path, value");
            }
            try {
                ops.addAll(operation(kind, (ObjectNode) operation));
            } catch (IllegalArgumentException e) {
                // The SDK's op factories refuse some shapes unchecked (an add at the root whose value is no object).
                throw BadRequestException.invalidValue("cannot use the operation " + operation + ": " + e.getMessage());
            }
        }
        return new PatchRequest(ops);
    }

    private static List<PatchOperation> operation(ResourceKind kind, ObjectNode operation)
            throws BadRequestException {
        PatchOpType type = opType(field(operation, "op"));
        JsonNode pathNode = field(operation, "path");
        JsonNode value = field(operation, "value");
        Path path = null;
        if (pathNode != null && !pathNode.isNull()) {
            if (!pathNode.isTextual() || pathNode.textValue().isBlank()) {
                throw BadRequestException.invalidPath("an op's path is a string naming an attribute");
            }
            path = parsePath(pathNode.textValue());
        }
        List<PatchOperation> ops = new ArrayList<>();
        if (type == PatchOpType.REMOVE) {
            if (path == null) {
                throw BadRequestException.noTarget("a remove op needs a path (RFC 7644 §3.5.2.2)");
            }
            if (value != null && value.isArray() && isPlainMultiValued(kind, path)) {
                // Entra: {"op":"Remove","path":"members","value":[{"value":"id"}]}: remove those values.
                for (JsonNode item : value) {
                    JsonNode itemValue = item.isObject() ? field((ObjectNode) item, "value") : item;
                    if (itemValue == null || !itemValue.isValueNode()) {
                        throw BadRequestException.invalidValue("a remove by value list names each value as"
                                + " {\"value\": ...}");
                    }
                    ops.add(PatchOperation.remove(parsePath(path + "[value eq " + literal(itemValue) + "]")));
                }
                return ops;
            }
            ops.add(PatchOperation.remove(path));
            return ops;
        }
        if (value == null || value.isNull()) {
            throw BadRequestException.invalidValue("an " + type.getStringValue() + " op needs a value");
        }
        if (path != null) {
            ops.add(PatchOperation.create(type, path, normalised(kind, path, value)));
            return ops;
        }
        if (!value.isObject()) {
            throw BadRequestException.invalidValue("an " + type.getStringValue()
                    + " op without a path takes an object of attributes");
        }
        ObjectNode plain = JSON.objectNode();
        for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            String key = field.getKey();
            if (isPathKey(kind, key)) {
                Path keyPath = parsePath(key);
                ops.add(PatchOperation.create(type, keyPath, normalised(kind, keyPath, field.getValue())));
            } else {
                plain.set(key, field.getValue().deepCopy());
            }
        }
        if (!plain.isEmpty()) {
            normaliseBooleans(kind, Path.root(), plain);
            ops.add(0, PatchOperation.create(type, Path.root(), plain));
        }
        return ops;
    }

    private static PatchOpType opType(JsonNode op) throws BadRequestException {
        if (op != null && op.isTextual()) {
            switch (op.textValue().strip().toLowerCase(Locale.ROOT)) {
                case "add":
                    return PatchOpType.ADD;
                case "replace":
                    return PatchOpType.REPLACE;
                case "remove":
                    return PatchOpType.REMOVE;
                default:
                    break;
            }
        }
        throw BadRequestException.invalidSyntax("an op is add, replace or remove, not " + op);
    }

    private static Path parsePath(String path) throws BadRequestException {
        try {
            return Path.fromString(path);
        } catch (BadRequestException e) {
            throw BadRequestException.invalidPath("'" + path + "' is not an attribute path: " + e.getMessage());
        } catch (RuntimeException e) {
            throw BadRequestException.invalidPath("'" + path + "' is not an attribute path");
        }
    }

    /** A key of a path-less value object that is itself a path: has a sub-attribute, a filter, or a URN. */
    private static boolean isPathKey(ResourceKind kind, String key) {
        if (ScimSchemas.extension(kind, key).isPresent()) {
            return false;
        }
        return key.contains(".") || key.contains("[") || key.regionMatches(true, 0, "urn:", 0, 4);
    }

    /** A multi-valued attribute named without a value filter or sub-attribute: {@code members}, {@code emails}. */
    private static boolean isPlainMultiValued(ResourceKind kind, Path path) {
        if (path.size() != 1 || path.getElement(0).getValueFilter() != null) {
            return false;
        }
        return ScimSchemas.attribute(kind, path).map(AttributeDefinition::isMultiValued).orElse(false);
    }

    private static JsonNode normalised(ResourceKind kind, Path path, JsonNode value) {
        JsonNode copy = value.deepCopy();
        Optional<AttributeDefinition> definition = ScimSchemas.attribute(kind, path);
        if (definition.isEmpty()) {
            return copy;
        }
        if (copy.isTextual() && definition.get().getType() == AttributeDefinition.Type.BOOLEAN) {
            return booleanOf(copy);
        }
        if (copy.isObject()) {
            normaliseBooleans(kind, path.withoutFilters(), (ObjectNode) copy);
        } else if (copy.isArray()) {
            for (JsonNode item : copy) {
                if (item.isObject()) {
                    normaliseBooleans(kind, path.withoutFilters(), (ObjectNode) item);
                }
            }
        }
        return copy;
    }

    /** Turns "True"/"False" into booleans wherever the schema says the attribute under {@code at} is one. */
    private static void normaliseBooleans(ResourceKind kind, Path at, ObjectNode object) {
        // Keys first, then set: the SDK's case-insensitive object does not write through its entries.
        List<String> keys = new ArrayList<>();
        object.fieldNames().forEachRemaining(keys::add);
        for (String key : keys) {
            JsonNode value = object.get(key);
            Optional<String> extension = at.isRoot() ? ScimSchemas.extension(kind, key) : Optional.empty();
            if (extension.isPresent()) {
                if (value.isObject()) {
                    normaliseBooleans(kind, Path.root(extension.get()), (ObjectNode) value);
                }
                continue;
            }
            if (at.size() >= 2 || key.contains(".") || key.contains("[") || key.contains(":")) {
                continue;
            }
            Path path = at.attribute(key);
            Optional<AttributeDefinition> definition = ScimSchemas.attribute(kind, path);
            if (definition.isEmpty()) {
                continue;
            }
            if (value.isTextual() && definition.get().getType() == AttributeDefinition.Type.BOOLEAN) {
                object.set(key, booleanOf(value));
            } else if (value.isObject() && at.isRoot()) {
                normaliseBooleans(kind, path, (ObjectNode) value);
            } else if (value.isArray() && at.isRoot()) {
                for (JsonNode item : value) {
                    if (item.isObject()) {
                        normaliseBooleans(kind, path, (ObjectNode) item);
                    }
                }
            }
        }
    }

    /** "True"/"False" in any case become booleans; other strings stay, for the schema check to refuse. */
    private static JsonNode booleanOf(JsonNode text) {
        String s = text.textValue().strip();
        if (s.equalsIgnoreCase("true")) {
            return BooleanNode.TRUE;
        }
        if (s.equalsIgnoreCase("false")) {
            return BooleanNode.FALSE;
        }
        return text;
    }

    private static String literal(JsonNode value) {
        if (value.isTextual()) {
            return "\"" + value.textValue().replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return value.toString();
    }

    /** A member of a JSON object by name, ignoring case (RFC 7643 §2.1: attribute names are case-insensitive). */
    static JsonNode field(ObjectNode object, String name) {
        JsonNode exact = object.get(name);
        if (exact != null) {
            return exact;
        }
        for (Iterator<String> names = object.fieldNames(); names.hasNext(); ) {
            String candidate = names.next();
            if (candidate.equalsIgnoreCase(name)) {
                return object.get(candidate);
            }
        }
        return null;
    }

    private static void removeIgnoringCase(ObjectNode object, String name) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        for (String candidate : names) {
            if (candidate.equalsIgnoreCase(name)) {
                object.remove(candidate);
            }
        }
    }
}
