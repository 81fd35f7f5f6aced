package io.ssogate.scim.protocol.dialect;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.BadRequestException;
import com.unboundid.scim2.common.messages.PatchOpType;
import com.unboundid.scim2.common.messages.PatchOperation;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import io.ssogate.scim.protocol.model.ResourceKind;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Vendor request shapes become RFC 7644 PATCH operations and RFC 7643 resources. */
class ClientDialectsTest {

    static ObjectNode json(String text) throws Exception {
        return (ObjectNode) JsonUtils.getObjectReader().readTree(text);
    }

    static List<PatchOperation> ops(ResourceKind kind, String body) throws Exception {
        return ClientDialects.patch(kind, json(body)).getOperations();
    }

    @Test
    void capitalisedOpsAndStringBooleansAreRfcOps() throws Exception {
        List<PatchOperation> ops = ops(ResourceKind.USER,
                "{\"Operations\":[{\"op\":\"Replace\",\"path\":\"active\",\"value\":\"False\"}]}");
        assertEquals(PatchOpType.REPLACE, ops.get(0).getOpType());
        assertTrue(ops.get(0).getJsonNode().isBoolean());
        assertFalse(ops.get(0).getJsonNode().booleanValue());
    }

    @Test
    void stringBooleansInsideValueObjectsBecomeBooleansOnlyWhereTheSchemaSaysBoolean() throws Exception {
        List<PatchOperation> ops = ops(ResourceKind.USER, """
                {"Operations":[{"op":"Add","path":"emails",
                  "value":[{"value":"a@x.test","type":"True","primary":"True"}]}]}""");
        ObjectNode email = (ObjectNode) ops.get(0).getJsonNode().get(0);
        assertTrue(email.get("primary").isBoolean());
        assertEquals("True", email.get("type").asText(), "type is a string attribute: left alone");
    }

    @Test
    void aPathlessValueWithPathKeysBecomesOneOpPerPath() throws Exception {
        List<PatchOperation> ops = ops(ResourceKind.USER, """
                {"Operations":[{"op":"Replace","value":{"displayName":"D","active":"True","name.givenName":"G",
                  "emails[type eq \\"work\\"].value":"w@x.test",
                  "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department":"R"}}]}""");
        assertEquals(4, ops.size());
        assertTrue(ops.get(0).getPath() == null || ops.get(0).getPath().isRoot(), "the plain attributes first");
        assertTrue(ops.get(0).getJsonNode().get("active").isBoolean());
        assertEquals("name.givenName", ops.get(1).getPath().toString());
        assertEquals("emails[type eq \"work\"].value", ops.get(2).getPath().toString());
        assertEquals("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                ops.get(3).getPath().toString());
    }

    @Test
    void aRemoveByValueListBecomesRemovesByValueFilter() throws Exception {
        List<PatchOperation> ops = ops(ResourceKind.GROUP, """
                {"Operations":[{"op":"Remove","path":"members","value":[{"$ref":null,"value":"u1"},{"value":"u\\"2"}]}]}""");
        assertEquals(2, ops.size());
        assertEquals("members[value eq \"u1\"]", ops.get(0).getPath().toString());
        assertEquals(PatchOpType.REMOVE, ops.get(1).getOpType());
        assertTrue(ops.get(1).getPath().toString().startsWith("members[value eq "));
    }

    @Test
    void malformedPatchesAreBadRequestsWithTheirScimType() {
        assertEquals("invalidSyntax", assertThrows(BadRequestException.class,
                () -> ops(ResourceKind.USER, "{\"Operations\":{}}")).getScimError().getScimType());
        assertEquals("invalidSyntax", assertThrows(BadRequestException.class,
                () -> ops(ResourceKind.USER, "{\"Operations\":[{\"op\":\"merge\",\"path\":\"title\"}]}"))
                .getScimError().getScimType());
        assertEquals("invalidPath", assertThrows(BadRequestException.class,
                () -> ops(ResourceKind.USER, "{\"Operations\":[{\"op\":\"add\",\"path\":\"a[b\",\"value\":1}]}"))
                .getScimError().getScimType());
        assertEquals("noTarget", assertThrows(BadRequestException.class,
                () -> ops(ResourceKind.USER, "{\"Operations\":[{\"op\":\"remove\"}]}")).getScimError().getScimType());
        assertEquals("invalidValue", assertThrows(BadRequestException.class,
                () -> ops(ResourceKind.USER, "{\"Operations\":[{\"op\":\"add\",\"path\":\"title\"}]}"))
                .getScimError().getScimType());
    }

    @Test
    void resourceBodiesLoseEntrasGroupSchemaAndOktasPassword() throws Exception {
        ObjectNode group = ClientDialects.resource(ResourceKind.GROUP, json("""
                {"schemas":["urn:ietf:params:scim:schemas:core:2.0:Group",
                  "http://schemas.microsoft.com/2006/11/ResourceManagement/ADSCIM/2.0/Group"],"displayName":"g"}"""));
        assertEquals(1, group.get("schemas").size());
        ObjectNode user = ClientDialects.resource(ResourceKind.USER, json("""
                {"userName":"u","password":"secret","active":"False",
                 "emails":[{"value":"a@x.test","primary":"true"}]}"""));
        assertNull(user.get("password"));
        assertTrue(user.get("active").isBoolean());
        assertTrue(user.get("emails").get(0).get("primary").booleanValue());
    }

    @Test
    void aPatchRequestAppliesWithTheSdk() throws Exception {
        PatchRequest patch = ClientDialects.patch(ResourceKind.USER,
                json("{\"Operations\":[{\"op\":\"replace\",\"value\":{\"active\":false}}]}"));
        ObjectNode user = json("{\"userName\":\"u\",\"active\":true}");
        for (PatchOperation op : patch) {
            op.apply(user);
        }
        assertFalse(user.get("active").booleanValue());
    }

    @Test
    void removingAMemberThatIsNotThereChangesNothing() throws Exception {
        PatchRequest patch = ClientDialects.patch(ResourceKind.GROUP, json(
                "{\"Operations\":[{\"op\":\"Remove\",\"path\":\"members\",\"value\":[{\"value\":\"absent\"}]}]}"));
        ObjectNode group = json("{\"displayName\":\"g\",\"members\":[{\"value\":\"x\"}]}");
        for (PatchOperation op : patch) {
            op.apply(group);
        }
        // Idempotent, so a client that retries a removal after a lost answer is not refused.
        assertEquals(json("{\"displayName\":\"g\",\"members\":[{\"value\":\"x\"}]}"), group);
    }

    @Test
    void anAddThroughAValueFilterCreatesTheValueEntraSetsAnEmailWith() throws Exception {
        PatchRequest patch = ClientDialects.patch(ResourceKind.USER, json("{\"Operations\":[{\"op\":\"Add\","
                + "\"path\":\"emails[type eq \\\"work\\\"].value\",\"value\":\"w@x.test\"}]}"));
        ObjectNode user = json("{\"userName\":\"u\"}");
        for (PatchOperation op : patch) {
            op.apply(user);
        }
        assertEquals(json("{\"userName\":\"u\",\"emails\":[{\"value\":\"w@x.test\",\"type\":\"work\"}]}"), user);
    }
}
