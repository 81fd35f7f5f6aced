package io.ssogate.bench.prototype;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.catalina.Context;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.startup.Tomcat;
import org.apache.catalina.valves.ValveBase;
import org.apache.coyote.http11.Http11NioProtocol;
import org.apache.tomcat.util.buf.EncodedSolidusHandling;
import org.apache.hc.core5.http.ClassicHttpResponse;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.impl.bootstrap.HttpRequester;
import org.apache.hc.core5.http.impl.bootstrap.RequesterBootstrap;
import org.apache.hc.core5.http.impl.io.DefaultBHttpClientConnectionFactory;
import org.apache.hc.core5.http.io.HttpClientConnection;
import org.apache.hc.core5.http.io.entity.InputStreamEntity;
import org.apache.hc.core5.http.message.BasicClassicHttpRequest;
import org.apache.hc.core5.http.protocol.BasicHttpContext;
import org.apache.hc.core5.http.protocol.DefaultHttpProcessor;
import org.apache.hc.core5.http.protocol.RequestContent;
import org.apache.hc.core5.http.protocol.RequestTargetHost;
import org.apache.hc.core5.io.CloseMode;
import org.apache.hc.core5.pool.PoolEntry;
import org.apache.hc.core5.pool.PoolReusePolicy;
import org.apache.hc.core5.pool.StrictConnPool;
import org.apache.hc.core5.util.TimeValue;
import org.apache.hc.core5.util.Timeout;

/**
 * A measuring stick, not a design: the least a reverse proxy on ssogate's stack (embedded Tomcat with
 * ssogate's connector settings, HttpCore 5's classic {@link HttpRequester}, blocking I/O on the container
 * thread) must spend per request. It really relays method, URI, status, headers minus hop-by-hop (plus the
 * X-Forwarded-* fields nginx's Mattermost config adds) and streams bodies both ways, over pooled keep-alive
 * upstream connections with a stale check after 2 s idle. No error mapping beyond a bare 502, no policy.
 * {@code java -cp ssogate-bench.jar io.ssogate.bench.prototype.MinimalTomcatProxy PORT UPSTREAM_URL [--valve]}:
 * without {@code --valve} a plain {@link HttpServlet} at "/" proxies (the servlet pipeline, as in ssogate);
 * with it an Engine-level valve proxies and the request never reaches host, context or servlet.
 */
public final class MinimalTomcatProxy {

    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "te", "trailer", "upgrade", "proxy-authenticate", "proxy-authorization");
    private static final int MAX_CONNECTIONS = 200; // ssogate's default proxy.maxConnections and maxThreads
    private static final long VALIDATE_AFTER_IDLE_MS = 2000;

    private final HttpHost upstream;
    private final InetSocketAddress address;
    private final StrictConnPool<HttpHost, HttpClientConnection> pool =
            new StrictConnPool<>(MAX_CONNECTIONS, MAX_CONNECTIONS, TimeValue.NEG_ONE_MILLISECOND, PoolReusePolicy.LIFO, null);
    private final HttpRequester requester = RequesterBootstrap.bootstrap()
            .setHttpProcessor(new DefaultHttpProcessor(new RequestContent(), new RequestTargetHost())).create();
    private final DefaultBHttpClientConnectionFactory connections = new DefaultBHttpClientConnectionFactory();

    private MinimalTomcatProxy(URI upstreamUrl) {
        int port = upstreamUrl.getPort() > 0 ? upstreamUrl.getPort() : 80;
        this.upstream = new HttpHost("http", upstreamUrl.getHost(), port);
        this.address = new InetSocketAddress(upstreamUrl.getHost(), port);
    }

    public static void main(String[] args) throws Exception {
        boolean valve = args.length > 2 && args[2].equals("--valve");
        MinimalTomcatProxy proxy = new MinimalTomcatProxy(URI.create(args[1]));
        Tomcat tomcat = new Tomcat();
        tomcat.setBaseDir(Files.createTempDirectory("tomcat-min").toString());
        // ssogate's launcher settings (EmbeddedGateway.newConnector), and its maxThreads.
        Connector connector = new Connector(Http11NioProtocol.class.getName());
        connector.setPort(Integer.parseInt(args[0]));
        connector.setProperty("address", "127.0.0.1");
        connector.setXpoweredBy(false);
        connector.setEncodedSolidusHandling(EncodedSolidusHandling.PASS_THROUGH.getValue());
        for (String relaxed : List.of("relaxedPathChars", "relaxedQueryChars")) {
            connector.setProperty(relaxed, "[]|{}^\\`\"<>");
        }
        connector.setMaxPostSize(-1);
        connector.setProperty("maxKeepAliveRequests", "-1");
        connector.setProperty("continueResponseTiming", "onRead");
        connector.setProperty("maxThreads", String.valueOf(MAX_CONNECTIONS));
        tomcat.setConnector(connector);
        Context context = tomcat.addContext("", null);
        if (valve) {
            tomcat.getEngine().getPipeline().addValve(new ValveBase(true) {
                @Override public void invoke(Request request, Response response) throws IOException {
                    proxy.relay(request, response); // and not getNext(): no host, context or servlet
                }
            });
        } else {
            Tomcat.addServlet(context, "proxy", new HttpServlet() {
                @Override protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
                    proxy.relay(request, response);
                }
            }).addMapping("/");
        }
        tomcat.start();
        System.out.println("minimal tomcat proxy (" + (valve ? "engine valve" : "servlet")
                + ") listening on http://127.0.0.1:" + connector.getLocalPort() + " -> " + args[1]);
        tomcat.getServer().await();
    }

    void relay(HttpServletRequest in, HttpServletResponse out) throws IOException {
        String query = in.getQueryString();
        BasicClassicHttpRequest request = new BasicClassicHttpRequest(in.getMethod(),
                query == null ? in.getRequestURI() : in.getRequestURI() + "?" + query);
        for (Enumeration<String> names = in.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            String lower = name.toLowerCase(Locale.ROOT);
            if (HOP_BY_HOP.contains(lower) || lower.equals("content-length") || lower.equals("expect")
                    || lower.startsWith("x-forwarded-") || lower.equals("x-real-ip")) {
                continue;
            }
            for (Enumeration<String> values = in.getHeaders(name); values.hasMoreElements(); ) {
                request.addHeader(name, values.nextElement());
            }
        }
        String client = in.getRemoteAddr();
        String forwardedFor = in.getHeader("X-Forwarded-For");
        request.addHeader("X-Forwarded-For", forwardedFor == null ? client : forwardedFor + ", " + client);
        request.addHeader("X-Real-IP", client);
        request.addHeader("X-Forwarded-Proto", in.getScheme());
        long length = in.getContentLengthLong();
        if (length > 0 || "chunked".equalsIgnoreCase(in.getHeader("Transfer-Encoding"))) {
            String type = in.getContentType();
            request.setEntity(new InputStreamEntity(in.getInputStream(), length,
                    type == null ? null : ContentType.parseLenient(type)));
        }
        PoolEntry<HttpHost, HttpClientConnection> entry;
        try {
            entry = pool.lease(upstream, null, Timeout.ofSeconds(10), null).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            out.sendError(502);
            return;
        }
        boolean reusable = false;
        try {
            HttpClientConnection connection = entry.getConnection();
            if (connection != null && System.currentTimeMillis() - entry.getUpdated() > VALIDATE_AFTER_IDLE_MS
                    && connection.isStale()) {
                entry.discardConnection(CloseMode.IMMEDIATE);
                connection = null;
            }
            if (connection == null) {
                Socket socket = new Socket();
                socket.connect(address, 10_000);
                socket.setSoTimeout(60_000);
                socket.setTcpNoDelay(true);
                connection = connections.createConnection(socket);
                entry.assignConnection(connection);
            }
            BasicHttpContext context = new BasicHttpContext();
            ClassicHttpResponse response;
            try {
                response = requester.execute(connection, request, context);
            } catch (IOException | HttpException e) {
                out.sendError(502);
                return;
            }
            out.setStatus(response.getCode());
            for (Header header : response.getHeaders()) {
                if (!HOP_BY_HOP.contains(header.getName().toLowerCase(Locale.ROOT))) {
                    out.addHeader(header.getName(), header.getValue());
                }
            }
            HttpEntity entity = response.getEntity();
            if (entity != null) {
                try (InputStream body = entity.getContent()) {
                    body.transferTo(out.getOutputStream()); // 8 KiB at a time, flushed as Tomcat's buffer fills
                }
            }
            reusable = requester.keepAlive(connection, request, response, context);
        } finally { // not reusable after any failure (the client going away, the upstream failing mid-body)
            if (reusable) {
                entry.updateExpiry(TimeValue.NEG_ONE_MILLISECOND); // also marks when it was last used
            } else {
                entry.discardConnection(CloseMode.IMMEDIATE);
            }
            pool.release(entry, reusable);
        }
    }
}
