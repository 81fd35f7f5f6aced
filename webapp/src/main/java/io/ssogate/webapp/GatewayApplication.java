package io.ssogate.webapp;

import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.storage.GatewayDatabase;
import io.ssogate.proxy.ProxyServlet;
import io.ssogate.proxy.headers.ProxyRequestHeaders;
import io.ssogate.proxy.websocket.WebSocketTunnel;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletRegistration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * One gateway, assembled: storage, the WebSocket tunnel and the proxy servlet, registered in a servlet
 * context. The WAR initializer and the embedded launcher both build the gateway through this class, so
 * the two deployments cannot drift apart.
 *
 * <p>The proxy servlet takes the default mapping {@code /}; the SSO filter, the admin console and the
 * SCIM servlet of later issues register their own, more specific, mappings and filters in front of it
 * without the proxy knowing.
 */
public final class GatewayApplication implements AutoCloseable {

    /** Storage opens on its own thread, in parallel with the container's start (see {@link #open}). */
    private static final Executor STORAGE_STARTER = task -> {
        Thread thread = new Thread(task, "ssogate-storage-start");
        thread.setDaemon(true);
        thread.start();
    };

    private final LiveConfig config;
    private final CompletableFuture<GatewayDatabase> database;
    private final WebSocketTunnel tunnel;
    private final ProxyServlet proxyServlet;

    private GatewayApplication(LiveConfig config, CompletableFuture<GatewayDatabase> database) {
        this.config = config;
        this.database = database;
        this.tunnel = new WebSocketTunnel(() -> config.current().proxy(),
                clientRequest -> ProxyRequestHeaders.forUpstream(clientRequest, config.current().proxy()));
        this.proxyServlet = new ProxyServlet(config, tunnel::relay);
    }

    /**
     * Builds the request path and starts opening storage (pool, migrations). Opening the database is
     * the slowest part of a start, and the proxy does not need it, so it runs while the caller starts
     * the container; {@link #awaitStorage()} joins it before the start is reported.
     */
    public static GatewayApplication open(LiveConfig config) {
        CompletableFuture<GatewayDatabase> database = CompletableFuture.supplyAsync(() ->
                GatewayDatabase.start(config.current().database(), config.current().server().dataDir()),
                STORAGE_STARTER);
        try {
            return new GatewayApplication(config, database);
        } catch (RuntimeException e) {
            closeWhenOpened(database);
            throw e;
        }
    }

    /** Waits until storage is open; rethrows its start failure (which names the configuration key). */
    public GatewayDatabase awaitStorage() {
        try {
            return database.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /** Registers the gateway's servlets in {@code context}. */
    public void registerWith(ServletContext context) {
        ServletRegistration.Dynamic proxy = context.addServlet("ssogate-proxy", proxyServlet);
        // "/" is the default mapping; the *.jsp mappings override the JSP servlet that a stock Tomcat's
        // conf/web.xml declares, so no Mattermost URL is ever answered by the container itself.
        proxy.addMapping("/", "*.jsp", "*.jspx");
        proxy.setAsyncSupported(true);
        proxy.setLoadOnStartup(1);
    }

    public LiveConfig config() {
        return config;
    }

    public WebSocketTunnel tunnel() {
        return tunnel;
    }

    @Override
    public void close() {
        try {
            tunnel.close();
        } finally {
            closeWhenOpened(database);
        }
    }

    private static void closeWhenOpened(CompletableFuture<GatewayDatabase> database) {
        try {
            database.join().close();
        } catch (CompletionException failedToOpen) {
            // nothing was opened, so nothing to close
        }
    }
}
