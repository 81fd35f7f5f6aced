package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.PatchOperation;

import org.junit.jupiter.api.Test;

import static io.ssogate.scim.protocol.model.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** PATCH paths and values are made canonical, so the SDK's patch lands on the stored spelling. */
class AttributePathsTest {

    private static String canonical(String path) throws BadRequestException {
        return AttributePaths.canonical(ResourceKind.USER, Path.fromString(path)).toString();
    }

    @Test
    void pathsAreSpelledAsTheSchemasSpellThem() throws Exception {
        assertEquals("userName", canonical("USERNAME"));
        assertEquals("userName", canonical("urn:ietf:params:scim:schemas:core:2.0:User:username"));
        assertEquals("name.givenName", canonical("Name.GivenName"));
        assertEquals("emails[type eq \"work\"].value", canonical("EMAILS[TYPE eq \"work\"].Value"));
        assertEquals("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager",
                canonical("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:MANAGER"));
        Path extension = AttributePaths.canonical(ResourceKind.USER,
                Path.fromString("urn:ietf:params:scim:schemas:extension:enterprise:2.0:user"));
        assertEquals("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User", extension.getSchemaUrn());
        assertEquals(0, extension.size());
    }

    @Test
    void unknownAttributesAreInvalidPathAndBadValueFiltersInvalidFilter() {
        BadRequestException path = assertThrows(BadRequestException.class, () -> canonical("shoeSize"));
        assertEquals("invalidPath", path.getScimError().getScimType());
        BadRequestException filter = assertThrows(BadRequestException.class, () -> canonical("emails[kind eq \"x\"]"));
        assertEquals("invalidFilter", filter.getScimError().getScimType());
    }

    @Test
    void anEntraPathlessReplaceLandsOnTheStoredAttributes() throws Exception {
        ObjectNode stored = object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User',"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],'userName':'b','active':true,"
                + "'name':{'givenName':'Barbara'},"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'Sales'}}");
        JsonNode value = SchemaValidator.canonicalNames(ResourceKind.USER, null, object("{'Active':false,"
                + "'NAME':{'FamilyName':'Jensen'},"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:Department':'Tours'}"));
        PatchOperation.replace((ObjectNode) value).apply(stored);
        ObjectNode patched = SchemaValidator.validate(ResourceKind.USER, stored);
        assertEquals(object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User',"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],'userName':'b','active':false,"
                + "'name':{'givenName':'Barbara','familyName':'Jensen'},"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'Tours'}}"), patched);
    }

    @Test
    void aValueFilteredPathReplacesTheMatchingValue() throws Exception {
        ObjectNode stored = object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'b',"
                + "'emails':[{'value':'old@example.com','type':'work','primary':true}]}");
        Path path = AttributePaths.canonical(ResourceKind.USER, Path.fromString("emails[type eq \"work\"].value"));
        PatchOperation.replace(path, object("{'v':'new@example.com'}").get("v")).apply(stored);
        assertEquals("new@example.com", stored.at("/emails/0/value").asText());
    }

    @Test
    void valuesUnderAPathAreRenamedToo() throws Exception {
        JsonNode emails = SchemaValidator.canonicalNames(ResourceKind.USER, Path.fromString("emails"),
                object("{'e':[{'VALUE':'a@b.c','Type':'work'}]}").get("e"));
        assertEquals(object("{'e':[{'value':'a@b.c','type':'work'}]}").get("e"), emails);
    }
}
