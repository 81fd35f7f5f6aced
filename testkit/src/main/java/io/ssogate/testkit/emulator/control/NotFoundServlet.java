package io.ssogate.testkit.emulator.control;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The default servlet: any path outside the API, the pages and the controls is 404. Mapped so the filters
 * (request id, version id, hang mode) run for these requests too; Tomcat skips filters when nothing maps.
 */
public final class NotFoundServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setStatus(404);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write("404 page not found\n");
    }
}
