package io.ssogate.proxy;

import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.proxy.hooks.ProxyHooks;
import io.ssogate.testkit.tomcat.LoopbackTomcat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.function.UnaryOperator;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;

/**
 * An upstream Tomcat whose behaviour each test sets, and a gateway Tomcat with the ProxyServlet at
 * {@code /}, both on ephemeral loopback ports.
 */
final class TestServers implements AutoCloseable {

    /** What the upstream does with one request. */
    @FunctionalInterface
    interface Handler {
        void handle(HttpServletRequest request, HttpServletResponse response) throws Exception;
    }

    final Tomcat upstreamTomcat;
    final Tomcat gatewayTomcat;
    final LiveConfig config;
    final ProxyServlet proxyServlet;
    volatile Handler upstreamHandler = (req, resp) -> resp.setStatus(204);

    TestServers(String contextPath, UnaryOperator<ProxyConfig> proxySettings, UpgradeRelay relay) throws Exception {
        this(contextPath, proxySettings, relay, null);
    }

    /** @param inFront a filter mapped to everything before the proxy, as SSO filters will be; may be null */
    TestServers(String contextPath, UnaryOperator<ProxyConfig> proxySettings, UpgradeRelay relay,
            jakarta.servlet.Filter inFront) throws Exception {
        this(contextPath, proxySettings, relay, inFront, new ProxyHooks());
    }

    /** @param hooks the proxy's hooks, registered by the test before or after the start */
    TestServers(ProxyHooks hooks) throws Exception {
        this("", UnaryOperator.identity(), null, null, hooks);
    }

    private TestServers(String contextPath, UnaryOperator<ProxyConfig> proxySettings, UpgradeRelay relay,
            jakarta.servlet.Filter inFront, ProxyHooks hooks) throws Exception {
        upstreamTomcat = newTomcat("upstream");
        Context upstreamContext = upstreamTomcat.addContext("", null);
        Tomcat.addServlet(upstreamContext, "upstream", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                try {
                    upstreamHandler.handle(req, resp);
                } catch (IOException | RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        });
        upstreamContext.addServletMappingDecoded("/", "upstream");
        upstreamTomcat.start();

        ProxyConfig proxy = proxySettings.apply(ProxyConfig.of(URI.create("http://127.0.0.1:" + upstreamPort())));
        config = new LiveConfig(new GatewayConfig(ServerConfig.defaults(), proxy, null));
        gatewayTomcat = newTomcat("gateway");
        // Answer Expect: 100-continue when the servlet reads the body, not on arrival, so a request the
        // proxy refuses (413) never gets a 100 first.
        gatewayTomcat.getConnector().setProperty("continueResponseTiming", "onRead");
        Context gatewayContext = gatewayTomcat.addContext(contextPath, null);
        proxyServlet = new ProxyServlet(config, relay, hooks);
        Tomcat.addServlet(gatewayContext, "proxy", proxyServlet).setLoadOnStartup(1);
        gatewayContext.addServletMappingDecoded("/", "proxy");
        if (inFront != null) {
            org.apache.tomcat.util.descriptor.web.FilterDef def = new org.apache.tomcat.util.descriptor.web.FilterDef();
            def.setFilterName("inFront");
            def.setFilter(inFront);
            gatewayContext.addFilterDef(def);
            org.apache.tomcat.util.descriptor.web.FilterMap map = new org.apache.tomcat.util.descriptor.web.FilterMap();
            map.setFilterName("inFront");
            map.addURLPattern("/*");
            gatewayContext.addFilterMap(map);
        }
        String valve = System.getProperty(GATEWAY_VALVE_PROPERTY);
        if (valve != null && inFront == null) {
            callProxyFromValve(valve);
        }
        gatewayTomcat.start();
        if (valve != null && inFront == null) {
            gatewayContext.getServletContext().setAttribute(TERMINAL_SERVLET_ATTRIBUTE, proxyServlet);
        }
    }

    /**
     * The launcher's way: a valve on the host calls the proxy servlet itself, without the servlet pipeline.
     * This module cannot depend on the valve's (sso-valve depends on it), so sso-valve runs these tests again
     * with the valve's class named in this property; a gateway with a filter in front keeps the pipeline.
     */
    static final String GATEWAY_VALVE_PROPERTY = "ssogate.test.gatewayValve";
    /** StepPipeline.TERMINAL_SERVLET_ATTRIBUTE; the valve's own copy of the name is pinned to it elsewhere. */
    private static final String TERMINAL_SERVLET_ATTRIBUTE = io.ssogate.core.feature.StepPipeline.TERMINAL_SERVLET_ATTRIBUTE;

    private void callProxyFromValve(String valveClass) throws ReflectiveOperationException {
        gatewayTomcat.getHost().getPipeline().addValve(
                (org.apache.catalina.Valve) Class.forName(valveClass).getDeclaredConstructor().newInstance());
    }

    TestServers() throws Exception {
        this("", UnaryOperator.identity(), null);
    }

    private static Tomcat newTomcat(String name) throws IOException {
        return LoopbackTomcat.create(Files.createTempDirectory("ssogate-" + name));
    }

    int upstreamPort() {
        return upstreamTomcat.getConnector().getLocalPort();
    }

    int gatewayPort() {
        return gatewayTomcat.getConnector().getLocalPort();
    }

    URI gateway(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + gatewayPort() + pathAndQuery);
    }

    void updateProxy(UnaryOperator<ProxyConfig> change) {
        config.update(c -> c.withProxy(change.apply(c.proxy())));
    }

    void updateServer(UnaryOperator<ServerConfig> change) {
        config.update(c -> c.withServer(change.apply(c.server())));
    }

    @Override
    public void close() throws LifecycleException {
        try {
            gatewayTomcat.stop();
            gatewayTomcat.destroy();
        } finally {
            upstreamTomcat.stop();
            upstreamTomcat.destroy();
        }
    }
}
