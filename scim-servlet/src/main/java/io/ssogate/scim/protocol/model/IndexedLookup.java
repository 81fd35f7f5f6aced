package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.node.ValueNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.filters.FilterType;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * From a filter, a key the store can look up by index to narrow the candidates before matching the whole
 * filter in memory: the lookups provisioning clients make ({@code userName eq "…"}, {@code externalId eq
 * "…"}, Entra's and Okta's alike) then cost one index probe, not a scan. Only a sound narrowing: every
 * resource the filter matches has the key, so the key is taken from the filter's top level or a conjunct
 * of a top-level {@code and}, never from under {@code or} or {@code not}. When several conjuncts give
 * one, the most selective field wins (the order of {@link Field}).
 */
public final class IndexedLookup {

    /**
     * The indexed fields, most selective first. Values are lower-cased where the attribute is not
     * case-exact, so that a store comparing with its lower-cased key columns finds every match.
     */
    public enum Field {
        /** {@code id eq}: exact. */
        ID,
        /** User {@code userName eq}: lower-cased (userName is caseExact false). */
        USER_NAME,
        /** {@code externalId eq}: exact (externalId is caseExact true). */
        EXTERNAL_ID,
        /**
         * User {@code emails.value eq}, {@code emails[value eq …]}, {@code emails[type eq "work" and value eq
         * …]}: lower-cased. Any of the user's emails, not only the primary one: a store whose email column
         * holds only the primary (or first) email cannot use this key alone without missing users matched
         * by another of their emails.
         */
        EMAIL,
        /** Group {@code displayName eq}: lower-cased. */
        DISPLAY_NAME,
        /**
         * Group {@code members.value eq} or {@code members[value eq …]}: lower-cased (members.value is
         * caseExact false, RFC 7643 §8.7.1); the gateway's ids are lower-case UUIDs, so this is the id.
         */
        MEMBER
    }

    /** A field and the value to look it up by. */
    public record Key(Field field, String value) {
    }

    private IndexedLookup() {
    }

    /** The key to narrow by, if {@code filter} (raw or canonical) has one the store can use. */
    public static Optional<Key> of(ResourceKind kind, Filter filter) {
        if (filter == null) {
            return Optional.empty();
        }
        List<Filter> conjuncts = filter.getFilterType() == FilterType.AND ? filter.getCombinedFilters()
                : List.of(filter);
        return conjuncts.stream().map(f -> keyOf(kind, f)).flatMap(Optional::stream)
                .min(Comparator.comparing(Key::field));
    }

    private static Optional<Key> keyOf(ResourceKind kind, Filter filter) {
        if (filter.getFilterType() == FilterType.EQUAL) {
            return attribute(kind, filter.getAttributePath()).flatMap(name -> field(kind, name))
                    .flatMap(field -> key(field, filter.getComparisonValue()));
        }
        if (filter.getFilterType() == FilterType.COMPLEX_VALUE) {
            Optional<String> parent = attribute(kind, filter.getAttributePath());
            if (parent.isEmpty()) {
                return Optional.empty();
            }
            Filter inner = filter.getValueFilter();
            List<Filter> conjuncts = inner.getFilterType() == FilterType.AND ? inner.getCombinedFilters()
                    : List.of(inner);
            for (Filter conjunct : conjuncts) {
                if (conjunct.getFilterType() == FilterType.EQUAL && conjunct.getAttributePath().size() == 1
                        && conjunct.getAttributePath().getSchemaUrn() == null
                        && conjunct.getAttributePath().getElement(0).getAttribute().equalsIgnoreCase("value")) {
                    Optional<Key> key = field(kind, parent.get() + ".value")
                            .flatMap(field -> key(field, conjunct.getComparisonValue()));
                    if (key.isPresent()) {
                        return key;
                    }
                }
            }
        }
        return Optional.empty();
    }

    /** The canonical name of the attribute at {@code path} ({@code emails.value}), if it is one. */
    private static Optional<String> attribute(ResourceKind kind, Path path) {
        if (path == null) {
            return Optional.empty();
        }
        return ScimSchemas.resolve(kind, path.withoutFilters()).filter(r -> r.schemaUrn() == null)
                .map(r -> r.path().toString());
    }

    private static Optional<Field> field(ResourceKind kind, String attribute) {
        Field field = switch (attribute) {
            case "id" -> Field.ID;
            case "externalId" -> Field.EXTERNAL_ID;
            case "userName" -> kind == ResourceKind.USER ? Field.USER_NAME : null;
            case "emails", "emails.value" -> kind == ResourceKind.USER ? Field.EMAIL : null;
            case "displayName" -> kind == ResourceKind.GROUP ? Field.DISPLAY_NAME : null;
            case "members", "members.value" -> kind == ResourceKind.GROUP ? Field.MEMBER : null;
            default -> null;
        };
        return Optional.ofNullable(field);
    }

    private static Optional<Key> key(Field field, ValueNode value) {
        // "eq null" matches resources without the attribute: nothing to look up.
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        // Not only strings: the SDK compares a number with a string by their text, so "userName eq 42"
        // matches the userName "42" and must find it.
        String text = value.asText();
        return Optional.of(new Key(field, switch (field) {
            case ID, EXTERNAL_ID -> text;
            case USER_NAME, EMAIL, DISPLAY_NAME, MEMBER -> text.toLowerCase(Locale.ROOT);
        }));
    }
}
