package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import static io.ssogate.scim.protocol.model.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Resources are checked against the schemas, and come out spelled as the schemas spell them. */
class SchemaValidatorTest {

    private static final String USER = "'schemas':['urn:ietf:params:scim:schemas:core:2.0:User']";
    private static final String USER_ENTERPRISE = "'schemas':['urn:ietf:params:scim:schemas:core:2.0:User',"
            + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User']";

    private static ObjectNode user(String json) throws BadRequestException {
        return SchemaValidator.validate(ResourceKind.USER, object(json));
    }

    private static void assertRefused(String scimType, String mentioning, Executable call) {
        BadRequestException e = assertThrows(BadRequestException.class, call);
        assertEquals(scimType, e.getScimError().getScimType(), e.getMessage());
        assertTrue(e.getMessage().contains(mentioning), e.getMessage());
    }

    @Test
    void anEntraCreateComesOutUnchangedInSubstance() throws Exception {
        ObjectNode created = user("{" + USER_ENTERPRISE + ",'externalId':'0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef',"
                + "'userName':'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1','active':true,"
                + "'emails':[{'primary':true,'type':'work','value':'Test_User_fd0ea19b@testuser.com'}],"
                + "'meta':{'resourceType':'User'},'name':{'formatted':'givenName familyName',"
                + "'familyName':'familyName','givenName':'givenName'},"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'Sales'},"
                + "'roles':[]}");
        assertEquals("Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1", created.get("userName").asText());
        assertEquals("Sales", created.at("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/department")
                .asText());
        assertFalse(created.has("meta"), "readOnly meta is ignored");
        assertFalse(created.has("roles"), "an empty array is unassigned");
        assertEquals(2, created.get("schemas").size());
    }

    @Test
    void attributeNamesComeOutInCanonicalCase() throws Exception {
        ObjectNode created = user("{'SCHEMAS':['urn:ietf:params:scim:schemas:core:2.0:user'],'USERNAME':'bjensen',"
                + "'Name':{'GIVENNAME':'Barbara'},'EMAILS':[{'VALUE':'b@example.com','Primary':true}],"
                + "'EXTERNALID':'x1'}");
        assertEquals(object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'userName':'bjensen',"
                + "'name':{'givenName':'Barbara'},'emails':[{'value':'b@example.com','primary':true}],"
                + "'externalId':'x1'}"), created);
    }

    @Test
    void readOnlyAttributesAreIgnoredNotRefused() throws Exception {
        ObjectNode created = user("{" + USER + ",'userName':'bjensen','id':'forged','groups':[{'value':'g1'}],"
                + "'meta':{'version':'W/\\\"9\\\"'}}");
        assertFalse(created.has("id"));
        assertFalse(created.has("groups"));
        assertFalse(created.has("meta"));
    }

    @Test
    void theMattermostExtensionIsIgnoredWithItsSchemaUrn() throws Exception {
        ObjectNode created = user("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User',"
                + "'urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User'],'userName':'bjensen',"
                + "'urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User':{'syncState':'SYNCED'}}");
        assertEquals(object("{" + USER + ",'userName':'bjensen'}"), created);
    }

    @Test
    void aPasswordIsNeverKept() throws Exception {
        assertFalse(user("{" + USER + ",'userName':'bjensen','password':'t1meMa$heen'}").has("password"));
    }

    @Test
    void entraStringBooleansBecomeBooleans() throws Exception {
        assertEquals(false, user("{" + USER + ",'userName':'bjensen','active':'False'}").get("active").asBoolean(true));
    }

    @Test
    void unknownAttributesAreInvalidSyntaxNamingThem() {
        assertRefused("invalidSyntax", "shoeSize", () -> user("{" + USER + ",'userName':'b','shoeSize':44}"));
        assertRefused("invalidSyntax", "name.nickname",
                () -> user("{" + USER + ",'userName':'b','name':{'nickname':'Babs'}}"));
        assertRefused("invalidSyntax", "emails.kind",
                () -> user("{" + USER + ",'userName':'b','emails':[{'value':'a@b.c','kind':'x'}]}"));
        assertRefused("invalidSyntax", "badge",
                () -> user("{" + USER_ENTERPRISE + ",'userName':'b',"
                        + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'badge':'1'}}"));
    }

    @Test
    void extensionsMustBeDeclaredAndKnown() {
        assertRefused("invalidSyntax", "schemas", () -> user("{" + USER + ",'userName':'b',"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'department':'x'}}"));
        assertRefused("invalidSyntax", "urn:example:ext", () -> user("{'schemas':["
                + "'urn:ietf:params:scim:schemas:core:2.0:User','urn:example:ext'],'userName':'b'}"));
        assertRefused("invalidSyntax", "urn:example:params:scim:schemas:extension:acme:2.0:User",
                () -> user("{" + USER + ",'userName':'b',"
                        + "'urn:example:params:scim:schemas:extension:acme:2.0:User':{'x':'1'}}"));
        assertRefused("invalidSyntax", "schemas", () -> user("{'userName':'b'}"));
        assertRefused("invalidSyntax", "core:2.0:User",
                () -> user("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'userName':'b'}"));
    }

    @Test
    void qualifiedAttributeNamesAtTheTopLevelGoWhereTheyBelong() throws Exception {
        ObjectNode created = user("{" + USER_ENTERPRISE + ",'urn:ietf:params:scim:schemas:core:2.0:User:userName':'b',"
                + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber':'701984'}");
        assertEquals("b", created.get("userName").asText());
        assertEquals("701984", created.at("/urn:ietf:params:scim:schemas:extension:enterprise:2.0:User/employeeNumber")
                .asText());
    }

    @Test
    void wrongJsonTypesAreInvalidValueNamingTheAttribute() {
        assertRefused("invalidValue", "userName", () -> user("{" + USER + ",'userName':42}"));
        assertRefused("invalidValue", "active", () -> user("{" + USER + ",'userName':'b','active':'yes'}"));
        assertRefused("invalidValue", "emails", () -> user("{" + USER + ",'userName':'b','emails':{'value':'a@b.c'}}"));
        assertRefused("invalidValue", "emails.value",
                () -> user("{" + USER + ",'userName':'b','emails':[{'value':['a@b.c']}]}"));
        assertRefused("invalidValue", "name", () -> user("{" + USER + ",'userName':'b','name':'Barbara'}"));
        assertRefused("invalidValue", "title", () -> user("{" + USER + ",'userName':'b','title':['Boss']}"));
        assertRefused("invalidValue", "emails.primary",
                () -> user("{" + USER + ",'userName':'b','emails':[{'value':'a@b.c','primary':1}]}"));
        assertRefused("invalidValue", "x509Certificates.value",
                () -> user("{" + USER + ",'userName':'b','x509Certificates':[{'value':'not base64!'}]}"));
    }

    @Test
    void twoPrimaryValuesAreInvalid() {
        assertRefused("invalidValue", "primary", () -> user("{" + USER + ",'userName':'b','emails':["
                + "{'value':'a@b.c','primary':true},{'value':'d@b.c','primary':true}]}"));
    }

    @Test
    void requiredAttributesMustBeThere() {
        assertRefused("invalidValue", "userName", () -> user("{" + USER + ",'displayName':'Babs'}"));
        assertRefused("invalidValue", "userName", () -> user("{" + USER + ",'userName':null}"));
        assertRefused("invalidValue", "userName", () -> user("{" + USER + ",'userName':' '}"));
        assertRefused("invalidValue", "displayName", () -> SchemaValidator.validate(ResourceKind.GROUP,
                object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'members':[]}")));
    }

    @Test
    void anAttributeGivenTwiceInDifferentCaseIsRefused() {
        assertRefused("invalidSyntax", "userName", () -> user("{" + USER + ",'userName':'a','USERNAME':'b'}"));
    }

    @Test
    void anOktaGroupPushIsAccepted() throws Exception {
        ObjectNode group = SchemaValidator.validate(ResourceKind.GROUP, object("{'schemas':"
                + "['urn:ietf:params:scim:schemas:core:2.0:Group'],'displayName':'Group1',"
                + "'members':[{'value':'23a35c27-23d3-4c03-b4c5-6443c09e7173','display':'test.user@okta.local'}]}"));
        assertEquals("Group1", group.get("displayName").asText());
        assertEquals(1, group.get("members").size());
    }

    @Test
    void groupsHaveNoUserAttributes() {
        assertRefused("invalidSyntax", "userName", () -> SchemaValidator.validate(ResourceKind.GROUP,
                object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'displayName':'g',"
                        + "'userName':'x'}")));
    }

    @Test
    void aPatchChangingReadOnlyOrImmutableAttributesIsAMutabilityError() {
        ObjectNode before = object("{" + USER + ",'userName':'b'}");
        assertRefused("mutability", "groups", () -> SchemaValidator.compare(ResourceKind.USER, before,
                object("{" + USER + ",'userName':'b','groups':[{'value':'g1'}]}")));
        assertRefused("mutability", "id", () -> SchemaValidator.compare(ResourceKind.USER, before,
                object("{" + USER + ",'userName':'b','ID':'forged'}")));
        assertRefused("mutability", "mattermost", () -> SchemaValidator.compare(ResourceKind.USER, before,
                object("{" + USER + ",'userName':'b','urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User':"
                        + "{'syncState':'SYNCED'}}")));
        assertRefused("mutability", "manager.displayName", () -> SchemaValidator.compare(ResourceKind.USER, before,
                object("{" + USER + ",'userName':'b','urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':"
                        + "{'manager':{'displayName':'Boss'}}}")));
    }

    @Test
    void aPatchChangingWritableAttributesPassesTheComparison() throws Exception {
        SchemaValidator.compare(ResourceKind.USER, object("{" + USER + ",'userName':'b','active':true}"),
                object("{" + USER + ",'userName':'c','active':false,'emails':[{'value':'x@y.z'}],"
                        + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'manager':{'value':'m'}}}"));
        SchemaValidator.compare(ResourceKind.GROUP, object("{'displayName':'g','members':[{'value':'u1'}]}"),
                object("{'displayName':'h','members':[{'value':'u2'}]}"));
    }
}
