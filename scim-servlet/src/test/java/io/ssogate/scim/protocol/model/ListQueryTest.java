package io.ssogate.scim.protocol.model;

import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.SortOrder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.util.HashMap;
import java.util.Map;

import static io.ssogate.scim.protocol.model.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** List and search requests are read leniently where the RFC allows and refused clearly where not. */
class ListQueryTest {

    private static ListQuery get(String... nameValues) throws BadRequestException {
        Map<String, String[]> parameters = new HashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            parameters.put(nameValues[i], new String[] {nameValues[i + 1]});
        }
        return ListQuery.fromParameters(ResourceKind.USER, parameters, 100);
    }

    private static void assertRefused(String scimType, String mentioning, Executable call) {
        BadRequestException e = assertThrows(BadRequestException.class, call);
        assertEquals(scimType, e.getScimError().getScimType(), e.getMessage());
        assertTrue(e.getMessage().contains(mentioning), e.getMessage());
    }

    @Test
    void noParametersMeansEverythingFromTheFirstUpToTheMaximum() throws Exception {
        ListQuery query = get();
        assertTrue(query.filter().isEmpty());
        assertTrue(query.sortBy().isEmpty());
        assertEquals(SortOrder.ASCENDING, query.sortOrder());
        assertEquals(1, query.startIndex());
        assertEquals(100, query.count());
        assertTrue(query.selection().isDefault());
    }

    @Test
    void anEntraLookupIsParsedAndCanonical() throws Exception {
        ListQuery query = get("filter", "USERNAME eq \"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1\"",
                "startIndex", "1", "count", "1");
        assertEquals("userName eq \"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1\"",
                query.filter().orElseThrow().toString());
        assertEquals(1, query.count());
    }

    @Test
    void outOfRangeNumbersAreClamped() throws Exception {
        assertEquals(1, get("startIndex", "0").startIndex());
        assertEquals(1, get("startIndex", "-5").startIndex());
        assertEquals(0, get("count", "-1").count());
        assertEquals(100, get("count", "100000").count());
        assertEquals(0, get("count", "0").count());
        assertEquals(100, get("count", "99999999999").count());
    }

    @Test
    void numbersThatAreNotNumbersAreInvalidValue() {
        assertRefused("invalidValue", "count", () -> get("count", "ten"));
        assertRefused("invalidValue", "startIndex", () -> get("startIndex", "1.5"));
    }

    @Test
    void aBadFilterSaysWhereWithoutJacksonsSourceLocation() {
        BadRequestException refused = assertThrows(BadRequestException.class, () -> get("filter", "userName eq"));

        String detail = refused.getScimError().getDetail();
        assertTrue(detail.startsWith("Invalid filter 'userName eq': Invalid comparison value at position 11"), detail);
        assertFalse(detail.contains("Source"), detail);
        assertFalse(detail.contains("\n"), detail);
    }

    @Test
    void aBadFilterIsInvalidFilterWithTheParsersWords() {
        assertRefused("invalidFilter", "userName eq", () -> get("filter", "userName eq"));
        assertRefused("invalidFilter", "shoeSize", () -> get("filter", "shoeSize eq 44"));
        assertRefused("invalidFilter", "(", () -> get("filter", "(userName eq \"a\""));
    }

    @Test
    void sortByIsCanonicalAndMustNameAnAttribute() throws Exception {
        assertEquals("name.familyName", get("sortBy", "NAME.FAMILYNAME").sortBy().orElseThrow().toString());
        assertEquals("userName", get("sortBy", "urn:ietf:params:scim:schemas:core:2.0:User:userName")
                .sortBy().orElseThrow().toString());
        assertRefused("invalidValue", "shoeSize", () -> get("sortBy", "shoeSize"));
    }

    @Test
    void sortOrderIsAscendingOrDescendingInAnyCase() throws Exception {
        assertEquals(SortOrder.DESCENDING, get("sortOrder", "Descending").sortOrder());
        assertEquals(SortOrder.ASCENDING, get("sortOrder", "ascending").sortOrder());
        assertRefused("invalidValue", "sortOrder", () -> get("sortOrder", "up"));
    }

    @Test
    void parameterNamesAreMatchedInAnyCase() throws Exception {
        assertEquals(5, get("COUNT", "5").count());
    }

    @Test
    void attributesAndExcludedAttributesTogetherAreInvalidValue() {
        assertRefused("invalidValue", "excludedAttributes", () -> get("attributes", "userName",
                "excludedAttributes", "emails"));
    }

    @Test
    void aSearchRequestBodyReadsTheSameParameters() throws Exception {
        ListQuery query = ListQuery.fromSearchRequest(ResourceKind.USER, object("{'schemas':"
                + "['urn:ietf:params:scim:api:messages:2.0:SearchRequest'],'attributes':['displayName','userName'],"
                + "'filter':'displayName sw \\\"smith\\\"','startIndex':1,'count':10,'sortBy':'userName',"
                + "'sortOrder':'descending'}"), 100);
        assertEquals("displayName sw \"smith\"", query.filter().orElseThrow().toString());
        assertEquals(10, query.count());
        assertEquals(SortOrder.DESCENDING, query.sortOrder());
        assertFalse(query.selection().isDefault());
    }

    @Test
    void aSearchRequestWithWrongTypesIsInvalidValue() {
        assertRefused("invalidValue", "count", () -> ListQuery.fromSearchRequest(ResourceKind.USER,
                object("{'count':'ten'}"), 100));
        assertRefused("invalidValue", "filter", () -> ListQuery.fromSearchRequest(ResourceKind.USER,
                object("{'filter':42}"), 100));
    }
}
