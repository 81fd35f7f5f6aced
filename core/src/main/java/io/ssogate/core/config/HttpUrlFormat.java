package io.ssogate.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The base URLs the gateway is configured with ({@code proxy.upstreamUrl}, {@code server.publicUrl}):
 * absolute {@code http} or {@code https} URLs with a host and optionally a path. A query or fragment has
 * no meaning for a base URL (RFC 3986 §5.2.2 drops the base's fragment and replaces its query), so it is
 * refused rather than silently ignored; so are credentials in the authority (RFC 3986 §3.2.1 deprecates
 * them, and they would end up in logs).
 */
public final class HttpUrlFormat {

    private HttpUrlFormat() {
    }

    /**
     * @throws IllegalArgumentException with a message that does not repeat the text
     */
    public static URI parse(String text) {
        URI uri;
        try {
            uri = new URI(text == null ? "" : text.strip());
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("not a valid URL (" + e.getReason() + ")");
        }
        if (!uri.isAbsolute()) {
            throw new IllegalArgumentException("must be an absolute http or https URL, like http://127.0.0.1:8065");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("scheme must be http or https, not " + scheme);
        }
        if (uri.getRawUserInfo() != null) {
            throw new IllegalArgumentException("must not contain user:password@; credentials do not belong in a URL");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("URL has no host (or the host is not a valid name)");
        }
        if (uri.getPort() == 0 || uri.getPort() > 65535) {
            throw new IllegalArgumentException("port must be between 1 and 65535");
        }
        if (uri.getRawQuery() != null) {
            throw new IllegalArgumentException("must not have a query (?...): it is a base URL");
        }
        if (uri.getRawFragment() != null) {
            throw new IllegalArgumentException("must not have a fragment (#...): it is a base URL");
        }
        return uri;
    }
}
