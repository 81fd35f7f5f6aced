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

/** Cookie fields read and rewritten per RFC 6265 §4.2, everything else left byte for byte. */
class RequestCookiesTest {

    private final List<Map.Entry<String, String>> fields = new ArrayList<>();
    private final RequestCookies cookies = new RequestCookies(new HeaderFields(fields));

    private void field(String name, String value) {
        fields.add(Map.entry(name, value));
    }

    @Test
    void removingTheGatewaySessionCookieLeavesTheOthersByteForByte() {
        field("Cookie", "MMAUTHTOKEN=abc; SSOGATE_SESSION=s3cr3t; MMUSERID=u1; theme=\"dark blue\"");

        assertTrue(cookies.remove("SSOGATE_SESSION"));

        assertEquals(List.of(Map.entry("Cookie", "MMAUTHTOKEN=abc; MMUSERID=u1; theme=\"dark blue\"")), fields);
    }

    @Test
    void theSessionCookieIsRemovedFromEveryCookieFieldAndAnEmptiedFieldGoes() {
        field("Accept", "*/*");
        field("Cookie", "SSOGATE_SESSION=one");
        field("X-Other", "kept");
        field("cookie", "a=1;SSOGATE_SESSION=two;b=\"q=x\"");
        field("Cookie", "c=3");

        assertTrue(cookies.remove("SSOGATE_SESSION"));

        assertEquals(List.of(Map.entry("Accept", "*/*"), Map.entry("X-Other", "kept"),
                Map.entry("cookie", "a=1; b=\"q=x\""), Map.entry("Cookie", "c=3")), fields,
                "a field without the cookie is untouched, a field with nothing left is dropped");
    }

    @Test
    void optionalWhitespaceAroundPairsIsNotPartOfTheirNames() {
        field("Cookie", "  a=1 ;\tSSOGATE_SESSION = x ;  b=2  ");

        assertTrue(cookies.remove("SSOGATE_SESSION"));

        assertEquals("a=1; b=2", fields.get(0).getValue());
    }

    @Test
    void aFieldWithoutTheCookieIsNotRewrittenEvenWhenItsSpacingIsOdd() {
        field("Cookie", "a=1;b=2 ;  c=3");

        assertFalse(cookies.remove("SSOGATE_SESSION"));

        assertEquals("a=1;b=2 ;  c=3", fields.get(0).getValue());
    }

    @Test
    void cookieNamesAreCaseSensitive() {
        field("Cookie", "ssogate_session=mattermosts; SSOGATE_SESSION=ours");

        cookies.remove("SSOGATE_SESSION");

        assertEquals("ssogate_session=mattermosts", fields.get(0).getValue());
    }

    @Test
    void aNamePrefixIsNotTheName() {
        field("Cookie", "SSOGATE_SESSION_OLD=1; XSSOGATE_SESSION=2");

        assertFalse(cookies.remove("SSOGATE_SESSION"));

        assertEquals("SSOGATE_SESSION_OLD=1; XSSOGATE_SESSION=2", fields.get(0).getValue());
    }

    @Test
    void getReturnsTheFirstValueAsSentQuotesIncluded() {
        field("Cookie", "a=1");
        field("Cookie", "theme=\"dark\"; a=2");

        assertEquals(Optional.of("1"), cookies.get("a"));
        assertEquals(Optional.of("\"dark\""), cookies.get("theme"));
        assertEquals(Optional.empty(), cookies.get("missing"));
    }

    @Test
    void setReplacesTheFirstInPlaceAndRemovesLaterCopies() {
        field("Cookie", "a=1; MMAUTHTOKEN=old; b=2");
        field("Cookie", "MMAUTHTOKEN=older");

        cookies.set("MMAUTHTOKEN", "new");

        assertEquals(List.of(Map.entry("Cookie", "a=1; MMAUTHTOKEN=new; b=2")), fields);
    }

    @Test
    void setAddsToTheLastCookieFieldOrStartsOne() {
        cookies.set("MMAUTHTOKEN", "t1");
        assertEquals(List.of(Map.entry("Cookie", "MMAUTHTOKEN=t1")), fields);

        field("Cookie", "z=26");
        cookies.set("MMUSERID", "\"u1\"");
        assertEquals(List.of(Map.entry("Cookie", "MMAUTHTOKEN=t1"), Map.entry("Cookie", "z=26; MMUSERID=\"u1\"")),
                fields);
    }

    @Test
    void setRefusesWhatWouldBreakTheCookieHeaderWithoutEchoingTheValue() {
        field("Cookie", "a=1");
        IllegalArgumentException semicolon = assertThrows(IllegalArgumentException.class,
                () -> cookies.set("MMAUTHTOKEN", "tok; injected=1"));
        assertFalse(semicolon.getMessage().contains("tok"), "a cookie value may be a credential");
        assertThrows(IllegalArgumentException.class, () -> cookies.set("MMAUTHTOKEN", "a b"));
        assertThrows(IllegalArgumentException.class, () -> cookies.set("MMAUTHTOKEN", "x\r\nX-Evil: 1"));
        assertThrows(IllegalArgumentException.class, () -> cookies.set("bad name", "v"));
        assertThrows(IllegalArgumentException.class, () -> cookies.set("a=b", "v"));
        assertEquals(List.of(Map.entry("Cookie", "a=1")), fields, "a refused change changes nothing");
    }
}
