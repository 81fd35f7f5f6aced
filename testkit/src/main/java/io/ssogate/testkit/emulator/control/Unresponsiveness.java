package io.ssogate.testkit.emulator.control;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The "hang" test mode: requests are accepted and parked without an answer, to exercise a proxy's timeouts.
 * Switching it off lets the parked requests run normally; stopping the emulator drops them. The test
 * controls under {@code /__emulator/} are never parked, so the mode can always be switched off.
 */
public final class Unresponsiveness extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private final transient List<AsyncContext> parked = new ArrayList<>();
    private volatile boolean hanging;

    public boolean isHanging() {
        return hanging;
    }

    public void setHanging(boolean hang) {
        List<AsyncContext> release;
        synchronized (parked) {
            hanging = hang;
            if (hang) {
                return;
            }
            release = new ArrayList<>(parked);
            parked.clear();
        }
        for (AsyncContext ctx : release) {
            try {
                ctx.dispatch();
            } catch (IllegalStateException e) {
                // The client gave up and the request is gone; nothing to answer.
            }
        }
    }

    public int parkedCount() {
        synchronized (parked) {
            return parked.size();
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (request.getDispatcherType() == DispatcherType.REQUEST && !path.startsWith("/__emulator/")) {
            synchronized (parked) {
                if (hanging) {
                    AsyncContext ctx = request.startAsync();
                    ctx.setTimeout(0); // never time out: the point is to not answer
                    parked.add(ctx);
                    return;
                }
            }
        }
        chain.doFilter(request, response);
    }
}
