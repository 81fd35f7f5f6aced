package io.ssogate.testkit.emulator.control;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.ActionCode;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The "hang" test mode: requests are accepted and held without an answer, to exercise a proxy's timeouts.
 * Switching it off lets the held requests run normally; stopping the emulator drops them (the connection
 * closes with no response, as when a real upstream dies). The test controls under {@code /__emulator/} are
 * never held, so the mode can always be switched off.
 *
 * <p>Each held request keeps its Tomcat thread, parked on this object's monitor: the thread that owns a
 * request is the only one that may safely close its connection unanswered (Tomcat's CLOSE_NOW action).
 */
public final class Unresponsiveness extends HttpFilter {
    private static final long serialVersionUID = 1L;
    private static final String CONNECTOR_RESPONSE = Unresponsiveness.class.getName() + ".response";

    private final transient Object lock = new Object();
    private final AtomicInteger held = new AtomicInteger();
    private boolean hanging;
    private boolean dropping;

    public void setHanging(boolean hang) {
        synchronized (lock) {
            hanging = hang;
            lock.notifyAll();
        }
    }

    public boolean isHanging() {
        synchronized (lock) {
            return hanging;
        }
    }

    public int heldCount() {
        return held.get();
    }

    /**
     * Closes every held connection without a response, and every later one until {@link #reset()}: used
     * when the emulator stops, so a client's automatic retry cannot slip in before the port closes.
     */
    public void dropAll() {
        synchronized (lock) {
            dropping = true;
            hanging = false;
            lock.notifyAll();
        }
        // Wait (briefly) until the held threads have closed their connections, before Tomcat stops.
        try {
            for (int i = 0; i < 200 && held.get() > 0; i++) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Answers requests again after {@link #dropAll()}, for an emulator started anew. */
    public void reset() {
        synchronized (lock) {
            dropping = false;
            hanging = false;
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/__emulator/") && !holdWhileHanging()) {
            Response connectorResponse = (Response) request.getAttribute(CONNECTOR_RESPONSE);
            // CLOSE_NOW: no further I/O on this connection, so Tomcat closes it without writing a response.
            connectorResponse.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Blocks while hanging; true to go on and answer, false if the request is to be dropped. */
    private boolean holdWhileHanging() {
        synchronized (lock) {
            if (!hanging) {
                return !dropping;
            }
            held.incrementAndGet();
            try {
                while (hanging && !dropping) {
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                held.decrementAndGet();
            }
            return !dropping;
        }
    }

    /** Gives the filter Tomcat's own response object, the only handle that can drop a connection unanswered. */
    public ValveBase connectorResponseValve() {
        return new ValveBase(true) {
            @Override
            public void invoke(Request request, Response response) throws IOException, ServletException {
                request.setAttribute(CONNECTOR_RESPONSE, response);
                getNext().invoke(request, response);
            }
        };
    }
}
