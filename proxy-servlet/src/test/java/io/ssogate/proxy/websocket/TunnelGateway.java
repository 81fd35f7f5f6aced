package io.ssogate.proxy.websocket;

import io.ssogate.testkit.tomcat.LoopbackTomcat;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;

import io.ssogate.core.config.ProxyConfig;
import io.ssogate.proxy.ProxyErrorResponder;
import io.ssogate.proxy.hooks.ProxyHooks;

/**
 * The gateway under test: an embedded Tomcat (NIO connector, default thread pool unless told) whose only
 * servlet hands every request to {@link WebSocketTunnel#relay}, as the HTTP proxy servlet will for
 * upgrade requests.
 */
final class TunnelGateway implements AutoCloseable {

    /** What the HTTP proxy will drop: RFC 9110 §7.6.1 hop-by-hop headers, Host, and client X-Forwarded-*. */
    private static final Set<String> NOT_FORWARDED = Set.of("connection", "keep-alive", "proxy-connection",
            "te", "trailer", "transfer-encoding", "upgrade", "host", "x-forwarded-for");

    final WebSocketTunnel tunnel;
    private final Tomcat tomcat = new Tomcat();
    private final int port;

    TunnelGateway(ProxyConfig config) throws LifecycleException, IOException {
        this(config, 0, new ProxyHooks());
    }

    TunnelGateway(ProxyConfig config, ProxyHooks hooks) throws LifecycleException, IOException {
        this(config, 0, hooks);
    }

    TunnelGateway(ProxyConfig config, int maxThreads) throws LifecycleException, IOException {
        this(config, maxThreads, new ProxyHooks());
    }

    /** @param maxThreads the container's request threads; 0 for Tomcat's default (200) */
    TunnelGateway(ProxyConfig config, int maxThreads, ProxyHooks hooks) throws LifecycleException, IOException {
        tunnel = new WebSocketTunnel(() -> config, TunnelGateway::upstreamHeaders, new ProxyErrorResponder(), hooks);
        Connector connector = onLoopback(tomcat, "tunnel-gateway");
        if (maxThreads > 0) {
            connector.setProperty("maxThreads", String.valueOf(maxThreads));
            connector.setProperty("minSpareThreads", String.valueOf(maxThreads));
        }
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "tunnel", new HttpServlet() {
            @Override
            protected void service(HttpServletRequest req, HttpServletResponse resp) throws IOException {
                tunnel.relay(req, resp);
            }
        });
        context.addServletMappingDecoded("/", "tunnel");
        tomcat.start();
        port = connector.getLocalPort();
    }

    /** Gives {@code tomcat} a temporary base directory and a connector on a free loopback port. */
    static Connector onLoopback(Tomcat tomcat, String name) throws IOException {
        return LoopbackTomcat.listenOnLoopback(tomcat, Files.createTempDirectory(name));
    }

    static List<Map.Entry<String, String>> upstreamHeaders(HttpServletRequest clientRequest) {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (String name : Collections.list(clientRequest.getHeaderNames())) {
            if (!NOT_FORWARDED.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : Collections.list(clientRequest.getHeaders(name))) {
                    headers.add(new AbstractMap.SimpleEntry<>(name, value));
                }
            }
        }
        headers.add(new AbstractMap.SimpleEntry<>("X-Forwarded-For", clientRequest.getRemoteAddr()));
        return headers;
    }

    int port() {
        return port;
    }

    URI webSocketUri(String pathAndQuery) {
        return URI.create("ws://127.0.0.1:" + port + pathAndQuery);
    }

    @Override
    public void close() throws LifecycleException {
        tunnel.close();
        tomcat.stop();
        tomcat.destroy();
    }
}
