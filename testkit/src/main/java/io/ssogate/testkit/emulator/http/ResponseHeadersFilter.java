package io.ssogate.testkit.emulator.http;

import io.ssogate.testkit.emulator.ServerVersion;
import io.ssogate.testkit.emulator.state.Ids;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/** {@code X-Request-Id} (26 characters, also in error bodies) and {@code X-Version-Id} on every response (web-hand). */
public final class ResponseHeadersFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getDispatcherType() == DispatcherType.REQUEST || request.getAttribute(ApiResponses.REQUEST_ID_ATTRIBUTE) == null) {
            String requestId = Ids.newId();
            request.setAttribute(ApiResponses.REQUEST_ID_ATTRIBUTE, requestId);
            response.setHeader("X-Request-Id", requestId);
            response.setHeader("X-Version-Id", ServerVersion.VERSION_ID);
        }
        chain.doFilter(request, response);
    }
}
