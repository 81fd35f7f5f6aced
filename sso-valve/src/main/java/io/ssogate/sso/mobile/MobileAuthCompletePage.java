package io.ssogate.sso.mobile;

import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The last page of the mobile app's single sign-on, as Mattermost's {@code RenderMobileAuthComplete}: it
 * sends the app's in-app browser to {@code <callback>?MMAUTHTOKEN=…&MMCSRF=…}, where the app takes the
 * tokens. A meta refresh and a link, no script, so the strict page policy stays as it is. The page holds a
 * session token: never cached, never framed, no referrer.
 */
final class MobileAuthCompletePage {

    private MobileAuthCompletePage() {
    }

    /** The URL the app waits for; the tokens URL-encoded. */
    static String target(String callback, String sessionToken, String csrfToken) {
        return callback + "?MMAUTHTOKEN=" + URLEncoder.encode(sessionToken, StandardCharsets.UTF_8)
                + "&MMCSRF=" + URLEncoder.encode(csrfToken == null ? "" : csrfToken, StandardCharsets.UTF_8);
    }

    static void render(HttpServletResponse response, String target) throws IOException {
        String href = escape(target);
        String html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
                + "<meta http-equiv=\"refresh\" content=\"0; url=" + href + "\">\n"
                + "<title>Signed in</title>\n</head>\n<body>\n"
                + "<p>You are signed in. <a href=\"" + href + "\">Return to the app</a>.</p>\n"
                + "</body>\n</html>\n";
        byte[] body = html.getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("text/html;charset=UTF-8");
        response.setHeader("Cache-Control", "no-store");
        response.setHeader("Pragma", "no-cache");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("Referrer-Policy", "no-referrer");
        response.setHeader("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("\"", "&quot;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
