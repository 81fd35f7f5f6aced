package io.ssogate.core.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * The one place for the rules of the base URLs the gateway is configured with ({@code proxy.upstreamUrl},
 * {@code server.publicUrl}): absolute {@code http} or {@code https} URLs with a host, a port in range if
 * any, and optionally a path. The loader reads the file with it, and the proxy and the WebSocket tunnel
 * check the URL they are handed with it, so the three cannot disagree.
 *
 * <p>A query or fragment has no meaning for a base URL (RFC 3986 §5.2.2 drops the base's fragment and
 * replaces its query), so it is refused rather than silently ignored; so are credentials in the authority
 * (RFC 3986 §3.2.1 deprecates them, and they would end up in logs).
 */
public final class HttpUrlFormat {

    /** Said for anything that is not written as {@code http://…} or {@code https://…}. */
    static final String NEEDS_HTTP_SCHEME = "must be an absolute http or https URL, like http://127.0.0.1:8065";

    private HttpUrlFormat() {
    }

    /**
     * Reads and checks a base URL as written in the configuration.
     *
     * @throws IllegalArgumentException with a message that does not repeat the text
     */
    public static URI parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        URI uri;
        try {
            uri = new URI(trimmed);
        } catch (URISyntaxException e) {
            // "127.0.0.1:8065" reads as the scheme "127.0.0.1", which java.net.URI calls an illegal character
            // in a scheme name; what the operator left out is http://.
            if (!startsWithHttpScheme(trimmed)) {
                throw new IllegalArgumentException(NEEDS_HTTP_SCHEME);
            }
            throw new IllegalArgumentException("not a valid URL (" + e.getReason() + ")");
        }
        validate(uri);
        return uri;
    }

    /**
     * Checks a base URL however it was made (the loader, the admin console, code).
     *
     * @throws IllegalArgumentException with a message that does not repeat the URL
     */
    public static void validate(URI uri) {
        // "localhost:8065" parses as the opaque URI of a scheme "localhost": the http:// is what is missing.
        if (!uri.isAbsolute() || uri.isOpaque() && !isHttp(uri.getScheme())) {
            throw new IllegalArgumentException(NEEDS_HTTP_SCHEME);
        }
        if (!isHttp(uri.getScheme())) {
            throw new IllegalArgumentException("scheme must be http or https, not " + uri.getScheme().toLowerCase(Locale.ROOT));
        }
        if (uri.isOpaque()) {
            throw new IllegalArgumentException(NEEDS_HTTP_SCHEME);
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
    }

    /**
     * The URL for a message or a log line: scheme, host, port and path, without what may carry a secret (user
     * information, query, fragment).
     */
    public static String shown(URI uri) {
        if (uri.isOpaque() || uri.getScheme() == null) {
            return (uri.getScheme() == null ? "" : uri.getScheme() + ":") + "…";
        }
        return uri.getScheme() + "://" + (uri.getHost() == null ? "" : uri.getHost())
                + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + (uri.getRawPath() == null ? "" : uri.getRawPath());
    }

    private static boolean isHttp(String scheme) {
        return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"));
    }

    private static boolean startsWithHttpScheme(String text) {
        String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith("http://") || lower.startsWith("https://");
    }
}
