package io.ssogate.webapp;

import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.feature.FeatureContext;
import io.ssogate.core.feature.GatewayFeature;
import io.ssogate.core.feature.RequestStep;
import io.ssogate.core.feature.Services;
import io.ssogate.core.feature.Stage;
import io.ssogate.core.feature.StepPipeline;
import io.ssogate.core.storage.GatewayDatabase;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Installs the features into one servlet context: what they contribute goes straight into the context
 * (servlets) or is collected and registered once all are installed (the step pipeline first, then
 * filters by order), so the order in the context never depends on which feature installed first.
 */
final class FeatureInstaller {

    private static final Logger log = LoggerFactory.getLogger(FeatureInstaller.class);

    private record FilterContribution(String feature, String name, Filter filter, int order, String[] urlPatterns) {
    }

    private final ServletContext servletContext;
    private final LiveConfig config;
    private final Supplier<GatewayDatabase> database;
    private final Services services;
    private final Consumer<AutoCloseable> closeOnStop;
    private final List<FilterContribution> filters = new ArrayList<>();
    private final List<StepPipeline.NamedStep> steps = new ArrayList<>();
    private String terminalServletName;
    private Servlet terminalServlet;

    FeatureInstaller(ServletContext servletContext, LiveConfig config, Supplier<GatewayDatabase> database,
                     Services services, Consumer<AutoCloseable> closeOnStop) {
        this.servletContext = servletContext;
        this.config = config;
        this.database = database;
        this.services = services;
        this.closeOnStop = closeOnStop;
    }

    /** Installs every feature, then registers the pipeline and the filters; returns the pipeline. */
    StepPipeline installAll(InstalledFeatures features) {
        for (GatewayFeature feature : features.inOrder()) {
            try {
                feature.install(new Registrar(feature.name()));
            } catch (StorageUnavailable e) {
                // Storage failed to open: its own message names the configuration key; the feature that
                // happened to ask first is not the cause.
                throw e.cause;
            } catch (Exception e) {
                throw new FeatureInstallException(feature.name(), e);
            }
        }
        StepPipeline pipeline = new StepPipeline(steps);
        FilterRegistration.Dynamic first = servletContext.addFilter("ssogate-steps", pipeline);
        first.setAsyncSupported(true);
        first.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, "/*");
        servletContext.setAttribute(StepPipeline.CONTEXT_ATTRIBUTE, pipeline);
        filters.sort(Comparator.comparingInt(FilterContribution::order)); // stable: ties keep install order
        for (FilterContribution filter : filters) {
            FilterRegistration.Dynamic registration = servletContext.addFilter(filter.name(), filter.filter());
            requireNew(registration, "filter", filter.name(), filter.feature());
            registration.setAsyncSupported(true);
            registration.addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), true, filter.urlPatterns());
        }
        publishTerminalServlet();
        return pipeline;
    }

    /** Lets the valve call the terminal servlet directly, unless a filter must see its requests. */
    private void publishTerminalServlet() {
        if (terminalServlet == null) {
            return;
        }
        if (!filters.isEmpty()) {
            log.info("The valve passes [{}]'s requests through the servlet pipeline: filters {} must see them",
                    terminalServletName, filters.stream().map(FilterContribution::name).toList());
            return;
        }
        servletContext.setAttribute(StepPipeline.TERMINAL_SERVLET_ATTRIBUTE, terminalServlet);
    }

    private static void requireNew(Object registration, String kind, String name, String feature) {
        if (registration == null) {
            throw new IllegalStateException("feature [" + feature + "] registers " + kind + " [" + name
                    + "], but the context already has one of that name");
        }
    }

    /** The {@link FeatureContext} one feature sees. */
    private final class Registrar implements FeatureContext {

        private final String feature;

        Registrar(String feature) {
            this.feature = feature;
        }

        @Override
        public LiveConfig config() {
            return config;
        }

        @Override
        public GatewayDatabase database() {
            try {
                return database.get();
            } catch (RuntimeException e) {
                throw new StorageUnavailable(e);
            }
        }

        @Override
        public Services services() {
            return services;
        }

        @Override
        public void addServlet(String name, Servlet servlet, String... urlPatterns) {
            ServletRegistration.Dynamic registration = servletContext.addServlet(name, servlet);
            requireNew(registration, "servlet", name, feature);
            Set<String> conflicts = registration.addMapping(urlPatterns);
            if (!conflicts.isEmpty()) {
                throw new IllegalStateException("feature [" + feature + "] maps servlet [" + name + "] to "
                        + conflicts + ", already mapped to another servlet");
            }
            registration.setAsyncSupported(true);
            registration.setLoadOnStartup(1);
        }

        @Override
        public void addTerminalServlet(String name, Servlet servlet, String... urlPatterns) {
            if (terminalServlet != null) {
                throw new IllegalStateException("feature [" + feature + "] registers terminal servlet [" + name
                        + "], but [" + terminalServletName + "] already is the gateway's terminal servlet");
            }
            addServlet(name, servlet, urlPatterns);
            terminalServletName = name;
            terminalServlet = servlet;
        }

        @Override
        public void addFilter(String name, Filter filter, int order, String... urlPatterns) {
            filters.add(new FilterContribution(feature, name, Objects.requireNonNull(filter, "filter"), order,
                    urlPatterns.clone()));
        }

        @Override
        public void addStep(String name, Stage stage, RequestStep step) {
            steps.add(new StepPipeline.NamedStep(feature, name, stage, Objects.requireNonNull(step, "step")));
        }

        @Override
        public void closeOnStop(AutoCloseable resource) {
            closeOnStop.accept(Objects.requireNonNull(resource, "resource"));
        }
    }

    /** Carries storage's start failure through a feature's install, to be rethrown as it was. */
    private static final class StorageUnavailable extends RuntimeException {
        private final RuntimeException cause;

        StorageUnavailable(RuntimeException cause) {
            super(cause.getMessage(), cause, false, false);
            this.cause = cause;
        }
    }
}
