package io.ssogate.core.feature;

import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.storage.GatewayDatabase;
import jakarta.servlet.Filter;
import jakarta.servlet.Servlet;

/** What a {@link GatewayFeature} may use and contribute while it is installed. */
public interface FeatureContext {

    /** The live configuration; features read their sections with {@code config().current().section(…)}. */
    LiveConfig config();

    /** The gateway's database, open and migrated (this feature's migrations included). */
    GatewayDatabase database();

    /** Services published by features installed earlier, and where this one publishes its own. */
    Services services();

    /** Registers a servlet for {@code urlPatterns}; it is async-capable and loads on start-up. */
    void addServlet(String name, Servlet servlet, String... urlPatterns);

    /**
     * Registers the servlet the requests no other servlet takes end in (the proxy), as {@link #addServlet}
     * does. Where the gateway's valve runs the steps (the launcher, or an admin's Tomcat with the valve),
     * the valve then calls this servlet itself for the requests mapped to it, skipping Catalina's context
     * and wrapper valves and the filter chain, which cost a proxied request more than everything ssogate
     * does to it (bench/README.md); in a dropped WAR without the valve it is an ordinary servlet. So it
     * must need nothing of the servlet pipeline beyond the steps. While any feature registers a
     * {@linkplain #addFilter filter}, the valve takes the servlet pipeline as before, so no filter is
     * ever skipped. At most one per gateway.
     */
    void addTerminalServlet(String name, Servlet servlet, String... urlPatterns);

    /**
     * Registers a servlet filter for {@code urlPatterns}, async-capable, for REQUEST dispatches. Filters run
     * in ascending {@code order} (ties in installation order), all after the {@linkplain #addStep steps}.
     */
    void addFilter(String name, Filter filter, int order, String... urlPatterns);

    /**
     * Adds a step to every request, ahead of the servlet pipeline: a Tomcat valve in the embedded launcher
     * (or in an admin's own Tomcat), the same step as a filter in a dropped WAR. Steps run in
     * {@link Stage} order.
     */
    void addStep(String name, Stage stage, RequestStep step);

    /** Closes {@code resource} when the gateway stops, in the reverse order of registration. */
    void closeOnStop(AutoCloseable resource);
}
