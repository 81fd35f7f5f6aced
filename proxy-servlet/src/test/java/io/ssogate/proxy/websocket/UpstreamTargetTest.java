package io.ssogate.proxy.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import org.junit.jupiter.api.Test;

/** The tunnel refuses what the configuration refuses (HttpUrlFormat), and https, which it cannot speak. */
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
    void anHttpsUpstreamIsRefusedSinceTheTunnelHasNoTls() {
        UpstreamTarget.UnsupportedUpstreamException e = assertThrows(UpstreamTarget.UnsupportedUpstreamException.class,
                () -> UpstreamTarget.of(URI.create("https://127.0.0.1:8065"), null));

        assertEquals("WebSocket tunnel supports only http:// upstream URLs, got scheme [https]", e.getMessage());
    }
}
