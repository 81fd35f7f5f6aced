package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.utils.Parser;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static io.ssogate.scim.protocol.model.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Filters match as RFC 7644 §3.4.2.2 says, with case as the schemas say. */
class ResourceMatcherTest {

    static final ObjectNode BJENSEN = object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User',"
            + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User'],"
            + "'id':'2819c223-7f76-453a-919d-413861904646','externalId':'bjensen-EXT',"
            + "'userName':'bjensen','name':{'familyName':'O\\u0027Malley','givenName':'Barbara'},"
            + "'title':'Tour Guide','userType':'Employee','active':true,"
            + "'emails':[{'value':'bjensen@example.com','type':'work','primary':true},"
            + "{'value':'babs@jensen.org','type':'home'}],"
            + "'ims':[{'value':'someaimhandle','type':'aim'}],"
            + "'urn:ietf:params:scim:schemas:extension:enterprise:2.0:User':{'employeeNumber':'701984',"
            + "'manager':{'value':'26118915-6090-4610-87e4-49d8ca9f808d'}},"
            + "'meta':{'resourceType':'User','created':'2010-01-23T04:56:22Z',"
            + "'lastModified':'2011-05-13T04:42:34Z','version':'W/\\\"3\\\"'}}");

    private static boolean matches(String filter) throws BadRequestException {
        return ResourceMatcher.matches(ResourceKind.USER, Parser.parseFilter(filter), BJENSEN);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "userName eq \"bjensen\"",
            "name.familyName co \"O'Malley\"",
            "userName sw \"BJ\"",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"BJ\"",
            "title pr",
            "meta.lastModified ge \"2011-05-13T04:42:34Z\"",
            "meta.lastModified le \"2011-05-13T04:42:34Z\"",
            "meta.lastModified gt \"2011-05-13T04:42:33Z\"",
            "meta.lastModified lt \"2011-05-13T04:42:35Z\"",
            "title pr and userType eq \"Employee\"",
            "title pr or userType eq \"Intern\"",
            "schemas eq \"urn:ietf:params:scim:schemas:extension:enterprise:2.0:User\"",
            "userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
            "userType eq \"Employee\" and (emails.type eq \"work\")",
            "userType eq \"Employee\" and emails[type eq \"work\" and value co \"@example.com\"]",
            "emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
    })
    void theRfcExamplesMatchBarbara(String filter) throws Exception {
        assertTrue(matches(filter), filter);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "userName eq \"jsmith\"",
            "meta.lastModified gt \"2011-05-13T04:42:34Z\"",
            "meta.lastModified lt \"2011-05-13T04:42:34Z\"",
            "userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
            "nickName pr",
            "emails[type eq \"home\" and value co \"@example.com\"]",
            "not (userName eq \"bjensen\")",
    })
    void andDoNotMatchWhenTheyShouldNot(String filter) throws Exception {
        assertFalse(matches(filter), filter);
    }

    @Test
    void userNameIsCaseInsensitiveButIdAndExternalIdAreCaseExact() throws Exception {
        assertTrue(matches("userName eq \"BJensen\""));
        assertTrue(matches("USERNAME eq \"bjensen\""));
        assertTrue(matches("externalId eq \"bjensen-EXT\""));
        assertFalse(matches("externalId eq \"BJENSEN-ext\""));
        assertTrue(matches("id eq \"2819c223-7f76-453a-919d-413861904646\""));
        assertFalse(matches("id eq \"2819C223-7F76-453A-919D-413861904646\""));
    }

    @Test
    void emailsAreCaseInsensitiveInAndOutOfBrackets() throws Exception {
        assertTrue(matches("emails.value eq \"BJensen@Example.com\""));
        assertTrue(matches("emails[value eq \"BJENSEN@EXAMPLE.COM\"]"));
        assertTrue(matches("emails[TYPE eq \"Work\" and VALUE eq \"bjensen@example.com\"]"));
        assertTrue(matches("emails[primary eq true]"));
    }

    @Test
    void extensionAttributesAreFoundWithTheirUrn() throws Exception {
        assertTrue(matches("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\""));
        assertTrue(matches("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value"
                + " eq \"26118915-6090-4610-87e4-49d8ca9f808d\""));
        assertTrue(matches("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:EMPLOYEENUMBER pr"));
    }

    @Test
    void entraAndOktaLookupsFindTheirUser() throws Exception {
        ObjectNode entra = object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:User'],'id':'u1',"
                + "'userName':'Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1',"
                + "'externalId':'0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef'}");
        assertTrue(ResourceMatcher.matches(ResourceKind.USER,
                Parser.parseFilter("userName eq \"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1\""), entra));
        assertTrue(ResourceMatcher.matches(ResourceKind.USER,
                Parser.parseFilter("externalId eq \"0a21f0f2-8d2a-4f8e-bf98-7363c4aed4ef\""), entra));
        ObjectNode group = object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'id':'g1',"
                + "'displayName':'Group1','members':[{'value':'u1'}]}");
        assertTrue(ResourceMatcher.matches(ResourceKind.GROUP, Parser.parseFilter("displayName eq \"group1\""),
                group));
        assertTrue(ResourceMatcher.matches(ResourceKind.GROUP, Parser.parseFilter("members[value eq \"u1\"]"),
                group));
        assertTrue(ResourceMatcher.matches(ResourceKind.GROUP, Parser.parseFilter("members.value eq \"u1\""),
                group));
    }

    @Test
    void entrasMembershipCheckFindsTheGroupOnlyWithTheMember() throws Exception {
        ObjectNode group = object("{'schemas':['urn:ietf:params:scim:schemas:core:2.0:Group'],'id':'g1',"
                + "'displayName':'Group1','members':[{'value':'u1'},{'value':'u2'}]}");
        assertTrue(ResourceMatcher.matches(ResourceKind.GROUP,
                Parser.parseFilter("id eq \"g1\" and members[value eq \"u2\"]"), group));
        assertFalse(ResourceMatcher.matches(ResourceKind.GROUP,
                Parser.parseFilter("id eq \"g1\" and members[value eq \"u3\"]"), group));
        assertFalse(ResourceMatcher.matches(ResourceKind.GROUP,
                Parser.parseFilter("id eq \"G1\" and members[value eq \"u2\"]"), group));
    }

    @Test
    void aFilterOnAnUnknownAttributeIsInvalidFilter() {
        for (String filter : new String[] {"shoeSize eq 44", "name.nick eq \"x\"", "emails[kind eq \"x\"]",
                "urn:example:ext:1.0:User:x pr", "employeeNumber eq \"701984\""}) {
            BadRequestException e = assertThrows(BadRequestException.class, () -> matches(filter), filter);
            assertEquals("invalidFilter", e.getScimError().getScimType());
        }
    }

    @Test
    void orderingABooleanIsInvalidFilter() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> matches("active gt true"));
        assertEquals("invalidFilter", e.getScimError().getScimType());
    }

    @Test
    void aComplexAttributeWithoutValueCannotBeCompared() {
        BadRequestException e = assertThrows(BadRequestException.class, () -> matches("name eq \"Barbara\""));
        assertEquals("invalidFilter", e.getScimError().getScimType());
    }
}
