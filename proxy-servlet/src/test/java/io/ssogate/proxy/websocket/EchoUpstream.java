package io.ssogate.proxy.websocket;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;

import jakarta.servlet.http.HttpServlet;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerContainer;
import jakarta.websocket.server.ServerEndpointConfig;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.websocket.server.WsSci;

import io.ssogate.testkit.tls.ServerIdentity;
import io.ssogate.testkit.tls.TomcatTls;

/**
 * Stands in for Mattermost's WebSocket: an embedded Tomcat with a jakarta.websocket endpoint at
 * /api/v4/websocket that echoes text and binary messages, pushes messages on "push:N", closes with a
 * code on "close:CODE", records every handshake it accepted and every close it saw, and refuses
 * {@link #REFUSED_ORIGIN} (Tomcat answers 403, as Mattermost does for a bad Origin).
 */
final class EchoUpstream implements AutoCloseable {

    static final String PATH = "/api/v4/websocket";
    static final String SUBPROTOCOL = "mm-test";
    static final String REFUSED_ORIGIN = "http://evil.example";

    record Handshake(Map<String, List<String>> headers, String path, String query) {
        String header(String name) {
            List<String> values = headers.get(name);
            return values == null ? null : String.join(",", values);
        }
    }

    final BlockingQueue<Handshake> handshakes = new LinkedBlockingQueue<>();
    final BlockingQueue<CloseReason> closes = new LinkedBlockingQueue<>();
    private final Tomcat tomcat = new Tomcat();
    private final int port;

    private final boolean tls;

    EchoUpstream() throws LifecycleException, IOException {
        this(null);
    }

    /** @param identity serve wss with this certificate; null for plain ws */
    EchoUpstream(ServerIdentity identity) throws LifecycleException, IOException {
        tls = identity != null;
        Connector connector = TunnelGateway.onLoopback(tomcat, "echo-upstream");
        if (tls) {
            TomcatTls.enable(connector, identity);
        }
        Context context = tomcat.addContext("", null);
        Tomcat.addServlet(context, "default", new HttpServlet() { });
        context.addServletMappingDecoded("/", "default");
        context.addServletContainerInitializer(new WsSci(), null);
        context.addServletContainerInitializer((classes, servletContext) -> {
            ServerContainer container = (ServerContainer) servletContext.getAttribute(ServerContainer.class.getName());
            try {
                container.addEndpoint(ServerEndpointConfig.Builder.create(EchoEndpoint.class, PATH)
                        .subprotocols(List.of(SUBPROTOCOL))
                        .configurator(new RecordingConfigurator())
                        .build());
            } catch (jakarta.websocket.DeploymentException e) {
                throw new IllegalStateException(e);
            }
        }, null);
        tomcat.start();
        port = connector.getLocalPort();
    }

    URI url() {
        return URI.create((tls ? "https" : "http") + "://127.0.0.1:" + port);
    }

    int port() {
        return port;
    }

    @Override
    public void close() throws LifecycleException {
        tomcat.stop();
        tomcat.destroy();
    }

    private final class RecordingConfigurator extends ServerEndpointConfig.Configurator {
        @Override
        public boolean checkOrigin(String originHeaderValue) {
            return !REFUSED_ORIGIN.equals(originHeaderValue);
        }

        @Override
        public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
            Map<String, List<String>> headers = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
            headers.putAll(request.getHeaders());
            handshakes.add(new Handshake(headers, request.getRequestURI().getRawPath(), request.getQueryString()));
        }

        @Override
        @SuppressWarnings("unchecked")
        public <T> T getEndpointInstance(Class<T> endpointClass) {
            return (T) new EchoEndpoint(closes);
        }
    }

    static final class EchoEndpoint extends Endpoint {
        private final BlockingQueue<CloseReason> closes;

        EchoEndpoint(BlockingQueue<CloseReason> closes) {
            this.closes = closes;
        }

        /**
         * Partial handlers, so a 1 MiB message streams through small buffers: whole-message buffers of
         * that size per session would need gigabytes for the 1,000-connection test.
         */
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Partial<String>) (text, last) -> onText(session, text, last));
            session.addMessageHandler(ByteBuffer.class, (MessageHandler.Partial<ByteBuffer>) (bytes, last) -> {
                try {
                    session.getBasicRemote().sendBinary(bytes, last);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                }
            });
        }

        private boolean inMessage;

        private void onText(Session session, String text, boolean last) {
            try {
                boolean wholeMessage = !inMessage && last;
                inMessage = !last;
                if (wholeMessage && text.startsWith("push:")) {
                    int count = Integer.parseInt(text.substring(5));
                    for (int i = 1; i <= count; i++) {
                        session.getBasicRemote().sendText("{\"event\":\"posted\",\"seq\":" + i + "}");
                    }
                } else if (wholeMessage && text.startsWith("close:")) {
                    int code = Integer.parseInt(text.substring(6));
                    session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(code), "upstream bye"));
                } else {
                    session.getBasicRemote().sendText(text, last);
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        @Override
        public void onClose(Session session, CloseReason closeReason) {
            closes.add(closeReason);
        }
    }
}
