package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.messages.SortOrder;

import org.junit.jupiter.api.Test;

import java.util.List;

import static io.ssogate.scim.protocol.model.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Resources sort as RFC 7644 §3.4.2.3 says. */
class ResourceSorterTest {

    private static ObjectNode user(String id, String fields) {
        return object("{'id':'" + id + "'" + (fields.isEmpty() ? "" : "," + fields) + "}");
    }

    private static List<String> ids(List<ObjectNode> resources) {
        return resources.stream().map(r -> r.get("id").asText()).toList();
    }

    private static List<String> sorted(List<ObjectNode> users, String sortBy, SortOrder order) throws Exception {
        return ids(ResourceSorter.sort(ResourceKind.USER, users, Path.fromString(sortBy), order));
    }

    @Test
    void userNamesSortIgnoringCaseAndMissingValuesGoLastAscendingFirstDescending() throws Exception {
        List<ObjectNode> users = List.of(user("1", "'userName':'carol'"), user("2", ""),
                user("3", "'userName':'Alice'"), user("4", "'userName':'bob'"));
        assertEquals(List.of("3", "4", "1", "2"), sorted(users, "userName", SortOrder.ASCENDING));
        assertEquals(List.of("2", "1", "4", "3"), sorted(users, "userName", SortOrder.DESCENDING));
    }

    @Test
    void caseExactAttributesSortByCodePoint() throws Exception {
        List<ObjectNode> users = List.of(user("1", "'externalId':'b'"), user("2", "'externalId':'B'"),
                user("3", "'externalId':'a'"));
        assertEquals(List.of("2", "3", "1"), sorted(users, "externalId", SortOrder.ASCENDING));
    }

    @Test
    void multiValuedAttributesSortByThePrimaryValueOrElseTheFirst() throws Exception {
        List<ObjectNode> users = List.of(
                user("1", "'emails':[{'value':'a@x.org'},{'value':'z@x.org','primary':true}]"),
                user("2", "'emails':[{'value':'m@x.org'},{'value':'b@x.org'}]"),
                user("3", "'emails':[]"));
        assertEquals(List.of("2", "1", "3"), sorted(users, "emails.value", SortOrder.ASCENDING));
        assertEquals(List.of("2", "1", "3"), sorted(users, "emails", SortOrder.ASCENDING));
    }

    @Test
    void subAttributesExtensionsAndDatesSortByTheirValue() throws Exception {
        List<ObjectNode> users = List.of(
                user("1", "'name':{'familyName':'Smith'},'meta':{'lastModified':'2024-01-02T00:00:00Z'},"
                        + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'employeeNumber':'2'}"),
                user("2", "'name':{'familyName':'jensen'},'meta':{'lastModified':'2024-01-01T23:00:00-02:00'},"
                        + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'employeeNumber':'1'}"));
        assertEquals(List.of("2", "1"), sorted(users, "name.familyName", SortOrder.ASCENDING));
        assertEquals(List.of("1", "2"), sorted(users, "meta.lastModified", SortOrder.ASCENDING));
        assertEquals(List.of("2", "1"), sorted(users,
                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber", SortOrder.ASCENDING));
    }

    @Test
    void equalValuesKeepTheirOrder() throws Exception {
        List<ObjectNode> users = List.of(user("1", "'title':'x'"), user("2", "'title':'X'"), user("3", "'title':'x'"));
        assertEquals(List.of("1", "2", "3"), sorted(users, "title", SortOrder.ASCENDING));
    }
}
