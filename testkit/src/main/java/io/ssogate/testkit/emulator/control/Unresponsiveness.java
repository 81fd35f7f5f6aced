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
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

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
    /** While hanging, only requests it accepts are held; null holds every one. */
    private transient Predicate<HttpServletRequest> only;

    public void setHanging(boolean hang) {
        synchronized (lock) {
            hanging = hang;
            only = null;
            lock.notifyAll();
        }
    }

    /**
     * Holds only the requests {@code which} accepts (say, {@code POST /api/v4/users}) and answers the rest: a
     * server that does one thing and loses its answer, while lookups work.
     */
    public void setHangingFor(Predicate<HttpServletRequest> which) {
        synchronized (lock) {
            hanging = true;
            only = java.util.Objects.requireNonNull(which);
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

    /** Waits until at least {@code count} requests are held; false if that did not happen in time. */
    public boolean awaitHeld(int count, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            while (held.get() < count) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(lock, left);
            }
            return true;
        }
    }

    /**
     * Closes every held connection without a response, and every later one until {@link #reset()}: used
     * when the emulator stops, so a client's automatic retry cannot slip in before the port closes.
     */
    public void dropAll() {
        // Wait (at most 2 s) until the held threads have let go, before Tomcat stops.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        synchronized (lock) {
            dropping = true;
            hanging = false;
            lock.notifyAll();
            try {
                while (held.get() > 0 && deadline - System.nanoTime() > 0) {
                    TimeUnit.NANOSECONDS.timedWait(lock, deadline - System.nanoTime());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Answers requests again after {@link #dropAll()}, for an emulator started anew. */
    public void reset() {
        synchronized (lock) {
            dropping = false;
            hanging = false;
            only = null;
        }
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String path = request.getRequestURI().substring(request.getContextPath().length());
        if (!path.startsWith("/__emulator/") && !holdWhileHanging(request)) {
            Response connectorResponse = (Response) request.getAttribute(CONNECTOR_RESPONSE);
            // CLOSE_NOW: no further I/O on this connection, so Tomcat closes it without writing a response.
            connectorResponse.getCoyoteResponse().action(ActionCode.CLOSE_NOW, null);
            return;
        }
        chain.doFilter(request, response);
    }

    /** Blocks while hanging; true to go on and answer, false if the request is to be dropped. */
    private boolean holdWhileHanging(HttpServletRequest request) {
        synchronized (lock) {
            if (!hanging || (only != null && !only.test(request))) {
                return !dropping;
            }
            held.incrementAndGet();
            lock.notifyAll(); // for awaitHeld
            try {
                while (hanging && !dropping) {
                    lock.wait();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            } finally {
                held.decrementAndGet();
                lock.notifyAll(); // for dropAll
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
