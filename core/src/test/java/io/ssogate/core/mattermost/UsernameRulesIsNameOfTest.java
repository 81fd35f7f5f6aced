package io.ssogate.core.mattermost;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** A name the rules gave a person stays theirs: what lets provisioning rename only when the person's names change. */
class UsernameRulesIsNameOfTest {

    private static UsernameRules.NameSource person(String userName, String id) {
        return new UsernameRules.NameSource() {
            @Override
            public List<String> nameCandidates() {
                return List.of(userName);
            }

            @Override
            public List<String> stableKey() {
                return List.of("corp", "scim", id);
            }
        };
    }

    @Test
    void thePreferredNameAndEachHashSuffixedOneAreThePersons() {
        UsernameRules.NameSource alice = person("alice@example.com", "id-1");
        assertTrue(UsernameRules.isNameOf(alice, "alice"));
        String suffixed = UsernameRules.choose(alice, "alice"::equals).orElseThrow();
        assertTrue(UsernameRules.isNameOf(alice, suffixed), suffixed);
        String second = UsernameRules.choose(alice, n -> n.equals("alice") || n.equals(suffixed)).orElseThrow();
        assertTrue(UsernameRules.isNameOf(alice, second), second);
    }

    @Test
    void anotherPersonsSuffixOrAnOldNameIsNot() {
        UsernameRules.NameSource alice = person("alice@example.com", "id-1");
        String othersSuffix = UsernameRules.choose(person("alice@example.com", "id-2"), "alice"::equals).orElseThrow();
        assertFalse(UsernameRules.isNameOf(alice, othersSuffix), othersSuffix);
        assertFalse(UsernameRules.isNameOf(person("alice.jones@example.com", "id-1"), "alice"),
                "after a userName change the old name is no longer the person's");
    }
}
