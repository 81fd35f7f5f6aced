package io.ssogate.sso.flow;

import jakarta.servlet.http.HttpServletRequest;

import java.net.URI;

/** The gateway's public origin: {@code server.publicUrl} when set, else what the request says. */
public final class PublicOrigin {

    private PublicOrigin() {
    }

    public static URI of(URI publicUrl, HttpServletRequest request) {
        if (publicUrl != null) {
            return URI.create(publicUrl.getScheme() + "://" + publicUrl.getRawAuthority());
        }
        int port = request.getServerPort();
        boolean defaultPort = port == ("https".equals(request.getScheme()) ? 443 : 80);
        return URI.create(request.getScheme() + "://" + request.getServerName() + (defaultPort ? "" : ":" + port));
    }

    public static boolean isHttps(URI publicUrl, HttpServletRequest request) {
        return publicUrl != null ? "https".equalsIgnoreCase(publicUrl.getScheme()) : request.isSecure();
    }
}
