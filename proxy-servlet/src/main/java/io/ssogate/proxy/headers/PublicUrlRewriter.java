package io.ssogate.proxy.headers;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Turns URLs that Mattermost wrote for its own address into the gateway's public address, so a
 * redirect or cookie never sends a browser around the gateway. Relative URLs and URLs of other hosts
 * are left alone; when public and upstream address are the same, nothing changes.
 *
 * <p>The upstream path is the only part that differs: the request path below it is the gateway's raw
 * request URI (context path included), so {@code http://mm:8065/base/ctx/x} becomes
 * {@code <public origin>/ctx/x}.
 */
public final class PublicUrlRewriter {

    private final String upstreamScheme;
    private final String upstreamHost;
    private final int upstreamPort;
    private final String upstreamPath;
    private final String publicOrigin;

    /**
     * @param upstreamUrl  Mattermost's base URL as configured
     * @param publicOrigin scheme://authority the browser uses, no path and no trailing slash
     */
    public PublicUrlRewriter(URI upstreamUrl, String publicOrigin) {
        this.upstreamScheme = upstreamUrl.getScheme().toLowerCase(Locale.ROOT);
        this.upstreamHost = upstreamUrl.getHost().toLowerCase(Locale.ROOT);
        this.upstreamPort = effectivePort(upstreamScheme, upstreamUrl.getPort());
        this.upstreamPath = UpstreamPaths.basePath(upstreamUrl);
        this.publicOrigin = publicOrigin;
    }

    /**
     * {@code Location} (RFC 9110 §10.2.2) and {@code Content-Location} (§8.7): an absolute URL at the
     * upstream becomes the same path at the public origin.
     */
    public String rewriteLocation(String value) {
        URI location;
        try {
            location = new URI(value.trim());
        } catch (URISyntaxException notAUri) {
            return value;
        }
        if (!location.isAbsolute() || location.getHost() == null || location.getRawAuthority() == null) {
            return value;
        }
        String scheme = location.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals(upstreamScheme)
                || !location.getHost().toLowerCase(Locale.ROOT).equals(upstreamHost)
                || effectivePort(scheme, location.getPort()) != upstreamPort) {
            return value;
        }
        String rawPath = location.getRawPath() == null ? "" : location.getRawPath();
        if (!isUnder(rawPath, upstreamPath)) {
            return value;
        }
        StringBuilder rewritten = new StringBuilder(publicOrigin).append(rawPath.substring(upstreamPath.length()));
        if (location.getRawQuery() != null) {
            rewritten.append('?').append(location.getRawQuery());
        }
        if (location.getRawFragment() != null) {
            rewritten.append('#').append(location.getRawFragment());
        }
        return rewritten.toString();
    }

    /**
     * {@code Set-Cookie} (RFC 6265 §4.1): a Domain naming the upstream host is dropped, making the cookie
     * host-only on the public host; a Path under the upstream path loses that prefix. Every other
     * attribute (HttpOnly, Secure, SameSite, Max-Age, Expires, ...) is kept as written.
     */
    public String rewriteSetCookie(String value) {
        String[] parts = value.split(";", -1);
        List<String> kept = new ArrayList<>(parts.length);
        kept.add(parts[0]); // name=value: never touched
        boolean changed = false;
        for (int i = 1; i < parts.length; i++) {
            String attribute = parts[i].trim();
            int equals = attribute.indexOf('=');
            String name = (equals < 0 ? attribute : attribute.substring(0, equals)).trim();
            String attributeValue = equals < 0 ? "" : attribute.substring(equals + 1).trim();
            if (name.equalsIgnoreCase("Domain") && isUpstreamDomain(attributeValue)) {
                changed = true;
                continue;
            }
            if (name.equalsIgnoreCase("Path") && !upstreamPath.isEmpty() && isUnder(attributeValue, upstreamPath)) {
                String stripped = attributeValue.substring(upstreamPath.length());
                kept.add(name + "=" + (stripped.isEmpty() ? "/" : stripped));
                changed = true;
                continue;
            }
            kept.add(attribute);
        }
        return changed ? String.join("; ", kept) : value;
    }

    private boolean isUpstreamDomain(String domain) {
        // RFC 6265 §5.2.3: a leading dot is ignored.
        String bare = domain.startsWith(".") ? domain.substring(1) : domain;
        return bare.equalsIgnoreCase(upstreamHost);
    }

    /** Whether {@code path} is {@code prefix} or below it, on a segment boundary. */
    private static boolean isUnder(String path, String prefix) {
        return path.startsWith(prefix) && (path.length() == prefix.length() || path.charAt(prefix.length()) == '/');
    }

    private static int effectivePort(String scheme, int port) {
        if (port >= 0) {
            return port;
        }
        return "https".equals(scheme) ? 443 : 80;
    }
}
