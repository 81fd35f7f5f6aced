package io.ssogate.sso.tomcat;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletConfig;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequestListener;
import java.io.IOException;
import org.apache.catalina.Context;
import org.apache.catalina.Wrapper;
import org.apache.catalina.connector.ClientAbortException;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.coyote.ActionCode;
import org.apache.coyote.CloseNowException;
import org.apache.coyote.ContinueResponseTiming;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;
import org.apache.tomcat.util.buf.MessageBytes;

/**
 * Calls the gateway's terminal servlet (the proxy) from the valve, in place of the rest of Catalina's
 * pipeline: the host valve, the context valve, the wrapper valve and the filter chain. Those cost a small
 * proxied GET more CPU than ssogate's own code does (bench/README.md), and do nothing the proxy needs once
 * the steps ran, except what this class does the same way: the 100-continue of the context valve, the
 * facades the servlet is given, and the wrapper valve's handling of what the servlet throws.
 *
 * <p>It takes only requests Tomcat mapped to that servlet, and leaves to the pipeline whatever would behave
 * differently without it: the protected {@code /WEB-INF} and {@code /META-INF} paths, a servlet not yet
 * initialised or unavailable, a context stopping (the wrapper valve answers 503), a context with request
 * listeners.
 */
final class TerminalServletCall {

    private static final Log log = LogFactory.getLog(TerminalServletCall.class);

    private TerminalServletCall() {
    }

    /** Whether {@code request} is mapped to the published servlet and may skip the pipeline. */
    static boolean takes(Request request, Object published) {
        if (!(published instanceof Servlet servlet)) {
            return false;
        }
        ServletConfig initialised = servlet.getServletConfig();
        Wrapper wrapper = request.getWrapper();
        Context context = request.getContext();
        return initialised != null && wrapper != null && wrapper.getName().equals(initialised.getServletName())
                && !wrapper.isUnavailable() && context.getState().isAvailable()
                && !isProtectedPath(request.getRequestPathMB()) && !hasRequestListeners(context);
    }

    /** What the context and wrapper valves do around the servlet {@code request} is mapped to. */
    static void service(Request request, Response response) throws IOException {
        // The context valve's acknowledgement: a connector whose continueResponseTiming is "immediately"
        // sends 100 Continue now (the launcher's "onRead" sends it when the body is read instead). Tomcat
        // 10.1 declares an IOException here (a client already gone), 11 none; either way it propagates.
        response.sendAcknowledgement(ContinueResponseTiming.IMMEDIATELY);
        Wrapper wrapper = request.getWrapper();
        Servlet allocated;
        try {
            // As the wrapper valve does: a stopping context waits (unloadDelay, server.shutdownGrace) for the
            // servlet's allocations to return, so this counts the request as in flight until it ends.
            allocated = wrapper.allocate();
        } catch (ServletException unavailable) {
            response.sendError(503);
            return;
        }
        try {
            allocated.service(request.getRequest(), response.getResponse());
        } catch (ClientAbortException | CloseNowException e) {
            if (log.isDebugEnabled()) {
                log.debug("Client went away during [" + request.getRequestURI() + "]", e);
            }
            failed(request, response, e);
        } catch (IOException | ServletException | RuntimeException e) {
            log.error("Servlet.service() for servlet [" + wrapper.getName() + "] threw exception", e);
            failed(request, response, e);
        } finally {
            try {
                wrapper.deallocate(allocated);
            } catch (ServletException e) {
                log.error("Deallocating servlet [" + wrapper.getName() + "] failed", e);
            }
        }
    }

    /**
     * As the wrapper valve records a failure, and as the error report valve then acts on it when the answer
     * is under way: the connection is closed, so the client sees the answer cut off rather than complete.
     * That valve may stand after this one (Tomcat appends it to a host at start), so this is done here; an
     * uncommitted answer is left a bare 500 for the pipeline's error report valve, wherever it stands.
     */
    private static void failed(Request request, Response response, Throwable failure) {
        request.setAttribute(RequestDispatcher.ERROR_EXCEPTION, failure);
        response.setStatus(500);
        response.setError();
        if (response.isCommitted() && response.setErrorReported()) {
            AtomicBoolean ioAllowed = new AtomicBoolean(true);
            response.getCoyoteResponse().action(ActionCode.IS_IO_ALLOWED, ioAllowed);
            if (ioAllowed.get()) {
                try {
                    response.flushBuffer();
                } catch (IOException clientGone) {
                    // closed below either way
                }
                response.getCoyoteResponse().action(ActionCode.CLOSE_NOW, failure);
            }
        }
    }

    /** The context valve answers these 404 whatever they map to; the pipeline keeps doing so. */
    private static boolean isProtectedPath(MessageBytes path) {
        return path.startsWithIgnoreCase("/META-INF/", 0) || path.equalsIgnoreCase("/META-INF")
                || path.startsWithIgnoreCase("/WEB-INF/", 0) || path.equalsIgnoreCase("/WEB-INF");
    }

    /** The host valve fires request listeners; a context that has some takes the pipeline. */
    private static boolean hasRequestListeners(Context context) {
        for (Object listener : context.getApplicationEventListeners()) {
            if (listener instanceof ServletRequestListener) {
                return true;
            }
        }
        return false;
    }
}
