package io.ssogate.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.core.feature.GatewayFeature;
import io.ssogate.core.feature.Services;
import io.ssogate.core.feature.StepPipeline;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterRegistration;
import jakarta.servlet.Servlet;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import jakarta.servlet.http.HttpServlet;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The terminal servlet is published for the valve only where no filter could be skipped by it. */
class FeatureInstallerTerminalServletTest {

    private final ServletContext context = mock(ServletContext.class);
    private final Servlet proxy = new HttpServlet() {
        private static final long serialVersionUID = 1L;
    };

    @BeforeEach
    void registrationsSucceed() {
        ServletRegistration.Dynamic servlet = mock(ServletRegistration.Dynamic.class);
        when(servlet.addMapping(any(String[].class))).thenReturn(Set.of());
        when(context.addServlet(anyString(), any(Servlet.class))).thenReturn(servlet);
        when(context.addFilter(anyString(), any(Filter.class))).thenReturn(mock(FilterRegistration.Dynamic.class));
    }

    @Test
    void theTerminalServletIsPublishedForTheValveWhenNoFeatureRegistersAFilter() {
        install(terminal("proxy", proxy));

        verify(context).setAttribute(StepPipeline.TERMINAL_SERVLET_ATTRIBUTE, proxy);
        verify(context).addServlet("ssogate-proxy", proxy);
    }

    @Test
    void aFeaturesFilterKeepsTheTerminalServletBehindTheServletPipeline() {
        GatewayFeature filtering = feature("filtering", context -> context.addFilter("audit",
                (request, response, chain) -> chain.doFilter(request, response), 10, "/*"));

        install(terminal("proxy", proxy), filtering);

        verify(context, never()).setAttribute(eq(StepPipeline.TERMINAL_SERVLET_ATTRIBUTE), any());
    }

    @Test
    void aSecondTerminalServletFailsTheInstallNamingTheFeature() {
        FeatureInstallException failure = assertThrows(FeatureInstallException.class,
                () -> install(terminal("proxy", proxy), terminal("another", proxy)));

        assertTrue(failure.getMessage().contains("another"), failure.getMessage());
    }

    private void install(GatewayFeature... features) {
        LiveConfig config = new LiveConfig(new GatewayConfig(ServerConfig.defaults(),
                ProxyConfig.of(URI.create("http://127.0.0.1:8065")), null));
        StepPipeline pipeline = new FeatureInstaller(context, config, () -> {
            throw new IllegalStateException("no storage in this test");
        }, new Services(), resource -> { }).installAll(new InstalledFeatures(List.of(features)));
        assertEquals(List.of(), pipeline.steps());
    }

    private static GatewayFeature terminal(String name, Servlet servlet) {
        return feature(name, context -> context.addTerminalServlet("ssogate-" + name, servlet, "/"));
    }

    private interface Install {
        void into(io.ssogate.core.feature.FeatureContext context) throws Exception;
    }

    private static GatewayFeature feature(String name, Install install) {
        return new GatewayFeature() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public void install(io.ssogate.core.feature.FeatureContext context) throws Exception {
                install.into(context);
            }
        };
    }
}
