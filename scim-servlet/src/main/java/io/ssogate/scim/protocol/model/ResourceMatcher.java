package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.ComplexValueFilter;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Type;
import com.unboundid.scim2.common.utils.FilterEvaluator;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Whether a resource matches a SCIM filter (RFC 7644 §3.4.2.2), with the SDK's {@link FilterEvaluator}
 * doing the matching and the schemas deciding case: {@code userName eq "BJensen"} finds {@code bjensen},
 * {@code externalId} and {@code id} compare case-exactly.
 *
 * <p>The filter is first put in {@link #canonical canonical form}: every attribute resolved against the
 * schemas and spelled as they spell it (the resources are stored that way, see {@link SchemaValidator}),
 * the core schema's URN dropped ({@code urn:…:core:2.0:User:userName} is {@code userName}), and a comparison
 * with a multi-valued complex attribute that has a {@code value} ({@code emails co "example.com"}) made
 * one with its {@code value}, as RFC 7644 §3.4.2.2's examples read.
 *
 * <p>A filter naming an attribute the resource type does not have is a 400 {@code invalidFilter}. RFC 7644
 * does not say such a filter matches nothing, and Table 9 (§3.12) gives {@code invalidFilter} for "the
 * specified attribute and filter comparison combination is not supported". An empty answer would be
 * worse: a provisioning client that misspells an attribute would read it as "no such user" and create a
 * duplicate.
 */
public final class ResourceMatcher {

    private ResourceMatcher() {
    }

    /** Whether {@code resource} (in canonical form, with its id and meta) matches {@code filter}. */
    public static boolean matches(ResourceKind kind, Filter filter, ObjectNode resource) throws BadRequestException {
        return matchesCanonical(kind, canonical(kind, filter), resource);
    }

    /**
     * Like {@link #matches}, for a filter already put through {@link #canonical}: a list checks many
     * resources against one filter, and need not resolve its attributes for each.
     */
    public static boolean matchesCanonical(ResourceKind kind, Filter canonicalFilter, ObjectNode resource)
            throws BadRequestException {
        try {
            return canonicalFilter.visit(new SchemaAwareEvaluator(kind), resource);
        } catch (BadRequestException e) {
            throw e;
        } catch (ScimException e) {
            throw BadRequestException.invalidFilter(e.getMessage());
        }
    }

    /**
     * The filter with each attribute resolved and spelled canonically (see the class comment), or a 400
     * {@code invalidFilter} naming the attribute no schema of {@code kind} defines.
     */
    public static Filter canonical(ResourceKind kind, Filter filter) throws BadRequestException {
        return rewrite(kind, filter, null);
    }

    /** {@link #canonical} for the value filter of {@code parent[…]}: its paths are relative to {@code parent}. */
    static Filter canonicalValueFilter(ResourceKind kind, Filter filter, ScimSchemas.ResolvedAttribute parent)
            throws BadRequestException {
        return rewrite(kind, filter, parent);
    }

    private static Filter rewrite(ResourceKind kind, Filter filter, ScimSchemas.ResolvedAttribute parent)
            throws BadRequestException {
        switch (filter.getFilterType()) {
            case AND, OR -> {
                List<Filter> parts = new ArrayList<>();
                for (Filter part : filter.getCombinedFilters()) {
                    parts.add(rewrite(kind, part, parent));
                }
                return filter.getFilterType() == FilterType.AND
                        ? Filter.and(parts) : Filter.or(parts);
            }
            case NOT -> {
                return Filter.not(rewrite(kind, filter.getInvertedFilter(), parent));
            }
            case COMPLEX_VALUE -> {
                if (parent != null) {
                    throw BadRequestException.invalidFilter("Value filters cannot be nested: " + filter);
                }
                ScimSchemas.ResolvedAttribute attribute = resolve(kind, filter.getAttributePath(), null, filter);
                return Filter.hasComplexValue(attribute.path(), rewrite(kind, filter.getValueFilter(), attribute));
            }
            case PRESENT -> {
                return Filter.pr(pathIn(resolve(kind, filter.getAttributePath(), parent, filter), parent));
            }
            default -> {
                ScimSchemas.ResolvedAttribute attribute = resolve(kind, filter.getAttributePath(), parent, filter);
                Path path = pathIn(attribute, parent);
                AttributeDefinition definition = attribute.definition();
                if (parent == null && attribute.subAttribute() == null && definition.getType() == Type.COMPLEX) {
                    Optional<AttributeDefinition> value = ScimSchemas.find(definition.getSubAttributes(), "value");
                    if (value.isEmpty()) {
                        throw BadRequestException.invalidFilter("The attribute '" + attribute.path()
                                + "' is complex: compare one of its sub-attributes, as in '" + attribute.path()
                                + "." + definition.getSubAttributes().iterator().next().getName() + "'");
                    }
                    path = path.attribute("value");
                }
                return withPath(filter, path);
            }
        }
    }

    private static ScimSchemas.ResolvedAttribute resolve(ResourceKind kind, Path path,
            ScimSchemas.ResolvedAttribute parent, Filter filter) throws BadRequestException {
        Optional<ScimSchemas.ResolvedAttribute> found;
        if (parent == null) {
            found = ScimSchemas.resolve(kind, path.withoutFilters());
        } else if (parent.definition().getType() != Type.COMPLEX) {
            // A multi-valued simple attribute: its values are named "value" inside brackets.
            found = path.size() == 1 && path.getSchemaUrn() == null
                    && path.getElement(0).getAttribute().equalsIgnoreCase("value")
                    ? Optional.of(parent) : Optional.empty();
        } else if (path.size() == 1 && path.getSchemaUrn() == null) {
            found = ScimSchemas.find(parent.definition().getSubAttributes(), path.getElement(0).getAttribute())
                    .map(sub -> new ScimSchemas.ResolvedAttribute(parent.schemaUrn(), parent.attribute(), sub));
        } else {
            found = Optional.empty();
        }
        return found.orElseThrow(() -> BadRequestException.invalidFilter("Unknown attribute '"
                + (parent == null ? "" : parent.path() + "[") + path + (parent == null ? "" : "]")
                + "' in the filter '" + filter + "'"));
    }

    /** The attribute's path: canonical at the top level, relative to the bracketed one inside a value filter. */
    private static Path pathIn(ScimSchemas.ResolvedAttribute attribute, ScimSchemas.ResolvedAttribute parent) {
        if (parent == null) {
            return attribute.path();
        }
        return Path.root().attribute(attribute.subAttribute() != null ? attribute.subAttribute().getName() : "value");
    }

    private static Filter withPath(Filter filter, Path path) {
        var value = filter.getComparisonValue();
        return switch (filter.getFilterType()) {
            case EQUAL -> Filter.eq(path, value);
            case NOT_EQUAL -> Filter.ne(path, value);
            case CONTAINS -> Filter.co(path, value);
            case STARTS_WITH -> Filter.sw(path, value);
            case ENDS_WITH -> Filter.ew(path, value);
            case GREATER_THAN -> Filter.gt(path, value);
            case GREATER_OR_EQUAL -> Filter.ge(path, value);
            case LESS_THAN -> Filter.lt(path, value);
            case LESS_OR_EQUAL -> Filter.le(path, value);
            default -> throw new IllegalStateException("Not a comparison: " + filter);
        };
    }

    /**
     * The SDK's evaluator with the schemas' definitions: inside a value filter ({@code emails[value eq …]})
     * its paths are relative to the bracketed attribute, which this evaluator remembers while inside.
     * One per evaluation: it is not thread-safe.
     */
    private static final class SchemaAwareEvaluator extends FilterEvaluator {

        private final ResourceKind kind;
        private final Deque<Path> parents = new ArrayDeque<>();

        SchemaAwareEvaluator(ResourceKind kind) {
            this.kind = kind;
        }

        @Override
        public Boolean visit(ComplexValueFilter filter, JsonNode object) throws ScimException {
            parents.push(filter.getAttributePath());
            try {
                return super.visit(filter, object);
            } finally {
                parents.pop();
            }
        }

        @Override
        protected AttributeDefinition getAttributeDefinition(Path path) {
            if (!parents.isEmpty()) {
                Optional<AttributeDefinition> parent = ScimSchemas.attribute(kind, parents.peek());
                if (parent.isPresent() && path.size() == 1 && parent.get().getSubAttributes() != null) {
                    return ScimSchemas.find(parent.get().getSubAttributes(), path.getElement(0).getAttribute())
                            .orElse(null);
                }
                return parent.orElse(null);
            }
            return ScimSchemas.attribute(kind, path).orElse(null);
        }
    }
}
