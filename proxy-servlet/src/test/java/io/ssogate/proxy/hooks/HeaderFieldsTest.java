package io.ssogate.proxy.hooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What a hook may do to the fields the proxy sends on, in the proxy's own list. */
class HeaderFieldsTest {

    private final List<Map.Entry<String, String>> fields = new ArrayList<>(List.of(
            Map.entry("Accept", "text/html"), Map.entry("X-Team", "a"), Map.entry("Content-Length", "12"),
            Map.entry("x-team", "b")));
    private final HeaderFields headers = new HeaderFields(fields);

    @Test
    void namesCompareCaseInsensitivelyAndValuesKeepTheirOrder() {
        assertEquals(Optional.of("a"), headers.first("X-TEAM"));
        assertEquals(List.of("a", "b"), headers.all("x-team"));
        assertTrue(headers.contains("content-length"), "framing fields can be read");
        assertEquals(Optional.empty(), headers.first("X-Missing"));
    }

    @Test
    void setReplacesEveryFieldOfTheNameWithOneWhereTheFirstStood() {
        headers.set("X-TEAM", "c");

        assertEquals(List.of(Map.entry("Accept", "text/html"), Map.entry("X-Team", "c"),
                Map.entry("Content-Length", "12")), fields);
    }

    @Test
    void addAppendsAndRemoveTakesEveryField() {
        headers.add("X-Gateway-User", "alice");
        assertTrue(headers.remove("x-team"));
        assertFalse(headers.remove("x-team"));

        assertEquals(List.of(Map.entry("Accept", "text/html"), Map.entry("Content-Length", "12"),
                Map.entry("X-Gateway-User", "alice")), fields);
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length", "Transfer-Encoding", "Connection", "Upgrade", "Keep-Alive", "TE",
            "Trailer", "Expect", "Proxy-Authorization"})
    void fieldsThatFrameTheHopAreTheProxysAlone(String name) {
        assertThrows(IllegalArgumentException.class, () -> headers.set(name, "1"));
        assertThrows(IllegalArgumentException.class, () -> headers.add(name, "1"));
        assertThrows(IllegalArgumentException.class, () -> headers.remove(name));
        assertEquals(4, fields.size());
    }

    @Test
    void aLineBreakCannotBeSmuggledIntoANameOrValue() {
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> headers.add("X-Token", "s3cr3t\r\nX-Admin: yes"));
        assertFalse(refused.getMessage().contains("s3cr3t"), "the value may be a credential: " + refused.getMessage());
        assertThrows(IllegalArgumentException.class, () -> headers.add("X-Bad\r\nX-Admin", "yes"));
        assertThrows(IllegalArgumentException.class, () -> headers.set("X-Null", "a\u0000b"));
        assertThrows(IllegalArgumentException.class, () -> headers.set("X-Wide", "\u2603"));
        assertThrows(IllegalArgumentException.class, () -> headers.set("X-None", null));
        assertEquals(4, fields.size());
    }

    @Test
    void theListViewIsReadOnly() {
        assertThrows(UnsupportedOperationException.class, () -> headers.asList().clear());
    }
}
