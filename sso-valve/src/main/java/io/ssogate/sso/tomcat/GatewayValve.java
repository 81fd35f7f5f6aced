package io.ssogate.sso.tomcat;

import jakarta.servlet.Filter;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletException;
import java.io.IOException;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ValveBase;
import org.apache.juli.logging.Log;
import org.apache.juli.logging.LogFactory;

/**
 * The gateway's Tomcat valve: runs the request steps of the gateway's features (SSO session check,
 * Mattermost login, …) ahead of the servlet pipeline. It holds no logic of its own: the gateway
 * application publishes its steps in the servlet context under {@value #STEPS_ATTRIBUTE} (the
 * {@code io.ssogate.core.feature.StepPipeline}), and this valve runs them, then the rest of the pipeline;
 * or, for a request mapped to the gateway's terminal servlet (the proxy, published under
 * {@value #TERMINAL_SERVLET_ATTRIBUTE}), that servlet itself, without the rest of the pipeline
 * ({@link TerminalServletCall}).
 *
 * <p>The embedded launcher adds it to its host. An admin may add it to their own Tomcat's
 * {@code server.xml} ({@code <Valve className="io.ssogate.sso.tomcat.GatewayValve"/>} in the Host, with
 * this jar in {@code $CATALINA_HOME/lib}); the WAR otherwise runs the same steps as its first filter.
 * Only Tomcat and Servlet API types are referenced here, because from {@code lib/} this class is loaded
 * by Tomcat's common class loader and cannot see the WAR's classes.
 */
public final class GatewayValve extends ValveBase {

    /** Must equal {@code StepPipeline.CONTEXT_ATTRIBUTE}; a test pins the two together. */
    public static final String STEPS_ATTRIBUTE = "io.ssogate.steps";
    /** Must equal {@code StepPipeline.TERMINAL_SERVLET_ATTRIBUTE}; a test pins the two together. */
    public static final String TERMINAL_SERVLET_ATTRIBUTE = "io.ssogate.terminal-servlet";

    // Tomcat's own logging: from lib/, the WAR's SLF4J is out of reach.
    private static final Log log = LogFactory.getLog(GatewayValve.class);

    /** Whether the first ssogate context seen was announced: lets an admin confirm the valve is in use. */
    private volatile boolean announced;

    public GatewayValve() {
        super(true);
    }

    @Override
    public void invoke(Request request, Response response) throws IOException, ServletException {
        Context context = request.getContext();
        if (context == null) {
            getNext().invoke(request, response);
            return;
        }
        ServletContext servletContext = context.getServletContext();
        Object steps = servletContext.getAttribute(STEPS_ATTRIBUTE);
        boolean terminal = TerminalServletCall.takes(request, servletContext.getAttribute(TERMINAL_SERVLET_ATTRIBUTE));
        if (!(steps instanceof Filter) && !terminal) {
            // Not an ssogate context (another application in the same host), or one still starting.
            getNext().invoke(request, response);
            return;
        }
        if (!announced) {
            announced = true;
            log.info("ssogate's request steps run in GatewayValve for context [" + context.getName() + "]");
        }
        // The host's own valve binds the web application's class loader only after this valve; the steps
        // and the terminal servlet run with it bound, as they would in a filter and a servlet (libraries
        // find their resources through it).
        ClassLoader previous = context.bind(false, null);
        try {
            if (steps instanceof Filter pipeline) {
                pipeline.doFilter(request, response,
                        (ignoredRequest, ignoredResponse) -> proceed(context, previous, terminal, request, response));
            } else {
                proceed(context, previous, terminal, request, response);
            }
        } finally {
            context.unbind(false, previous);
        }
    }

    /** After the steps: the terminal servlet itself when the request is its own, else the rest of the pipeline. */
    private void proceed(Context context, ClassLoader previous, boolean terminal, Request request,
            Response response) throws IOException, ServletException {
        if (terminal) {
            TerminalServletCall.service(request, response);
            return;
        }
        context.unbind(false, previous);
        try {
            getNext().invoke(request, response);
        } finally {
            context.bind(false, null);
        }
    }
}
