package io.ssogate.scim.protocol.model;

import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;

import java.util.Optional;

/**
 * Attribute paths as a client writes them ({@code EMAILS[TYPE eq "work"].Value},
 * {@code urn:ietf:params:scim:schemas:core:2.0:User:userName}) made canonical: each name spelled as the
 * schema spells it, the core schema's URN dropped, value filters canonical too. The SDK finds attributes
 * in a resource by their exact spelling, and resources are stored canonically (see {@link SchemaValidator}),
 * so a PATCH path must be put in this form before the SDK applies it.
 */
public final class AttributePaths {

    private AttributePaths() {
    }

    /**
     * The canonical form of {@code path}: an attribute, a sub-attribute, a value-filtered attribute with or
     * without a sub-attribute, or a whole extension ({@code Path.root(urn)}). An attribute the schemas of
     * {@code kind} lack is 400 {@code invalidPath}; a bad value filter {@code invalidFilter} (RFC 7644 §3.12
     * lists it for PATCH path filters).
     */
    public static Path canonical(ResourceKind kind, Path path) throws BadRequestException {
        if (path.size() == 0) {
            if (path.getSchemaUrn() == null || path.getSchemaUrn().equalsIgnoreCase(kind.coreSchema())) {
                return Path.root();
            }
            return Path.root(ScimSchemas.extension(kind, path.getSchemaUrn()).orElseThrow(() -> unknown(kind, path)));
        }
        Optional<String> extension = ScimSchemas.extensionNamedBy(kind, path);
        if (extension.isPresent()) {
            return Path.root(extension.get());
        }
        ScimSchemas.ResolvedAttribute resolved = ScimSchemas.resolve(kind, path.withoutFilters())
                .orElseThrow(() -> unknown(kind, path));
        ScimSchemas.ResolvedAttribute top = new ScimSchemas.ResolvedAttribute(resolved.schemaUrn(),
                resolved.attribute(), null);
        Filter valueFilter = path.getElement(0).getValueFilter();
        if (valueFilter != null) {
            valueFilter = ResourceMatcher.canonicalValueFilter(kind, valueFilter, top);
        }
        Path canonical = (resolved.schemaUrn() == null ? Path.root() : Path.root(resolved.schemaUrn()))
                .attribute(resolved.attribute().getName(), valueFilter);
        if (resolved.subAttribute() != null) {
            canonical = canonical.attribute(resolved.subAttribute().getName());
        }
        return canonical;
    }

    private static BadRequestException unknown(ResourceKind kind, Path path) {
        return BadRequestException.invalidPath("'" + path + "' names no attribute of " + kind.resourceType()
                + " resources");
    }
}
