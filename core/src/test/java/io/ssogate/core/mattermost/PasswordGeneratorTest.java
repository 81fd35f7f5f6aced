package io.ssogate.core.mattermost;

import io.ssogate.core.config.Secret;

import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PasswordGeneratorTest {

    /** Mattermost's special characters (model/user.go, as we read it); ours must be among them. */
    private static final String MATTERMOST_SYMBOLS = "!\"\\#$%&'()*+,-./:;<=>?@[]^_`|~";

    @Test
    void everyPasswordHasEachCharacterClassAndTheLength() {
        PasswordGenerator generator = new PasswordGenerator();
        for (int i = 0; i < 2000; i++) {
            String p = generator.generate().reveal();
            assertEquals(PasswordGenerator.DEFAULT_LENGTH, p.length());
            assertTrue(p.chars().anyMatch(c -> c >= 'A' && c <= 'Z'), "upper");
            assertTrue(p.chars().anyMatch(c -> c >= 'a' && c <= 'z'), "lower");
            assertTrue(p.chars().anyMatch(c -> c >= '0' && c <= '9'), "digit");
            assertTrue(p.chars().anyMatch(c -> PasswordGenerator.SYMBOLS.indexOf(c) >= 0), "symbol");
            assertTrue(p.chars().allMatch(c -> Character.isLetterOrDigit(c) || MATTERMOST_SYMBOLS.indexOf(c) >= 0),
                    "only characters Mattermost counts");
        }
    }

    @Test
    void passwordsDoNotRepeat() {
        PasswordGenerator generator = new PasswordGenerator();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            assertTrue(seen.add(generator.generate().reveal()));
        }
    }

    @Test
    void theClassesAreNotAtFixedPlaces() {
        // Were the first four characters always upper, lower, digit, symbol, they would be guessable.
        PasswordGenerator generator = new PasswordGenerator();
        Set<Character> firsts = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            firsts.add(generator.generate().reveal().charAt(0));
        }
        assertTrue(firsts.stream().anyMatch(Character::isDigit) && firsts.stream().anyMatch(Character::isLowerCase));
    }

    @Test
    void lengthsOutsideMattermostsRangeAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> new PasswordGenerator(new SecureRandom(), 31));
        assertThrows(IllegalArgumentException.class, () -> new PasswordGenerator(new SecureRandom(), 73));
        assertEquals(72, new PasswordGenerator(new SecureRandom(), 72).generate().reveal().length());
    }

    @Test
    void aPasswordDoesNotPrint() {
        Secret secret = new PasswordGenerator().generate();
        assertFalse(secret.toString().contains(secret.reveal()));
    }
}
