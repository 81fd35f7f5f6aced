package io.ssogate.webapp.launcher;

import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.sso.tomcat.GatewayValve;
import io.ssogate.webapp.GatewayApplication;
import io.ssogate.webapp.InstalledFeatures;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.core.StandardContext;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ErrorReportValve;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway in an embedded Tomcat: one NIO connector, one root context holding the application.
 * {@link #close()} is the graceful stop used on SIGTERM: the connector stops accepting, in-flight
 * requests get {@link ServerConfig#shutdownGrace()} to finish, then connections close.
 */
public final class EmbeddedGateway implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(EmbeddedGateway.class);

    private final Tomcat tomcat;
    private final GatewayApplication application;
    private final Connector connector;
    private final String bindAddress;

    private EmbeddedGateway(Tomcat tomcat, Connector connector, String bindAddress,
                            GatewayApplication application) {
        this.tomcat = tomcat;
        this.connector = connector;
        this.bindAddress = bindAddress;
        this.application = application;
    }

    /** Starts a gateway with the features on the class path; port 0 picks a free port (see {@link #port()}). */
    public static EmbeddedGateway start(GatewayConfig config) {
        return start(config, InstalledFeatures.discover(EmbeddedGateway.class.getClassLoader()));
    }

    /** Starts a gateway for {@code config} with {@code features}; port 0 picks a free port. */
    public static EmbeddedGateway start(GatewayConfig config, InstalledFeatures features) {
        ServerConfig server = config.server();
        GatewayApplication application = GatewayApplication.open(new LiveConfig(config), features);
        Tomcat tomcat = new Tomcat();
        try {
            Path baseDir = server.dataDir().resolve("tomcat").toAbsolutePath();
            Files.createDirectories(baseDir);
            tomcat.setBaseDir(baseDir.toString());
            Connector connector = newConnector(server);
            // A proxied request holds a thread and an upstream connection till it ends: the pool can
            // fill only with as many threads (docs/configuration.md, "Threads, connections and WebSockets").
            connector.setProperty("maxThreads", String.valueOf(
                    Math.max(ProxyConfig.DEFAULT_MAX_CONNECTIONS, config.proxy().maxConnections())));
            tomcat.getService().addConnector(connector);
            tomcat.setConnector(connector);

            tomcat.getHost().getPipeline().addValve(quietErrorReports());
            // The features' request steps run here, ahead of the servlet pipeline (the WAR runs the same
            // steps as its first filter, which then sees they already ran and passes the request on).
            tomcat.getHost().getPipeline().addValve(new GatewayValve());
            Context context = tomcat.addContext("", null);
            // Tomcat waits this long for in-flight requests when the context stops.
            ((StandardContext) context).setUnloadDelay(server.shutdownGrace().toMillis());
            // The connector decides whether a request with %2F is let in (see newConnector); the context's
            // setting only covers request-dispatcher paths, and matches the WAR's context.xml.
            context.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
            context.addServletContainerInitializer((classes, servletContext) ->
                    application.registerWith(servletContext), null);
            // A servlet that cannot start fails the context instead of leaving a gateway without it.
            ((StandardContext) context).setFailCtxIfServletStartFails(true);
            tomcat.start();
            // Tomcat logs a context that failed to start and carries on; a gateway must not.
            if (context.getState() != LifecycleState.STARTED) {
                throw new IllegalStateException("the web application did not start (the log above says why)");
            }
            application.awaitStorage();
            return new EmbeddedGateway(tomcat, connector, server.bindAddress(), application);
        } catch (IOException | LifecycleException | RuntimeException e) {
            // Tomcat may be listening and storage open or opening by now: a failed start keeps neither.
            stopQuietly(tomcat);
            application.close();
            throw new IllegalStateException(StartFailureMessage.of(server, e), e);
        }
    }

    private static Connector newConnector(ServerConfig server) {
        Connector connector = new Connector(Http11NioProtocol.class.getName());
        // Tomcat logs a connector that cannot bind (a busy port) and starts without it; make it throw.
        connector.setThrowOnFailure(true);
        connector.setPort(server.port());
        connector.setProperty("address", server.bindAddress());
        connector.setXpoweredBy(false);
        // A proxy forwards the raw request URI: an encoded slash (%2F) must reach Mattermost as sent,
        // not be rejected (Tomcat's default) or decoded into a path separator.
        connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        // Browsers send some characters unencoded that Tomcat rejects by default (RFC 7230 strictness);
        // nginx passes them, and so must a transparent proxy.
        connector.setProperty("relaxedPathChars", "[]|{}^\\`\"<>");
        connector.setProperty("relaxedQueryChars", "[]|{}^\\`\"<>");
        // Uploads of any size stream through; Mattermost enforces its own MaxFileSize.
        connector.setMaxPostSize(-1);
        connector.setProperty("maxKeepAliveRequests", "-1");
        // Send "100 Continue" only when the proxy starts reading the body: an upload over the size
        // limit then gets its 413 before the client sends a byte of it (RFC 9110 §10.1.1).
        connector.setProperty("continueResponseTiming", "onRead");
        return connector;
    }

    /**
     * Errors Tomcat answers itself (a malformed request line, say) name neither the server nor its
     * version and carry no stack trace: that would tell an attacker which exploits to try. The host
     * keeps this instance instead of adding its default one.
     */
    private static ErrorReportValve quietErrorReports() {
        ErrorReportValve valve = new ErrorReportValve();
        valve.setShowReport(false);
        valve.setShowServerInfo(false);
        return valve;
    }

    /** The port actually bound. */
    public int port() {
        return connector.getLocalPort();
    }

    public URI baseUri() {
        String host = bindAddress.contains(":") ? "[" + bindAddress + "]" : bindAddress;
        return URI.create("http://" + host + ":" + port());
    }

    public GatewayApplication application() {
        return application;
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
        } catch (LifecycleException e) {
            log.warn("Tomcat did not stop cleanly: {}", e.toString());
        } finally {
            destroyQuietly(tomcat);
            application.close();
        }
    }

    /** Stop first: Tomcat refuses to destroy a started server, and would keep its port. */
    private static void stopQuietly(Tomcat tomcat) {
        try {
            tomcat.stop();
        } catch (LifecycleException | RuntimeException e) {
            log.debug("Tomcat stop failed", e);
        }
        destroyQuietly(tomcat);
    }

    private static void destroyQuietly(Tomcat tomcat) {
        try {
            tomcat.destroy();
        } catch (LifecycleException | RuntimeException e) {
            log.debug("Tomcat destroy failed", e);
        }
    }
}
