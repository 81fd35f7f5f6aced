package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.messages.SortOrder;
import com.unboundid.scim2.common.utils.Parser;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A list or search request (RFC 7644 §3.4.2, §3.4.3): from a GET's query parameters or a POST
 * {@code /.search} body, checked and normalised:
 * <ul>
 * <li>{@code filter}: parsed by the SDK and put in {@link ResourceMatcher#canonical canonical form}; a
 *     syntax error or an unknown attribute is 400 {@code invalidFilter} with the parser's message;</li>
 * <li>{@code sortBy}: a canonical attribute path; one the schemas lack is 400 {@code invalidValue}
 *     (RFC 7644 §3.12: "the value specified was not compatible with … the resource schema"; {@code
 *     invalidPath} is PATCH's), rather than ignored, so a client never takes an unsorted page for a sorted
 *     one. {@code sortOrder} is {@code ascending} (the default) or {@code descending}, any case; anything
 *     else is {@code invalidValue};</li>
 * <li>{@code startIndex}: 1-based, less than 1 is 1 (§3.4.2.4); {@code count}: negative is 0, above the
 *     configured maximum (or absent) is that maximum; not a number is {@code invalidValue};</li>
 * <li>{@code attributes}/{@code excludedAttributes}: see {@link AttributeSelection}.</li>
 * </ul>
 */
public final class ListQuery {

    private final Filter filter;
    private final Path sortBy;
    private final SortOrder sortOrder;
    private final int startIndex;
    private final int count;
    private final AttributeSelection selection;

    private ListQuery(Filter filter, Path sortBy, SortOrder sortOrder, int startIndex, int count,
            AttributeSelection selection) {
        this.filter = filter;
        this.sortBy = sortBy;
        this.sortOrder = sortOrder;
        this.startIndex = startIndex;
        this.count = count;
        this.selection = selection;
    }

    /** From a GET's query parameters (names matched case-insensitively; the first value of each counts). */
    public static ListQuery fromParameters(ResourceKind kind, Map<String, String[]> parameters, int maxResults)
            throws BadRequestException {
        return of(kind, first(parameters, "filter"), first(parameters, "sortBy"), first(parameters, "sortOrder"),
                first(parameters, "startIndex"), first(parameters, "count"),
                AttributeSelection.of(kind, parameter(parameters, "attributes"),
                        parameter(parameters, "excludedAttributes")),
                maxResults);
    }

    /**
     * From a {@code /.search} body, a SearchRequest message (RFC 7644 §3.4.3). Its attributes are strings
     * and arrays of strings, the numbers numbers; wrong types are 400 {@code invalidValue}.
     */
    public static ListQuery fromSearchRequest(ResourceKind kind, ObjectNode body, int maxResults)
            throws BadRequestException {
        if (body == null) {
            throw BadRequestException.invalidSyntax("The search request must be a JSON object");
        }
        return of(kind, text(body, "filter"), text(body, "sortBy"), text(body, "sortOrder"),
                number(body, "startIndex"), number(body, "count"),
                AttributeSelection.of(kind, texts(body, "attributes"), texts(body, "excludedAttributes")),
                maxResults);
    }

    private static ListQuery of(ResourceKind kind, String filterText, String sortByText, String sortOrderText,
            String startIndexText, String countText, AttributeSelection selection, int maxResults)
            throws BadRequestException {
        Filter filter = null;
        if (filterText != null && !filterText.isBlank()) {
            try {
                filter = Parser.parseFilter(filterText);
            } catch (BadRequestException e) {
                throw BadRequestException.invalidFilter("Invalid filter '" + filterText + "': "
                        + parserWords(e.getMessage()));
            }
            filter = ResourceMatcher.canonical(kind, filter);
        }
        Path sortBy = null;
        if (sortByText != null && !sortByText.isBlank()) {
            Path parsed;
            try {
                parsed = Path.fromString(sortByText.strip());
            } catch (BadRequestException | RuntimeException e) {
                throw BadRequestException.invalidValue("sortBy '" + sortByText + "' is not an attribute path");
            }
            sortBy = ScimSchemas.resolve(kind, parsed.withoutFilters()).map(ScimSchemas.ResolvedAttribute::path)
                    .orElseThrow(() -> BadRequestException.invalidValue("sortBy '" + sortByText
                            + "' names no attribute of " + kind.resourceType() + " resources"));
        }
        SortOrder sortOrder = SortOrder.ASCENDING;
        if (sortOrderText != null && !sortOrderText.isBlank()) {
            sortOrder = switch (sortOrderText.strip().toLowerCase(Locale.ROOT)) {
                case "ascending" -> SortOrder.ASCENDING;
                case "descending" -> SortOrder.DESCENDING;
                default -> throw BadRequestException.invalidValue("sortOrder must be 'ascending' or 'descending', not '"
                        + sortOrderText + "'");
            };
        }
        int startIndex = Math.max(1, integer("startIndex", startIndexText, 1));
        int count = Math.min(Math.max(0, integer("count", countText, maxResults)), maxResults);
        return new ListQuery(filter, sortBy, sortOrder, startIndex, count, selection);
    }

    /** The filter in canonical form (see {@link ResourceMatcher#canonical}), if one was given. */
    public Optional<Filter> filter() {
        return Optional.ofNullable(filter);
    }

    /** The attribute to sort by, canonical, if one was given. */
    public Optional<Path> sortBy() {
        return Optional.ofNullable(sortBy);
    }

    public SortOrder sortOrder() {
        return sortOrder;
    }

    /** The 1-based index of the first result, at least 1. */
    public int startIndex() {
        return startIndex;
    }

    /** How many results at most, between 0 and the configured maximum. */
    public int count() {
        return count;
    }

    public AttributeSelection selection() {
        return selection;
    }

    /** All values of a query parameter, its name matched case-insensitively; empty when absent. */
    static List<String> parameter(Map<String, String[]> parameters, String name) {
        List<String> values = new ArrayList<>();
        if (parameters == null) {
            return values;
        }
        for (Map.Entry<String, String[]> entry : parameters.entrySet()) {
            if (entry.getKey() != null && entry.getKey().equalsIgnoreCase(name) && entry.getValue() != null) {
                values.addAll(Arrays.asList(entry.getValue()));
            }
        }
        return values;
    }

    private static String first(Map<String, String[]> parameters, String name) {
        List<String> values = parameter(parameters, name);
        return values.isEmpty() ? null : values.get(0);
    }

    private static int integer(String name, String text, int absent) throws BadRequestException {
        if (text == null || text.isBlank()) {
            return absent;
        }
        try {
            long value = Long.parseLong(text.strip());
            return (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
        } catch (NumberFormatException e) {
            throw BadRequestException.invalidValue(name + " must be an integer, not '" + text + "'");
        }
    }

    private static String text(ObjectNode body, String name) throws BadRequestException {
        JsonNode value = SchemaValidator.get(body, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw BadRequestException.invalidValue("'" + name + "' must be a string");
        }
        return value.textValue();
    }

    private static String number(ObjectNode body, String name) throws BadRequestException {
        JsonNode value = SchemaValidator.get(body, name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isIntegralNumber()) {
            throw BadRequestException.invalidValue("'" + name + "' must be an integer");
        }
        return value.asText();
    }

    private static List<String> texts(ObjectNode body, String name) throws BadRequestException {
        JsonNode value = SchemaValidator.get(body, name);
        List<String> texts = new ArrayList<>();
        if (value == null || value.isNull()) {
            return texts;
        }
        if (value.isTextual()) {
            texts.add(value.textValue());
            return texts;
        }
        if (!value.isArray()) {
            throw BadRequestException.invalidValue("'" + name + "' must be an array of attribute names");
        }
        for (JsonNode element : value) {
            if (!element.isTextual()) {
                throw BadRequestException.invalidValue("'" + name + "' must be an array of attribute names");
            }
            texts.add(element.textValue());
        }
        return texts;
    }

    /**
     * The parser's message without what Jackson appends when it reads a comparison value: its location block
     * ({@code (start marker at [Source: REDACTED …]}) and following lines say nothing to a SCIM client.
     */
    static String parserWords(String message) {
        if (message == null) {
            return "not a SCIM filter";
        }
        String words = message.lines().findFirst().orElse("");
        for (String noise : new String[] {" (start marker at", " at [Source:"}) {
            int at = words.indexOf(noise);
            if (at > 0) {
                words = words.substring(0, at);
            }
        }
        return words.strip();
    }
}
