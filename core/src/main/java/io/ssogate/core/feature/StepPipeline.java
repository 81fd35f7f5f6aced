package io.ssogate.core.feature;

import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Comparator;
import java.util.List;

/**
 * The request steps of all features, in {@link Stage} order, run once per request. It is a servlet
 * filter, so a dropped WAR runs it first in its filter chain; the gateway's Tomcat valve finds it in the
 * servlet context under {@link #CONTEXT_ATTRIBUTE} and runs the same object ahead of the servlet
 * pipeline. Whichever runs it first marks the request, and the other passes it on untouched.
 *
 * <p>Only Servlet API types cross between the valve and this class, so the valve also works from an
 * admin's own {@code $CATALINA_HOME/lib}, where it is loaded by another class loader than the WAR.
 */
public final class StepPipeline implements Filter {

    /** The servlet-context attribute under which the gateway publishes its pipeline (as a {@link Filter}). */
    public static final String CONTEXT_ATTRIBUTE = "io.ssogate.steps";
    /**
     * The servlet-context attribute under which the gateway publishes its terminal servlet (see
     * {@link FeatureContext#addTerminalServlet}), for the valve to call without the servlet pipeline.
     */
    public static final String TERMINAL_SERVLET_ATTRIBUTE = "io.ssogate.terminal-servlet";
    /** Set on a request once its steps ran. */
    static final String RAN = StepPipeline.class.getName() + ".ran";

    /** A step with the feature and name it was registered under. */
    public record NamedStep(String feature, String name, Stage stage, RequestStep step) {
    }

    private final List<NamedStep> steps;
    private final RequestStep[] ordered;

    public StepPipeline(List<NamedStep> steps) {
        // Stable sort: steps of one stage keep the order of installation.
        this.steps = steps.stream().sorted(Comparator.comparing(NamedStep::stage)).toList();
        this.ordered = this.steps.stream().map(NamedStep::step).toArray(RequestStep[]::new);
    }

    /** The steps in the order they run, for diagnostics and tests. */
    public List<NamedStep> steps() {
        return steps;
    }

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        if (request.getAttribute(RAN) != null || request.getDispatcherType() != DispatcherType.REQUEST
                || !(request instanceof HttpServletRequest http) || !(response instanceof HttpServletResponse httpResponse)) {
            chain.doFilter(request, response);
            return;
        }
        request.setAttribute(RAN, Boolean.TRUE);
        run(0, http, httpResponse, () -> chain.doFilter(request, response));
    }

    private void run(int index, HttpServletRequest request, HttpServletResponse response, StepChain terminal)
            throws IOException, ServletException {
        if (index == ordered.length) {
            terminal.proceed();
            return;
        }
        ordered[index].handle(request, response, () -> run(index + 1, request, response, terminal));
    }
}
