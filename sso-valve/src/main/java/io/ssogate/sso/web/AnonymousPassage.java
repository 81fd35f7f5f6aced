package io.ssogate.sso.web;

import jakarta.servlet.http.HttpServletRequest;

import java.util.Locale;
import java.util.Set;

/**
 * Requests that reach Mattermost without a gateway session, because Mattermost authenticates them itself
 * and a browser's sign-in cannot serve their senders:
 * <ul>
 *   <li>API calls with {@code Authorization: Bearer} or {@code Token}: the mobile and desktop apps after
 *       their single sign-on, bots, integrations, personal access tokens;</li>
 *   <li>what the apps ask before anyone is signed in: {@code GET system/ping}, {@code config/client},
 *       {@code license/client};</li>
 *   <li>{@code POST users/login}, which the password guard lets through for break-glass accounts only;</li>
 *   <li>incoming webhooks ({@code /hooks/}), whose secret is in the URL.</li>
 * </ul>
 * A cookie is no reason to pass: a browser's Mattermost cookies mean nothing without the gateway session.
 */
final class AnonymousPassage {

    private static final Set<String> PRE_SIGN_IN = Set.of("/api/v4/system/ping", "/api/v4/config/client",
            "/api/v4/license/client");

    private AnonymousPassage() {
    }

    static boolean allows(HttpServletRequest request, String path) {
        String method = request.getMethod();
        if (path.startsWith("/api/") && hasToken(request)) {
            return true;
        }
        if (("GET".equals(method) || "HEAD".equals(method)) && PRE_SIGN_IN.contains(path)) {
            return true;
        }
        if ("POST".equals(method) && path.equals("/api/v4/users/login")) {
            return true;
        }
        return path.startsWith("/hooks/");
    }

    private static boolean hasToken(HttpServletRequest request) {
        String authorization = request.getHeader("Authorization");
        if (authorization == null) {
            return false;
        }
        String scheme = authorization.strip().toLowerCase(Locale.ROOT);
        return scheme.startsWith("bearer ") || scheme.startsWith("token ");
    }
}
