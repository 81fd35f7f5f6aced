package io.ssogate.scim.protocol.model;

import com.unboundid.scim2.common.utils.Parser;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.ssogate.scim.protocol.model.Json.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Index keys come only from where every match must have them. */
class IndexedLookupTest {

    private static Optional<IndexedLookup.Key> user(String filter) throws Exception {
        return IndexedLookup.of(ResourceKind.USER, Parser.parseFilter(filter));
    }

    private static Optional<IndexedLookup.Key> group(String filter) throws Exception {
        return IndexedLookup.of(ResourceKind.GROUP, Parser.parseFilter(filter));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "userName eq \"Test_User_ab6490ee-1e48-479e-a20b-2d77186b5dd1\" | USER_NAME | test_user_ab6490ee-1e48-479e-a20b-2d77186b5dd1",
            "USERNAME eq \"BJensen\"                                       | USER_NAME | bjensen",
            "urn:ietf:params:scim:schemas:core:2.0:User:userName eq \"B\"  | USER_NAME | b",
            "externalId eq \"0a21F0f2-8d2a\"                               | EXTERNAL_ID | 0a21F0f2-8d2a",
            "id eq \"2819c223-7F76\"                                       | ID | 2819c223-7F76",
            "emails.value eq \"B@Example.com\"                             | EMAIL | b@example.com",
            "emails[value eq \"B@Example.com\"]                            | EMAIL | b@example.com",
            "emails[type eq \"work\" and value eq \"B@Example.com\"]       | EMAIL | b@example.com",
            "userName eq \"bjensen\" and active eq true                    | USER_NAME | bjensen",
            "active eq true and emails[value eq \"b@x.org\"]               | EMAIL | b@x.org",
            "emails.value eq \"b@x.org\" and id eq \"u1\"                  | ID | u1",
            "userName eq 42                                                | USER_NAME | 42",
    })
    void userLookupsGiveTheirKey(String filter, IndexedLookup.Field field, String value) throws Exception {
        assertEquals(Optional.of(new IndexedLookup.Key(field, value)), user(filter));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "displayName eq \"Group1\"                  | DISPLAY_NAME | group1",
            "externalId eq \"Ext-1\"                    | EXTERNAL_ID | Ext-1",
            "id eq \"g1\"                               | ID | g1",
            "members.value eq \"U1\"                    | MEMBER | u1",
            "members[value eq \"u1\"]                   | MEMBER | u1",
            "id eq \"g1\" and members[value eq \"u1\"]  | ID | g1",
    })
    void groupLookupsGiveTheirKey(String filter, IndexedLookup.Field field, String value) throws Exception {
        assertEquals(Optional.of(new IndexedLookup.Key(field, value)), group(filter));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "userName eq \"a\" or userName eq \"b\"",
            "not (userName eq \"a\")",
            "userName ne \"a\"",
            "userName sw \"a\"",
            "userName eq null",
            "emails[type eq \"work\"]",
            "emails[type eq \"work\" or value eq \"a@b.c\"]",
            "title eq \"Boss\"",
            "displayName eq \"Babs\"",
            "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"1\"",
            "(userName eq \"a\" or title eq \"b\") and active eq true",
    })
    void noKeyWhereAMatchMightLackIt(String filter) throws Exception {
        assertTrue(user(filter).isEmpty(), filter);
    }

    @Test
    void everyUserAFilterMatchesHasItsKey() throws Exception {
        List<ObjectNode> users = List.of(
                object("{'id':'u1','userName':'BJensen','externalId':'X1','emails':[{'value':'B@Example.com',"
                        + "'type':'work','primary':true},{'value':'babs@home.org','type':'home'}]}"),
                object("{'id':'u2','userName':'42','externalId':'x1','emails':[{'value':'x@y.z'}]}"),
                object("{'id':'U1','userName':'bjensen2','active':true}"));
        List<String> filters = List.of("userName eq \"bjensen\"", "userName eq 42", "externalId eq \"X1\"",
                "id eq \"u1\"", "emails.value eq \"babs@HOME.org\"",
                "emails[type eq \"home\" and value eq \"BABS@home.org\"]",
                "emails eq \"b@example.com\"", "userName eq \"BJENSEN2\" and active eq true");
        for (String text : filters) {
            var filter = ResourceMatcher.canonical(ResourceKind.USER, Parser.parseFilter(text));
            IndexedLookup.Key key = IndexedLookup.of(ResourceKind.USER, filter)
                    .orElseThrow(() -> new AssertionError(text));
            for (ObjectNode user : users) {
                if (ResourceMatcher.matchesCanonical(ResourceKind.USER, filter, user)) {
                    assertTrue(hasKey(user, key), text + " matches " + user + " without " + key);
                }
            }
        }
    }

    /** What a store holding lower-cased userNames, emails and exact ids and externalIds would find. */
    private static boolean hasKey(ObjectNode user, IndexedLookup.Key key) {
        return switch (key.field()) {
            case ID -> user.path("id").asText().equals(key.value());
            case EXTERNAL_ID -> user.path("externalId").asText().equals(key.value());
            case USER_NAME -> user.path("userName").asText().toLowerCase(Locale.ROOT).equals(key.value());
            case EMAIL -> {
                boolean found = false;
                for (JsonNode email : user.path("emails")) {
                    found |= email.path("value").asText().toLowerCase(Locale.ROOT).equals(key.value());
                }
                yield found;
            }
            default -> false;
        };
    }
}
