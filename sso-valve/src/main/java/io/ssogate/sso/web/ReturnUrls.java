package io.ssogate.sso.web;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;

/**
 * Where a person may be sent back after signing in or out: only somewhere on this gateway. Whatever comes
 * in ({@code redirect_to}, a deep link, a RelayState) becomes a path on the public origin, or the default.
 * This is the one place that decides, so there is no open redirect through any of them.
 */
public final class ReturnUrls {

    public static final String DEFAULT = "/";
    private static final int MAX_LENGTH = 4096;

    private ReturnUrls() {
    }

    /**
     * @param candidate    what was asked for: a path ({@code /team/channels/town-square}) or an absolute URL
     * @param publicOrigin the gateway's public origin ({@code https://chat.example.com}); an absolute
     *                     candidate must have exactly this origin
     * @return a path with its query (never a scheme or host), or {@link #DEFAULT}
     */
    public static String safe(String candidate, URI publicOrigin) {
        if (candidate == null || candidate.isEmpty() || candidate.length() > MAX_LENGTH) {
            return DEFAULT;
        }
        for (int i = 0; i < candidate.length(); i++) {
            char c = candidate.charAt(i);
            // Browsers drop tabs and newlines inside URLs and read \ as /: "/\evil.example" is "//evil.example".
            if (c < 0x21 || c == 0x7f || c == '\\') {
                return DEFAULT;
            }
        }
        URI uri;
        try {
            uri = new URI(candidate);
        } catch (URISyntaxException e) {
            return DEFAULT;
        }
        if (uri.isOpaque() || uri.getRawUserInfo() != null) {
            return DEFAULT;
        }
        if (uri.getScheme() != null || uri.getRawAuthority() != null) {
            if (publicOrigin == null || uri.getScheme() == null || !sameOrigin(uri, publicOrigin)) {
                return DEFAULT;
            }
        }
        String path = uri.getRawPath();
        if (path == null || path.isEmpty()) {
            path = "/";
        }
        if (!path.startsWith("/")) {
            return DEFAULT;
        }
        path = withoutDotSegments(path);
        if (path.startsWith("//")) {
            return DEFAULT;
        }
        // Never bounce back into the sign-in endpoints themselves: that is how loops start.
        if (path.equals("/sso") || path.startsWith("/sso/")) {
            return DEFAULT;
        }
        return uri.getRawQuery() == null ? path : path + "?" + uri.getRawQuery();
    }

    /**
     * The path where the browser lands: it removes {@code .} and {@code ..} segments, also when written
     * {@code %2e} (RFC 3986 makes an encoded unreserved character the same as the character), so
     * {@code /x/../sso/login} is {@code /sso/login} and {@code /x/..//evil.example} is {@code //evil.example}.
     * The checks after this must see that path, not the one written.
     *
     * @param rawPath starts with {@code /}
     */
    private static String withoutDotSegments(String rawPath) {
        String[] segments = rawPath.split("/", -1);
        Deque<String> kept = new ArrayDeque<>();
        for (int i = 1; i < segments.length; i++) {
            String segment = segments[i].replace("%2e", ".").replace("%2E", ".");
            boolean last = i == segments.length - 1;
            if (segment.equals("..")) {
                kept.pollLast();
            } else if (!segment.equals(".")) {
                kept.addLast(segments[i]);
                continue;
            }
            if (last) {
                kept.addLast(""); // "/a/b/.." is "/a/", a directory
            }
        }
        return "/" + String.join("/", kept);
    }

    private static boolean sameOrigin(URI uri, URI origin) {
        return uri.getScheme().toLowerCase(Locale.ROOT).equals(origin.getScheme().toLowerCase(Locale.ROOT))
                && uri.getHost() != null && uri.getHost().equalsIgnoreCase(origin.getHost())
                && port(uri) == port(origin);
    }

    private static int port(URI uri) {
        if (uri.getPort() != -1) {
            return uri.getPort();
        }
        return "https".equalsIgnoreCase(uri.getScheme()) ? 443 : 80;
    }
}
