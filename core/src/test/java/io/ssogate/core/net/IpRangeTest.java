package io.ssogate.core.net;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpRangeTest {

    @ParameterizedTest(name = "{0} contains {1}: {2}")
    @CsvSource({
            "10.0.0.0/8,        10.255.3.4,      true",
            "10.0.0.0/8,        11.0.0.1,        false",
            "192.168.1.7,       192.168.1.7,     true",
            "192.168.1.7,       192.168.1.8,     false",
            "192.168.1.7/32,    192.168.1.7,     true",
            "172.16.0.0/12,     172.31.255.255,  true",
            "172.16.0.0/12,     172.32.0.0,      false",
            "0.0.0.0/0,         8.8.8.8,         true",
            "0.0.0.0/0,         ::1,             false",
            "::1,               ::1,             true",
            "::1,               127.0.0.1,       false",
            "fd00::/8,          fd12:3456::1,    true",
            "fd00::/8,          fe80::1,         false",
            "2001:db8::/33,     2001:db8:7fff::, true",
            "2001:db8::/33,     2001:db8:8000::, false",
            "127.0.0.0/8,       ::ffff:127.0.0.9, true",
            "[::1],             ::1,             true",
    })
    void containsMatchesTheNetworkBitsOnly(String range, String address, boolean expected) {
        assertEquals(expected, IpRange.parse(range).contains(IpRange.parseAddress(address)),
                range + " contains " + address);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "localhost", "example.com", "10.0.0.256", "10.0.0", "10.0.0.0/33",
            "::1/129", "10.0.0.0/x", "10.0.0.0/", "1.2.3.4/-1", "gg::1", "abc"})
    void parseRejectsAnythingButALiteralAndNamesTheText(String bad) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> IpRange.parse(bad));
        assertTrue(e.getMessage().contains("[" + bad + "]"), "message names the bad text: " + e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"localhost", "example.invalid", "abc", "1.2.3"})
    void parseAddressNeverResolvesNames(String name) {
        // A name would need DNS; the parser refuses instead of looking it up.
        assertThrows(IllegalArgumentException.class, () -> IpRange.parseAddress(name));
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.1.2.3", " 10.1.2.3 ", "fd00::/8", "::"})
    void toStringGivesTheConfiguredText(String text) {
        assertEquals(text.trim(), IpRange.parse(text).toString());
    }
}
