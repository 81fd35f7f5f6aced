package io.ssogate.scim.protocol;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.filters.Filter;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.ssogate.scim.protocol.model.ListQuery;
import io.ssogate.scim.protocol.model.ResourceKind;
import io.ssogate.scim.protocol.model.ResourceMatcher;
import io.ssogate.scim.protocol.model.ResourceSorter;

import java.util.ArrayList;
import java.util.List;

/** A list answer (RFC 7644 §3.4.2): the candidates filtered, sorted, paged and projected. */
final class Listing {

    static final String LIST_RESPONSE = "urn:ietf:params:scim:api:messages:2.0:ListResponse";

    private Listing() {
    }

    /**
     * Whether the store can page by itself: no filter and no sort, so the page is a slice of the stored
     * order and the total a count. Clients that walk all users (Okta's import, Entra's initial cycle) ask
     * exactly this, and a tenant of 100,000 users is then never read whole for a page of 100.
     */
    static boolean storePages(ListQuery query) {
        return query.filter().isEmpty() && query.sortBy().isEmpty();
    }

    /** The answer for a page the store cut ({@link #storePages}): {@code total} resources in all. */
    static Reply page(ListQuery query, int total, List<ObjectNode> page) {
        return answer(query, total, page);
    }

    /** @param candidates the resources the store narrowed to (by an index, or all of the tenant's) */
    static Reply of(ResourceKind kind, ListQuery query, List<ObjectNode> candidates) throws ScimException {
        List<ObjectNode> matched = new ArrayList<>();
        Filter filter = query.filter().orElse(null);
        for (ObjectNode resource : candidates) {
            if (filter == null || ResourceMatcher.matchesCanonical(kind, filter, resource)) {
                matched.add(resource);
            }
        }
        if (query.sortBy().isPresent()) {
            matched = ResourceSorter.sort(kind, matched, query.sortBy().get(), query.sortOrder());
        }
        int from = Math.min(matched.size(), query.startIndex() - 1);
        int to = Math.min(matched.size(), from + query.count());
        return answer(query, matched.size(), matched.subList(from, to));
    }

    private static Reply answer(ListQuery query, int total, List<ObjectNode> page) {
        ObjectNode body = JsonUtils.getJsonNodeFactory().objectNode();
        body.putArray("schemas").add(LIST_RESPONSE);
        body.put("totalResults", total);
        body.put("startIndex", query.startIndex());
        body.put("itemsPerPage", page.size());
        ArrayNode resources = body.putArray("Resources");
        for (ObjectNode resource : page) {
            resources.add(query.selection().apply(resource));
        }
        return Reply.of(200, body);
    }
}
