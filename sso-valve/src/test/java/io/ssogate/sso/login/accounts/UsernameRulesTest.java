package io.ssogate.sso.login.accounts;

import io.ssogate.core.mattermost.UsernameRules;
import io.ssogate.sso.identity.Identity;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UsernameRulesTest {

    static Identity identity(String subject, String email, String given, String family, String username) {
        return new Identity("corp", "entra", subject, email, given, family, null, username, List.of());
    }

    @Test
    void theIdpsUsernameComesFirstWhenValid() {
        assertEquals("adams.a", UsernameRules.preferred(identity("s1", "alice@corp.example", "Alice", "Adams",
                "Adams.A")));
    }

    @Test
    void anInvalidIdpUsernameFallsBackToTheEmailsLocalPart() {
        // "42" cannot start a name and is too short once the digits go.
        assertEquals("alice.adams", UsernameRules.preferred(identity("s1", "alice.adams+chat@corp.example", "", "",
                "42")));
    }

    @Test
    void withNeitherUsableTheNamesAreUsedAccentsDropped() {
        assertEquals("zoe.angstrom", UsernameRules.preferred(identity("s1", "1@corp.example", "Zoë", "Ångström",
                "")));
    }

    @Test
    void withNothingUsableTheNameIsUserAndAStableHash() {
        Identity chinese = identity("s1", "12@corp.example", "雷", "李", "");
        String name = UsernameRules.preferred(chinese);

        assertTrue(name.matches("user-[a-z2-7]{6}"), name);
        assertEquals(name, UsernameRules.preferred(identity("s1", "99@corp.example", "", "", "")),
                "the hash comes from tenant, IdP and subject only");
    }

    @Test
    void normalisingFollowsMattermostsWebappRule() {
        assertEquals(Optional.of("alice"), UsernameRules.normalise("CORP\\Alice"));
        assertEquals(Optional.of("alice"), UsernameRules.normalise("alice@corp.example"));
        assertEquals(Optional.of("jean.luc.picard"), UsernameRules.normalise("Jean Luc  Picard"));
        assertEquals(Optional.of("o.neil"), UsernameRules.normalise("O'Neil"));
        assertEquals(Optional.of("bob"), UsernameRules.normalise("__007bob."), "starts with a letter, no trailing dot");
        assertEquals(Optional.of("abcdefghijklmnopqrstuv"), UsernameRules.normalise("abcdefghijklmnopqrstuvwxyz"),
                "cut to 22");
        assertEquals(Optional.empty(), UsernameRules.normalise("al"), "under 3");
        assertEquals(Optional.empty(), UsernameRules.normalise("1234"), "no letter");
        for (String reserved : UsernameRules.RESERVED) {
            assertEquals(Optional.empty(), UsernameRules.normalise(reserved.toUpperCase()), reserved);
        }
    }

    @Test
    void aReservedIdpUsernameFallsBackToTheEmail() {
        assertEquals("h.admin", UsernameRules.preferred(identity("s1", "h.admin@corp.example", "", "", "here")));
    }

    @Test
    void aFreeNameIsTakenAsItIs() {
        assertEquals(Optional.of("alice"), UsernameRules.choose(identity("s1", "alice@corp.example", "", "", ""),
                name -> false));
    }

    @Test
    void aTakenNameGetsTheIdentitysHashSuffixTheSameEveryTime() {
        Identity alice = identity("s1", "alice@corp.example", "", "", "");
        Set<String> taken = Set.of("alice");

        String first = UsernameRules.choose(alice, taken::contains).orElseThrow();
        String again = UsernameRules.choose(alice, taken::contains).orElseThrow();

        assertTrue(first.matches("alice-[a-z2-7]{6}"), first);
        assertEquals(first, again);
        assertTrue(UsernameRules.isValid(first));
    }

    @Test
    void twoPeopleWithTheSameNameGetDifferentSuffixesWhateverTheOrder() {
        Identity one = identity("s1", "alice@corp.example", "", "", "");
        Identity two = identity("s2", "alice@partner.example", "", "", "");
        Set<String> taken = Set.of("alice");

        String forOne = UsernameRules.choose(one, taken::contains).orElseThrow();
        String forTwo = UsernameRules.choose(two, taken::contains).orElseThrow();
        // Whoever comes second, the first's name is the one it was going to get anyway.
        String forTwoAfterOne = UsernameRules.choose(two, n -> taken.contains(n) || n.equals(forOne)).orElseThrow();

        assertNotEquals(forOne, forTwo);
        assertEquals(forTwo, forTwoAfterOne);
    }

    @Test
    void aLongTakenNameIsShortenedToFitItsSuffixIn22() {
        Identity long1 = identity("s1", "maximilian.alexander@corp.example", "", "", "");

        String name = UsernameRules.choose(long1, "maximilian.alexander"::equals).orElseThrow();

        assertTrue(name.length() <= UsernameRules.MAX_LENGTH, name);
        assertTrue(name.startsWith("maximilian.ale") && UsernameRules.isValid(name), name);
    }

    @Test
    void whenTheSuffixedNameIsTakenTooTheNextAttemptIsStillDeterministic() {
        Identity alice = identity("s1", "alice@corp.example", "", "", "");
        String firstSuffixed = UsernameRules.choose(alice, "alice"::equals).orElseThrow();
        Set<String> taken = Set.of("alice", firstSuffixed);

        String second = UsernameRules.choose(alice, taken::contains).orElseThrow();

        assertNotEquals(firstSuffixed, second);
        assertEquals(second, UsernameRules.choose(alice, taken::contains).orElseThrow());
    }

    @Test
    void everyNameTakenGivesNone() {
        assertFalse(UsernameRules.choose(identity("s1", "alice@corp.example", "", "", ""), n -> true).isPresent());
    }

    @Test
    void suffixesSpreadOverManyIdentities() {
        Set<String> suffixes = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            suffixes.add(UsernameRules.hashSuffix(identity("subject-" + i, "a@b.c", "", "", ""), 1));
        }
        assertEquals(1000, suffixes.size(), "30 bits: no collision among a thousand");
    }
}
