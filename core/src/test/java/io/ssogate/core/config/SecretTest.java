package io.ssogate.core.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A secret's value is reached through reveal() only; everything else shows where it came from. */
class SecretTest {

    private static final String VALUE = "Tr0ub4dor&3-value";

    @Test
    void toStringShowsTheReferenceOrStarsNeverTheValue() {
        assertEquals("Secret[${DB_PASSWORD}]", Secret.fromReference("${DB_PASSWORD}", VALUE).toString());
        assertEquals("Secret[****]", Secret.of(VALUE).toString());
        String record = new DatabaseConfig("jdbc:h2:mem:x", "sa", Secret.of(VALUE), 1).toString();
        assertFalse(record.contains(VALUE), record);
    }

    @Test
    void revealGivesTheValueAndReferenceWhereItCameFrom() {
        Secret secret = Secret.fromReference("${file:/run/secrets/db}", VALUE);

        assertEquals(VALUE, secret.reveal());
        assertEquals(Optional.of("${file:/run/secrets/db}"), secret.reference());
        assertEquals(Optional.empty(), Secret.of(VALUE).reference());
    }

    @Test
    void equalSecretsHaveTheSameValueAndTheSameReference() {
        assertEquals(Secret.of(VALUE), Secret.of(VALUE));
        assertEquals(Secret.fromReference("${A}", VALUE), Secret.fromReference("${A}", VALUE));
        assertNotEquals(Secret.of(VALUE), Secret.of(VALUE + "x"));
        assertNotEquals(Secret.of(VALUE), Secret.fromReference("${A}", VALUE), "written differently");
        assertNotEquals(Secret.fromReference("${A}", VALUE), Secret.fromReference("${B}", VALUE));
    }

    @Test
    void theHashSaysNothingAboutTheValue() {
        assertEquals(Secret.of(VALUE).hashCode(), Secret.of("something-else").hashCode());
    }

    @Test
    void matchesComparesACandidateWithTheValue() {
        Secret secret = Secret.of(VALUE);

        assertTrue(secret.matches(VALUE));
        assertFalse(secret.matches(VALUE.substring(1)));
        assertFalse(secret.matches(null));
    }

    @Test
    void aReferenceMustReferToSomething() {
        // It is written where the value would be; a plain text "reference" would be the value itself.
        assertThrows(IllegalArgumentException.class, () -> Secret.fromReference(VALUE, VALUE));
        assertThrows(IllegalArgumentException.class, () -> Secret.fromReference("$${escaped}", VALUE));
    }

    @Test
    void anyJacksonMapperWritesTheReferenceOrTheMarkerNotTheValue() throws JsonProcessingException {
        ObjectMapper plain = new ObjectMapper();

        assertEquals("{\"p\":\"${DB_PASSWORD}\"}",
                plain.writeValueAsString(Map.of("p", Secret.fromReference("${DB_PASSWORD}", VALUE))));
        assertEquals("{\"p\":\"" + Secret.NOT_WRITTEN + "\"}", plain.writeValueAsString(Map.of("p", Secret.of(VALUE))));
    }
}
