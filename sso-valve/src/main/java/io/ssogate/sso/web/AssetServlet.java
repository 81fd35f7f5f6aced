package io.ssogate.sso.web;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/** {@code /sso/assets/*}: the sign-in pages' stylesheet, from the jar; open to everyone, cached for a day. */
public final class AssetServlet extends HttpServlet {

    public static final String PATH = "/sso/assets/*";
    private static final Map<String, String> ASSETS = Map.of("/signin.css", "text/css;charset=UTF-8");

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        String name = request.getPathInfo();
        String type = name == null ? null : ASSETS.get(name);
        if (type == null) {
            response.sendError(404);
            return;
        }
        response.setContentType(type);
        response.setHeader("Cache-Control", "public, max-age=86400");
        response.setHeader("X-Content-Type-Options", "nosniff");
        try (InputStream in = AssetServlet.class.getResourceAsStream("assets" + name)) {
            in.transferTo(response.getOutputStream());
        }
    }
}
