package io.ssogate.proxy.headers;

import java.net.URI;

import jakarta.servlet.http.HttpServletRequest;

/** How the upstream URL's path and a client's raw request URI combine. */
public final class UpstreamPaths {

    private UpstreamPaths() {
    }

    /** The upstream URL's raw path without a trailing slash; empty for a bare origin. */
    public static String basePath(URI upstreamUrl) {
        String path = upstreamUrl.getRawPath();
        if (path == null) {
            return "";
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path;
    }

    /**
     * The origin-form request-target (RFC 9112 §3.2.1) for the upstream: its base path, then the client's
     * raw request URI (context path included: Mattermost's Site URL carries the same subpath) and raw
     * query, never decoded, so the upstream sees exactly what the client sent (e.g. the connection_id and
     * sequence_number of a resumed WebSocket). Used by the HTTP proxy and the WebSocket tunnel alike.
     */
    public static String requestTarget(URI upstreamUrl, HttpServletRequest clientRequest) {
        StringBuilder target = new StringBuilder(basePath(upstreamUrl)).append(clientRequest.getRequestURI());
        String query = clientRequest.getQueryString();
        if (query != null) {
            target.append('?').append(query);
        }
        return target.toString();
    }

    /** The upstream URL's scheme://authority, no trailing slash. */
    public static String origin(URI upstreamUrl) {
        return upstreamUrl.getScheme() + "://" + upstreamUrl.getRawAuthority();
    }
}
