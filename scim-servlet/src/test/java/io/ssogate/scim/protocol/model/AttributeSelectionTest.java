package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.ssogate.scim.protocol.model.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** attributes and excludedAttributes select what RFC 7644 §3.9 says, and "returned" has the last word. */
class AttributeSelectionTest {

    private static final ObjectNode USER = object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User',"
            + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User',"
            + "'urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User'],'id':'u1','externalId':'e1',"
            + "'userName':'bjensen','password':'secret','name':{'givenName':'Barbara','familyName':'Jensen'},"
            + "'emails':[{'value':'b@example.com','type':'work','primary':true},{'value':'b@home.org','type':'home'}],"
            + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'employeeNumber':'7','department':'D'},"
            + "'urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User':{'syncState':'SYNCED'},"
            + "'meta':{'resourceType':'User','version':'W/\\\"1\\\"'}}");

    private static ObjectNode only(String... names) throws BadRequestException {
        return AttributeSelection.of(ResourceKind.USER, List.of(names), null).apply(USER);
    }

    private static ObjectNode excluding(String... names) throws BadRequestException {
        return AttributeSelection.of(ResourceKind.USER, null, List.of(names)).apply(USER);
    }

    @Test
    void byDefaultEverythingButNeverReturnedAttributes() {
        ObjectNode all = AttributeSelection.defaults(ResourceKind.USER).apply(USER);
        assertFalse(all.has("password"));
        ObjectNode expected = USER.deepCopy();
        expected.remove("password");
        assertEquals(expected, all);
    }

    @Test
    void attributesKeepOnlyThoseNamedPlusIdAndSchemas() throws Exception {
        ObjectNode selected = only("userName");
        assertEquals(object("{'schemas':" + USER.get("schemas") + ",'id':'u1','userName':'bjensen'}"), selected);
    }

    @Test
    void subAttributesKeepOnlyThatPartOfTheirParent() throws Exception {
        ObjectNode selected = only("name.givenName", "EMAILS.VALUE");
        assertEquals(object("{'givenName':'Barbara'}"), selected.get("name"));
        assertEquals(object("{'e':[{'value':'b@example.com'},{'value':'b@home.org'}]}").get("e"),
                selected.get("emails"));
        assertFalse(selected.has("meta"));
    }

    @Test
    void extensionsAreSelectedWholeOrByAttribute() throws Exception {
        assertEquals(object("{'employeeNumber':'7','department':'D'}"),
                only("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User")
                        .get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
        assertEquals(object("{'employeeNumber':'7'}"),
                only("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber")
                        .get("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"));
        assertEquals("bjensen", only("urn:ietf:params:scim:schemas:core:2.0:User:userName").get("userName").asText());
    }

    @Test
    void passwordIsNeverReturnedEvenWhenAskedFor() throws Exception {
        assertFalse(only("password").has("password"));
    }

    @Test
    void excludedAttributesDropThoseNamedButNeverIdOrSchemas() throws Exception {
        ObjectNode selected = excluding("emails", "id", "schemas", "name.familyName",
                "urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User");
        assertFalse(selected.has("emails"));
        assertTrue(selected.has("id"));
        assertTrue(selected.has("schemas"));
        assertEquals(object("{'givenName':'Barbara'}"), selected.get("name"));
        assertFalse(selected.has("urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User"));
        assertTrue(selected.has("meta"));
    }

    @Test
    void entraExcludesMembersFromGroupReads() throws Exception {
        ObjectNode group = object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'id':'g1',"
                + "'displayName':'Group1','members':[{'value':'u1'}]}");
        ObjectNode selected = AttributeSelection.fromParameters(ResourceKind.GROUP,
                Map.of("excludedAttributes", new String[] {"members"})).apply(group);
        assertEquals(object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'id':'g1',"
                + "'displayName':'Group1'}"), selected);
    }

    @Test
    void commaSeparatedListsAndUnknownNamesAreAccepted() throws Exception {
        ObjectNode selected = AttributeSelection.fromParameters(ResourceKind.USER,
                Map.of("attributes", new String[] {"userName, externalId,shoeSize"})).apply(USER);
        assertEquals(object("{'schemas':" + USER.get("schemas") + ",'id':'u1','externalId':'e1',"
                + "'userName':'bjensen'}"), selected);
    }

    @Test
    void bothParametersAtOnceAreInvalidValue() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> AttributeSelection.of(ResourceKind.USER,
                List.of("userName"), List.of("emails")));
        assertEquals("invalidValue", e.getScimError().getScimType());
    }
}
