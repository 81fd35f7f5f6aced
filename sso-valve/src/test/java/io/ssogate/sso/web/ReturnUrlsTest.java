package io.ssogate.sso.web;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** After sign-in a person goes back somewhere on this gateway, never to a place a link chose elsewhere. */
class ReturnUrlsTest {

    private static final URI ORIGIN = URI.create("https://gw.example");

    private static String safe(String candidate) {
        return ReturnUrls.safe(candidate, ORIGIN);
    }

    @Test
    void aPathOnTheGatewayIsKeptWithItsQuery() {
        assertEquals("/acme/channels/town-square", safe("/acme/channels/town-square"));
        assertEquals("/acme/pl/abc?x=1&y=%2F", safe("/acme/pl/abc?x=1&y=%2F"));
        assertEquals("/", safe("/"));
    }

    @Test
    void nothingAskedForGoesToTheDefault() {
        assertEquals(ReturnUrls.DEFAULT, ReturnUrls.safe(null, ORIGIN));
        assertEquals(ReturnUrls.DEFAULT, safe(""));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "//evil.example",                 // scheme-relative: another host
        "//evil.example/acme",
        "/\\evil.example",                // browsers read \ as /, so this is //evil.example
        "\\\\evil",
        "https://evil.example/x",
        "http://gw.example@evil.example", // user info: the host is evil.example
        "https://gw.example@evil.example/",
        "javascript:alert(1)",
        "JavaScript:alert(1)",
        "data:text/html,<script>alert(1)</script>",
        "/\tevil",                       // browsers drop tabs and newlines inside a URL: "/\t/evil" is "//evil"
        "/\t/evil.example",
        "/\n/evil.example",
        "/\r\n/evil.example",
        " //evil.example",               // leading space, trimmed by browsers
        "evil.example/x",                // relative paths depend on where the browser is: refused
        "https:evil.example",
        "/x/..//evil.example",           // lands on //evil.example once the browser removes the dot segments
        "/%2e%2e//evil.example",
    })
    void anythingThatCouldLeaveTheGatewayGoesToTheDefault(String candidate) {
        assertEquals(ReturnUrls.DEFAULT, safe(candidate));
    }

    @Test
    void encodedSlashesStayOnePathSegmentOnThisOrigin() {
        // A browser does not decode %2F when resolving a Location, so "/%2F%2Fevil" asks this gateway for the
        // path /%2F%2Fevil (Mattermost answers 404): no other host can be reached. It is kept verbatim, never
        // decoded, since a decoded "//evil" would be a scheme-relative URL.
        assertEquals("/%2F%2Fevil", safe("/%2F%2Fevil"));
        assertEquals("/%5Cevil.example", safe("/%5Cevil.example"));
    }

    @Test
    void anAbsoluteUrlOnThePublicOriginBecomesItsPath() {
        assertEquals("/acme/channels/town-square?x=1", safe("https://gw.example/acme/channels/town-square?x=1"));
        assertEquals("/acme", safe("HTTPS://GW.EXAMPLE:443/acme"), "scheme and host case, default port");
        assertEquals("/", safe("https://gw.example"));
        assertEquals("/acme", safe("https://gw.example/acme#fragment"), "a fragment is not needed to go back");
    }

    @Test
    void anotherPortOrSchemeOfTheSameHostIsAnotherOriginAndRefused() {
        assertEquals(ReturnUrls.DEFAULT, safe("https://gw.example:8443/acme"));
        assertEquals(ReturnUrls.DEFAULT, safe("http://gw.example/acme"));
        assertEquals(ReturnUrls.DEFAULT, safe("https://gw.example.evil.example/acme"));
        assertEquals(ReturnUrls.DEFAULT, ReturnUrls.safe("https://gw.example/acme", null),
                "without a known origin only paths are accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/sso/login", "/sso", "/sso/callback?client_name=kc", "https://gw.example/sso/login",
        "/./sso/login", "/acme/../sso/login", "/acme/%2e%2E/sso/login", "/../sso/login"})
    void theSignInEndpointsAreNeverAReturnUrlSoThereIsNoLoop(String candidate) {
        assertEquals(ReturnUrls.DEFAULT, safe(candidate));
    }

    @Test
    void dotSegmentsThatStayOnTheGatewayAreResolvedAsTheBrowserWould() {
        assertEquals("/acme/", safe("/acme/x/.."));
        assertEquals("/ssocial", safe("/ssocial"), "only /sso itself and below is the sign-in area");
    }

    @Test
    void anOverlongReturnUrlGoesToTheDefault() {
        String longest = "/" + "a".repeat(4095);
        assertEquals(longest, safe(longest));
        assertEquals(ReturnUrls.DEFAULT, safe(longest + "a"));
    }
}
