package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import io.ssogate.scim.protocol.model.ResourceKind;
import io.ssogate.scim.protocol.model.SchemaValidator;

/**
 * The schema checks of each kind of write, as {@link SchemaValidator} makes them: what a POST, a PUT and a
 * PATCH may do differs only in what the result is compared with.
 */
final class ResourceRules {

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
}
