package io.ssogate.proxy.headers;

import java.net.URI;

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

    /** The upstream URL's scheme://authority, no trailing slash. */
    public static String origin(URI upstreamUrl) {
        return upstreamUrl.getScheme() + "://" + upstreamUrl.getRawAuthority();
    }
}
