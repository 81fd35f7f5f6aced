package io.ssogate.testkit.emulator.control;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.io.InputStream;

/** Serves one of the emulator's two HTML pages (login and home) from the classpath, streamed. */
public final class PageServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final String resource;

    public PageServlet(String pageName) {
        this.resource = "/io/ssogate/testkit/emulator/pages/" + pageName;
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try (InputStream in = PageServlet.class.getResourceAsStream(resource)) {
            if (in == null) {
                response.sendError(404);
                return;
            }
            response.setContentType("text/html");
            response.setCharacterEncoding("UTF-8");
            response.setHeader("Cache-Control", "no-store");
            in.transferTo(response.getOutputStream());
        }
    }
}
