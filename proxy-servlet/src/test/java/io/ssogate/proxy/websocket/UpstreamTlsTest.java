package io.ssogate.proxy.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.proxy.ProxyError;
import io.ssogate.proxy.ProxyServlet;
import io.ssogate.proxy.headers.ProxyRequestHeaders;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.tls.TestPki;

/**
 * An internal Mattermost behind TLS: HTTP requests and WebSocket upgrades through the gateway (proxy
 * servlet and tunnel together, as the application wires them) reach it when its certificate chains to
 * the configured CA and names the upstream host, and are refused with the proxy's 502 otherwise.
 */
class UpstreamTlsTest {

    private static final long WAIT_SECONDS = 10;
    private static final TestPki INTERNAL_CA = TestPki.create("internal CA");

    /** Certificate for 127.0.0.1 and localhost, from the internal CA. */
    private static MattermostEmulator mattermost;
    /** Certificate from the internal CA, but for another host name only. */
    private static MattermostEmulator otherHost;

    @TempDir
    static Path dir;
    private static Path internalCaFile;

    private final HttpClient client = HttpClient.newHttpClient();

    @BeforeAll
    static void startUpstreams() {
        internalCaFile = INTERNAL_CA.writeCaPem(dir.resolve("internal-ca.pem"));
        mattermost = MattermostEmulator.builder().seedDemoUsers()
                .https(INTERNAL_CA.issueServer("127.0.0.1", "localhost")).build().start();
        otherHost = MattermostEmulator.builder()
                .https(INTERNAL_CA.issueServer("mattermost.internal")).build().start();
    }

    @AfterAll
    static void stopUpstreams() {
        mattermost.close();
        otherHost.close();
    }

    @Test
    void httpAndWebSocketReachAnHttpsUpstreamWhoseCaIsConfigured() throws Exception {
        try (Gateway gateway = new Gateway(mattermost.baseUri(), proxy -> proxy.withUpstreamCaFile(internalCaFile))) {
            HttpResponse<String> ping = client.send(HttpRequest.newBuilder(gateway.uri("/api/v4/system/ping")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, ping.statusCode(), ping.body());
            assertTrue(ping.body().contains("\"status\":\"OK\""), ping.body());

            String aliceId = mattermost.findUser("alice").orElseThrow().id();
            RecordingListener listener = new RecordingListener();
            WebSocket webSocket = client.newWebSocketBuilder()
                    .header("Authorization", "Bearer " + mattermost.createSession(aliceId))
                    .buildAsync(URI.create("ws://127.0.0.1:" + gateway.port() + "/api/v4/websocket"), listener)
                    .get(WAIT_SECONDS, TimeUnit.SECONDS);
            String hello = listener.texts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(hello, "hello arrives through the TLS tunnel");
            assertTrue(hello.contains("\"event\":\"hello\""), hello);

            mattermost.pushEvent(aliceId, "posted", Map.of("message", "over TLS"));
            String posted = listener.texts.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertNotNull(posted, "an event Mattermost pushes later arrives too");
            assertTrue(posted.contains("over TLS"), posted);
            webSocket.sendClose(WebSocket.NORMAL_CLOSURE, "done").get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
    }

    @Test
    void aCertificateFromACaNotConfiguredIsRefusedWith502() throws Exception {
        Path otherCa = TestPki.create("some other CA").writeCaPem(dir.resolve("other-ca.pem"));
        try (Gateway gateway = new Gateway(mattermost.baseUri(), proxy -> proxy.withUpstreamCaFile(otherCa))) {
            assertBothPathsRefused(gateway);
        }
    }

    @Test
    void withoutACaFileTheJvmTrustStoreDecidesAndDoesNotKnowTheInternalCa() throws Exception {
        try (Gateway gateway = new Gateway(mattermost.baseUri(), UnaryOperator.identity())) {
            assertBothPathsRefused(gateway);
        }
    }

    @Test
    void aTrustedCertificateForAnotherHostNameIsRefusedWith502() throws Exception {
        try (Gateway gateway = new Gateway(otherHost.baseUri(), proxy -> proxy.withUpstreamCaFile(internalCaFile))) {
            assertBothPathsRefused(gateway);
        }
    }

    private void assertBothPathsRefused(Gateway gateway) throws Exception {
        HttpResponse<String> ping = client.send(HttpRequest.newBuilder(gateway.uri("/api/v4/system/ping")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertBadGateway(ping.statusCode(), ping.body());

        RawUpgradeRequest.Response upgrade = RawUpgradeRequest.send(gateway.port(), "/api/v4/websocket");
        assertBadGateway(upgrade.status(), upgrade.body());
        assertEquals(0, gateway.tunnel.openTunnels());
    }

    private static void assertBadGateway(int status, String body) throws IOException {
        assertEquals(502, status, body);
        JsonNode error = new ObjectMapper().readTree(body);
        assertEquals(ProxyError.BAD_GATEWAY.id(), error.path("id").asText(), body);
        assertEquals(502, error.path("status_code").asInt());
        assertEquals("", error.path("detailed_error").asText(), "no TLS detail reaches the client");
    }

    /** The gateway as the application wires it: the proxy servlet at /, upgrades handed to the tunnel. */
    private static final class Gateway implements AutoCloseable {
        final WebSocketTunnel tunnel;
        private final Tomcat tomcat = new Tomcat();

        Gateway(URI upstream, UnaryOperator<ProxyConfig> settings) throws Exception {
            LiveConfig config = new LiveConfig(new GatewayConfig(ServerConfig.defaults(),
                    settings.apply(ProxyConfig.of(upstream)), null));
            tunnel = new WebSocketTunnel(() -> config.current().proxy(),
                    request -> ProxyRequestHeaders.forUpstream(request, config.current().proxy()));
            TunnelGateway.onLoopback(tomcat, "tls-gateway");
            Context context = tomcat.addContext("", null);
            Tomcat.addServlet(context, "proxy", new ProxyServlet(config, tunnel::relay));
            context.addServletMappingDecoded("/", "proxy");
            tomcat.start();
        }

        int port() {
            return tomcat.getConnector().getLocalPort();
        }

        URI uri(String path) {
            return URI.create("http://127.0.0.1:" + port() + path);
        }

        @Override
        public void close() throws LifecycleException {
            tunnel.close();
            tomcat.stop();
            tomcat.destroy();
        }
    }
}
