package io.ssogate.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.ssogate.core.config.ProxyConfig;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** A configuration change is checked against the same base URL rules as the file (HttpUrlFormat). */
class UpstreamClientValidateTest {

    @Test
    void credentialsInTheUpstreamUrlAreRefusedAndNotShown() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UpstreamClient.validate(ProxyConfig.of(URI.create("http://admin:pw-1234@127.0.0.1:8065/mm"))));

        assertEquals("proxy.upstreamUrl: must not contain user:password@; credentials do not belong in a URL:"
                + " [http://127.0.0.1:8065/mm]", e.getMessage());
    }

    @Test
    void anUpstreamWithoutHttpSchemeGetsTheLoadersMessage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UpstreamClient.validate(ProxyConfig.of(URI.create("localhost:8065"))));

        assertEquals("proxy.upstreamUrl: must be an absolute http or https URL, like http://127.0.0.1:8065: [localhost:…]",
                e.getMessage());
    }

    @Test
    void aPortOutOfRangeIsRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> UpstreamClient.validate(ProxyConfig.of(URI.create("http://127.0.0.1:0/"))));
    }
}
