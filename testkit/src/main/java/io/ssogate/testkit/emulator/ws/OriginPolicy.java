package io.ssogate.testkit.emulator.ws;

import java.net.URI;
import java.util.Locale;

/**
 * The WebSocket Origin check of app-srv (doc section 10), without AllowCorsFrom: no Origin is allowed,
 * {@code Origin: null} is refused; with a SiteURL the Origin's scheme, host and port must equal it, without
 * one the Origin's host (and port) must equal the request's {@code Host}.
 */
public final class OriginPolicy {
    private OriginPolicy() {
    }

    public static boolean allows(String origin, URI siteUrl, String hostHeader) {
        if (origin == null) {
            return true;
        }
        if (origin.isEmpty() || "null".equals(origin)) {
            return false;
        }
        URI o;
        try {
            o = URI.create(origin.trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        if (o.getScheme() == null || o.getHost() == null) {
            return false;
        }
        if (siteUrl != null) {
            return o.getScheme().equalsIgnoreCase(siteUrl.getScheme())
                    && o.getHost().equalsIgnoreCase(siteUrl.getHost())
                    && port(o) == port(siteUrl);
        }
        return hostHeader != null && authority(o).equalsIgnoreCase(normaliseHost(hostHeader, o.getScheme()));
    }

    private static int port(URI u) {
        if (u.getPort() != -1) {
            return u.getPort();
        }
        return "https".equalsIgnoreCase(u.getScheme()) || "wss".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    private static String authority(URI u) {
        return u.getHost().toLowerCase(Locale.ROOT) + ":" + port(u);
    }

    private static String normaliseHost(String host, String scheme) {
        String h = host.trim().toLowerCase(Locale.ROOT);
        if (h.lastIndexOf(':') > h.lastIndexOf(']')) {
            return h;
        }
        return h + ":" + ("https".equalsIgnoreCase(scheme) ? 443 : 80);
    }
}
