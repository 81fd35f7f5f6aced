package io.ssogate.proxy.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.junit.jupiter.api.Test;

/** The tunnel refuses what the configuration refuses (HttpUrlFormat), and speaks TLS to an https upstream. */
class UpstreamTargetTest {

    @Test
    void anUpstreamWithAQueryIsRefusedAsInTheConfiguration() {
        UpstreamTarget.UnsupportedUpstreamException e = assertThrows(UpstreamTarget.UnsupportedUpstreamException.class,
                () -> UpstreamTarget.of(URI.create("http://127.0.0.1:8065/?team=x"), null));

        assertEquals("upstream URL must not have a query (?...): it is a base URL", e.getMessage());
    }

    @Test
    void anUpstreamWithCredentialsIsRefused() {
        assertThrows(UpstreamTarget.UnsupportedUpstreamException.class,
                () -> UpstreamTarget.of(URI.create("http://admin:pw@127.0.0.1:8065"), null));
    }

    @Test
    void anHttpsUpstreamIsReachedOverTlsOnPort443UnlessItNamesAnother() {
        assertEquals(new UpstreamTarget("chat.internal", 443, true, "/base/api/v4/websocket"),
                UpstreamTarget.of(URI.create("https://chat.internal/base"), upgradeRequest()));
        assertEquals(new UpstreamTarget("127.0.0.1", 8443, true, "/api/v4/websocket"),
                UpstreamTarget.of(URI.create("https://127.0.0.1:8443"), upgradeRequest()));
    }

    private static HttpServletRequest upgradeRequest() {
        HttpServletRequest request = mock(HttpServletRequest.class);
        when(request.getRequestURI()).thenReturn("/api/v4/websocket");
        return request;
    }
}
