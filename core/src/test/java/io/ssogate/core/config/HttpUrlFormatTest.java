package io.ssogate.core.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The base URL rules the loader, the proxy and the WebSocket tunnel share. */
class HttpUrlFormatTest {

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8065", "localhost:8065", "8065", "/mattermost", "mattermost.internal",
            "http:mattermost"})
    void aUrlWithoutHttpSlashSlashIsToldToStartWithIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HttpUrlFormat.parse(text));

        assertEquals("must be an absolute http or https URL, like http://127.0.0.1:8065", e.getMessage());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "ftp://127.0.0.1/ | scheme must be http or https, not ftp",
            "ws://127.0.0.1:8065 | scheme must be http or https, not ws",
            "http://admin:pw@127.0.0.1 | must not contain user:password@; credentials do not belong in a URL",
            "http://under_score:80/ | URL has no host (or the host is not a valid name)",
            "http://127.0.0.1:0/ | port must be between 1 and 65535",
            "http://127.0.0.1:8065/?team=x | must not have a query (?...): it is a base URL",
            "https://chat.example.com/#top | must not have a fragment (#...): it is a base URL"})
    void eachRuleHasItsOwnMessage(String text, String message) {
        assertEquals(message, assertThrows(IllegalArgumentException.class, () -> HttpUrlFormat.parse(text))
                .getMessage());
        assertEquals(message, assertThrows(IllegalArgumentException.class,
                () -> HttpUrlFormat.validate(URI.create(text))).getMessage(), "the same rules for a URI made in code");
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8065", "https://mm.internal/mattermost/", "HTTP://MM:80"})
    void baseUrlsWithAnOptionalPathAreAccepted(String text) {
        assertEquals(URI.create(text), HttpUrlFormat.parse(text));
    }

    @Test
    void aMessageNeverRepeatsTheUrl() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> HttpUrlFormat.parse("http://exa mple-secret.com"));

        assertFalse(e.getMessage().contains("secret"), e.getMessage());
    }

    @Test
    void theShownUrlLeavesOutWhatMayCarryASecret() {
        assertEquals("http://127.0.0.1:8065/mm",
                HttpUrlFormat.shown(URI.create("http://admin:pw@127.0.0.1:8065/mm?token=abc#x")));
        assertEquals("ftp://127.0.0.1/mm", HttpUrlFormat.shown(URI.create("ftp://127.0.0.1/mm")));
        assertEquals("mailto:…", HttpUrlFormat.shown(URI.create("mailto:admin@example.com")));
    }
}
