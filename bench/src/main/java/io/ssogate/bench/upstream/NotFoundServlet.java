package io.ssogate.bench.upstream;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The default servlet ({@code /}): a plain 404 for every unknown route. It also has to exist for the
 * WebSocket upgrade: Tomcat runs filters, WsFilter included, only for a request mapped to a servlet.
 */
public final class NotFoundServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.sendError(HttpServletResponse.SC_NOT_FOUND, "no such benchmark route");
    }
}
