package io.ssogate.scim.protocol.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.Path;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.types.AttributeDefinition;
import com.unboundid.scim2.common.types.AttributeDefinition.Mutability;
import com.unboundid.scim2.common.types.AttributeDefinition.Returned;
import com.unboundid.scim2.common.types.AttributeDefinition.Uniqueness;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The schemas tell the truth of RFC 7643 §8.7.1, and any spelling of an attribute's path finds it. */
class ScimSchemasTest {

    private static final URI BASE = URI.create("https://gw.example.com/scim/v2/");

    private static AttributeDefinition user(String path) throws BadRequestException {
        return ScimSchemas.attribute(ResourceKind.USER, Path.fromString(path)).orElseThrow();
    }

    @Test
    void userNameIsRequiredCaseInsensitiveAndUniqueOnTheServer() throws Exception {
        AttributeDefinition userName = user("userName");
        assertTrue(userName.isRequired());
        assertFalse(userName.isCaseExact());
        assertEquals(Uniqueness.SERVER, userName.getUniqueness());
        assertEquals(Mutability.READ_WRITE, userName.getMutability());
    }

    @Test
    void idAndExternalIdAreCaseExactAndIdIsReadOnlyAndAlwaysReturned() throws Exception {
        assertTrue(user("id").isCaseExact());
        assertEquals(Mutability.READ_ONLY, user("id").getMutability());
        assertEquals(Returned.ALWAYS, user("id").getReturned());
        assertTrue(user("externalId").isCaseExact());
        assertEquals(Returned.NEVER, user("password").getReturned());
    }

    @Test
    void attributesResolveInAnyCaseWithOrWithoutTheCoreUrn() throws Exception {
        assertEquals("userName", user("USERNAME").getName());
        assertEquals("userName", user("urn:ietf:params:scim:schemas:core:2.0:User:userName").getName());
        assertEquals("givenName", user("name.GIVENNAME").getName());
        assertEquals("value", user("emails.value").getName());
        assertEquals("value", user("emails[type eq \"work\"].value").getName());
        assertEquals("lastModified", user("meta.lastModified").getName());
        assertEquals("name.givenName", ScimSchemas.resolve(ResourceKind.USER, Path.fromString("NAME.givenname"))
                .orElseThrow().path().toString());
    }

    @Test
    void extensionAttributesNeedTheirUrn() throws Exception {
        assertEquals("employeeNumber",
                user("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber").getName());
        assertEquals("value", user("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager.value")
                .getName());
        assertEquals(Mutability.READ_ONLY,
                user("urn:ssogate:params:scim:schemas:extension:mattermost:2.0:User:syncState").getMutability());
        assertTrue(ScimSchemas.attribute(ResourceKind.USER, Path.fromString("employeeNumber")).isEmpty());
        assertTrue(ScimSchemas.attribute(ResourceKind.GROUP,
                Path.fromString("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber"))
                .isEmpty());
    }

    @Test
    void unknownAttributesAndSubAttributesAreNotFound() throws Exception {
        assertTrue(ScimSchemas.attribute(ResourceKind.USER, Path.fromString("shoeSize")).isEmpty());
        assertTrue(ScimSchemas.attribute(ResourceKind.USER, Path.fromString("name.shoeSize")).isEmpty());
        assertTrue(ScimSchemas.attribute(ResourceKind.USER, Path.fromString("userName.x")).isEmpty());
        assertTrue(ScimSchemas.attribute(ResourceKind.GROUP, Path.fromString("userName")).isEmpty());
        assertTrue(ScimSchemas.attribute(ResourceKind.USER, Path.fromString("urn:example:other:1.0:User:x")).isEmpty());
    }

    @Test
    void aPathNamingAWholeExtensionIsRecognised() throws Exception {
        assertEquals(ScimSchemas.ENTERPRISE_USER, ScimSchemas.extensionNamedBy(ResourceKind.USER,
                Path.fromString("urn:ietf:params:scim:schemas:extension:enterprise:2.0:user")).orElseThrow());
    }

    @Test
    void groupDisplayNameIsRequiredAndMembersValuesImmutable() throws Exception {
        AttributeDefinition displayName = ScimSchemas.attribute(ResourceKind.GROUP, Path.fromString("displayName"))
                .orElseThrow();
        assertTrue(displayName.isRequired());
        assertEquals(Mutability.IMMUTABLE, ScimSchemas.attribute(ResourceKind.GROUP,
                Path.fromString("members.value")).orElseThrow().getMutability());
    }

    @Test
    void schemasDocumentsCarryTheirLocation() {
        List<ObjectNode> schemas = ScimSchemas.schemaDocuments(BASE);
        assertEquals(4, schemas.size());
        ObjectNode user = ScimSchemas.schemaDocument(BASE, ScimSchemas.USER).orElseThrow();
        assertEquals("https://gw.example.com/scim/v2/Schemas/urn:ietf:params:scim:schemas:core:2.0:User",
                user.at("/meta/location").asText());
        assertEquals("Schema", user.at("/meta/resourceType").asText());
        assertEquals("urn:ietf:params:scim:schemas:core:2.0:Schema", user.at("/schemas/0").asText());
        JsonNode userName = user.get("attributes").get(0);
        assertEquals("userName", userName.get("name").asText());
        assertEquals("server", userName.get("uniqueness").asText());
        assertFalse(userName.get("caseExact").asBoolean());
    }

    @Test
    void theUserResourceTypeListsBothExtensionsAsOptional() {
        ObjectNode user = ScimSchemas.resourceTypeDocument(BASE, "User").orElseThrow();
        assertEquals("/Users", user.get("endpoint").asText());
        assertEquals(ScimSchemas.USER, user.get("schema").asText());
        assertEquals(2, user.get("schemaExtensions").size());
        assertEquals(ScimSchemas.MATTERMOST_USER, user.at("/schemaExtensions/1/schema").asText());
        assertFalse(user.at("/schemaExtensions/1/required").asBoolean());
        assertEquals("https://gw.example.com/scim/v2/ResourceTypes/User", user.at("/meta/location").asText());
        ObjectNode group = ScimSchemas.resourceTypeDocument(BASE, "Group").orElseThrow();
        assertEquals("/Groups", group.get("endpoint").asText());
    }

    @Test
    void theServiceProviderConfigSaysWhatIsSupported() {
        ObjectNode config = ScimSchemas.serviceProviderConfig(BASE, 250);
        assertTrue(config.at("/patch/supported").asBoolean());
        assertFalse(config.at("/bulk/supported").asBoolean());
        assertTrue(config.at("/filter/supported").asBoolean());
        assertEquals(250, config.at("/filter/maxResults").asInt());
        assertFalse(config.at("/changePassword/supported").asBoolean());
        assertTrue(config.at("/sort/supported").asBoolean());
        assertTrue(config.at("/etag/supported").asBoolean());
        assertEquals("oauthbearertoken", config.at("/authenticationSchemes/0/type").asText());
        assertEquals("https://gw.example.com/scim/v2/ServiceProviderConfig", config.at("/meta/location").asText());
    }
}
