package io.ssogate.sso.mobile;

import com.samskivert.mustache.Escapers;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The last page of the mobile app's single sign-on, as Mattermost's {@code RenderMobileAuthComplete}: it
 * sends the app's in-app browser to {@code <callback>?MMAUTHTOKEN=…&MMCSRF=…}, where the app takes the
 * tokens: a script (as Mattermost's page), a meta refresh for an in-app browser without scripts, and a
 * link. The script is a constant, allowed by its hash alone, so the page policy stays strict. The page holds
 * a session token: never cached, never framed, no referrer.
 */
final class MobileAuthCompletePage {

    /** Reads the target from the link, so the script never changes and its hash can be the whole policy. */
    static final String SCRIPT = "location.replace(document.getElementById('continue').href);";
    private static final String SCRIPT_HASH = "'sha256-Rip0mUjJEn/Xkv+hrZFeAj+t2EPbYr0MlN4VHrZZEEY='";

    private MobileAuthCompletePage() {
    }

    /** The URL the app waits for; the tokens URL-encoded. */
    static String target(String callback, String sessionToken, String csrfToken) {
        return callback + "?MMAUTHTOKEN=" + URLEncoder.encode(sessionToken, StandardCharsets.UTF_8)
                + "&MMCSRF=" + URLEncoder.encode(csrfToken == null ? "" : csrfToken, StandardCharsets.UTF_8);
    }

    static void render(HttpServletResponse response, String target) throws IOException {
        String href = Escapers.HTML.escape(target);
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta http-equiv=\"refresh\" content=\"0; url=" + href + "\">\n"
                + "<title>Signed in</title>\n</head>\n<body>\n"
                + "<p>You are signed in. <a id=\"continue\" href=\"" + href + "\">Return to the app</a>.</p>\n"
                + "<script>" + SCRIPT + "</script>\n"
                + "</body>\n</html>\n";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", "default-src 'none'; script-src " + SCRIPT_HASH
                + "; frame-ancestors 'none'; base-uri 'none'");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }
}
