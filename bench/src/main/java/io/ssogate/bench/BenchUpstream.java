package io.ssogate.bench;

import io.ssogate.bench.upstream.DownloadServlet;
import io.ssogate.bench.upstream.EchoEndpoint;
import io.ssogate.bench.upstream.NotFoundServlet;
import io.ssogate.bench.upstream.PingServlet;
import io.ssogate.bench.upstream.UploadServlet;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.websocket.server.WsSci;

/**
 * The server behind every benchmark target: a bare embedded Tomcat on 127.0.0.1 with the four
 * routes the benchmarks hit. It stands in for Mattermost without any of Mattermost's work, so the
 * differences between "direct", "nginx" and "ssogate" are the proxies' cost alone.
 *
 * <p>{@code java -cp ssogate-bench.jar io.ssogate.bench.BenchUpstream [PORT]} prints
 * {@code bench upstream listening on http://127.0.0.1:<port>} once it accepts connections and runs
 * until killed. Port 0 (the default) picks a free port.
 */
public final class BenchUpstream implements AutoCloseable {

    public static final String PING_PATH = "/api/v4/system/ping";
    public static final String DOWNLOAD_PATH = "/bench/download";
    public static final String UPLOAD_PATH = "/bench/upload";
    /** Mattermost's WebSocket route (mattermost-api.md section 10). */
    public static final String WEBSOCKET_PATH = "/api/v4/websocket";

    private static final String LOOPBACK = "127.0.0.1";

    private final Tomcat tomcat;
    private final Path baseDir;

    private BenchUpstream(Tomcat tomcat, Path baseDir) {
        this.tomcat = tomcat;
        this.baseDir = baseDir;
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? parsePort(args[0]) : 0;
        BenchUpstream upstream = start(port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            upstream.close();
            stopped.countDown();
        }, "bench-upstream-shutdown"));
        System.out.println("bench upstream listening on " + upstream.baseUri());
        System.out.flush();
        stopped.await();
    }

    /** Starts the upstream on 127.0.0.1; {@code port} 0 picks a free one. */
    public static BenchUpstream start(int port) {
        Path baseDir;
        try {
            baseDir = Files.createTempDirectory("bench-upstream");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(baseDir.toString());
        Connector connector = new Connector(Http11NioProtocol.class.getName());
        connector.setPort(port);
        connector.setProperty("address", LOOPBACK);
        // Mattermost's Go server never closes a keep-alive connection after N requests; Tomcat's
        // default (100) would make every client, and nginx's keepalive pool, reconnect constantly.
        connector.setProperty("maxKeepAliveRequests", "-1");
        tomcat.getService().addConnector(connector);
        tomcat.setConnector(connector);

        Context context = tomcat.addContext("", baseDir.toString());
        Tomcat.addServlet(context, "ping", new PingServlet()).addMapping(PING_PATH);
        Tomcat.addServlet(context, "download", new DownloadServlet()).addMapping(DOWNLOAD_PATH);
        Tomcat.addServlet(context, "upload", new UploadServlet()).addMapping(UPLOAD_PATH);
        Tomcat.addServlet(context, "not-found", new NotFoundServlet()).addMapping("/");
        // WsSci creates the WebSocket container; the second initializer (run after it, in insertion
        // order) registers the echo endpoint programmatically instead of by annotation scanning.
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServerContainer container =
                    (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, WEBSOCKET_PATH).build());
            } catch (DeploymentException e) {
                throw new IllegalStateException("cannot register the echo endpoint", e);
            }
        }, null);
        try {
            tomcat.start();
        } catch (LifecycleException e) {
            throw new IllegalStateException("bench upstream did not start on " + LOOPBACK + ":" + port, e);
        }
        return new BenchUpstream(tomcat, baseDir);
    }

    public int port() {
        return tomcat.getConnector().getLocalPort();
    }

    public URI baseUri() {
        return URI.create("http://" + LOOPBACK + ":" + port());
    }

    @Override
    public void close() {
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("bench upstream did not stop cleanly", e);
        } finally {
            deleteQuietly(baseDir);
        }
    }

    private static int parsePort(String text) {
        try {
            int port = Integer.parseInt(text);
            if (port < 0 || port > 65535) {
                throw new NumberFormatException();
            }
            return port;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be 0..65535, got [" + text + "]", e);
        }
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temp directory left behind is harmless
        }
    }
}
