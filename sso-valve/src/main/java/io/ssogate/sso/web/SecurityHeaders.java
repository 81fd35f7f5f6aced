package io.ssogate.sso.web;

import jakarta.servlet.http.HttpServletResponse;

/** What every page and answer of the sign-in endpoints carries: no caching, no framing, no leaking. */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static void forPage(HttpServletResponse response) {
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        // No script at all; styles and images from here (a configured logo may be elsewhere over https). No
        // form-action: browsers apply it to the redirect after a submit too, and ours go on to the IdP.
        response.setHeader("Content-Security-Policy", "default-src 'none'; style-src 'self'; img-src 'self' https: data:;"
                + " frame-ancestors 'none'; base-uri 'none'");
    }
}
