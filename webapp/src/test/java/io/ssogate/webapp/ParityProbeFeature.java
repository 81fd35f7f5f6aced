package io.ssogate.webapp;

import io.ssogate.core.feature.FeatureContext;
import io.ssogate.core.feature.GatewayFeature;
import io.ssogate.core.feature.Stage;
import io.ssogate.core.feature.StepPipeline;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.proxy.hooks.ProxyHooks;
import io.ssogate.proxy.websocket.WebSocketTunnel;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A test feature that contributes one of everything the contract offers (servlet, filter, step,
 * migration, service lookup) and reports, from inside the deployment, what the servlet context holds.
 */
public final class ParityProbeFeature implements GatewayFeature {

    static final String STEP_RUNS = "X-Parity-Step-Runs";
    static final String STEP_RUNNER = "X-Parity-Step-Runner";
    static final String TRACE = "X-Parity-Trace";
    static final String STEP_LOADER = "X-Parity-Step-Class-Loader";

    @Override
    public String name() {
        return "parity_probe";
    }

    @Override
    public int order() {
        return ORDER_IDENTITY;
    }

    @Override
    public List<String> migrations() {
        return List.of("classpath:db/migration/parity_probe");
    }

    @Override
    public void install(FeatureContext context) {
        boolean tunnelFound = context.services().find(WebSocketTunnel.class).isPresent();
        context.services().require(ProxyHooks.class).addRequestHook("parity-hook",
                upstream -> upstream.headers().set("X-Parity-Hook", "added by a feature"));
        GatewayDatabase database = context.database();
        context.addStep("parity-step", Stage.IDENTITY, (request, response, next) -> {
            Integer runs = (Integer) request.getAttribute(STEP_RUNS);
            request.setAttribute(STEP_RUNS, runs == null ? 1 : runs + 1);
            response.setHeader(STEP_RUNS, String.valueOf(request.getAttribute(STEP_RUNS)));
            // Tomcat hands a valve its own Request; filters see the facade.
            response.setHeader(STEP_RUNNER, request.getClass().getName().endsWith("RequestFacade") ? "filter" : "valve");
            response.addHeader(TRACE, "step");
            boolean webappLoader = Thread.currentThread().getContextClassLoader() == request.getServletContext().getClassLoader();
            response.setHeader(STEP_LOADER, webappLoader ? "webapp" : "other");
            next.proceed();
        });
        Filter filter = (request, response, chain) -> {
            ((HttpServletResponse) response).addHeader(TRACE, "filter");
            chain.doFilter(request, response);
        };
        context.addFilter("parity-filter", filter, 10, "/__parity/*");
        context.addServlet("parity-servlet", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                response.addHeader(TRACE, "servlet");
                response.setContentType("text/plain");
                response.getWriter().print(describe(getServletContext(), tunnelFound, database));
            }
        }, "/__parity/describe");
    }

    private static String describe(ServletContext context, boolean tunnelFound, GatewayDatabase database) {
        Map<String, Object> servlets = new TreeMap<>();
        for (Map.Entry<String, ? extends ServletRegistration> servlet : context.getServletRegistrations().entrySet()) {
            servlets.put(servlet.getKey(), new TreeSet<>(servlet.getValue().getMappings()));
        }
        Map<String, Object> filters = new TreeMap<>();
        for (Map.Entry<String, ? extends FilterRegistration> filter : context.getFilterRegistrations().entrySet()) {
            filters.put(filter.getKey(), new TreeSet<>(filter.getValue().getUrlPatternMappings()));
        }
        StepPipeline pipeline = (StepPipeline) context.getAttribute(StepPipeline.CONTEXT_ATTRIBUTE);
        List<String> steps = pipeline.steps().stream().map(s -> s.feature() + "/" + s.name() + "/" + s.stage()).toList();
        return "servlets=" + servlets + "\nfilters=" + filters + "\nsteps=" + steps
                + "\ntunnelService=" + tunnelFound + "\nmigratedRows=" + probeRows(database) + "\n";
    }

    private static long probeRows(GatewayDatabase database) {
        try (Connection connection = database.dataSource().getConnection();
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT COUNT(*) FROM parity_probe")) {
            rows.next();
            return rows.getLong(1);
        } catch (SQLException e) {
            return -1;
        }
    }
}
