package io.ssogate.webapp.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.testkit.tomcat.LoopbackTomcat;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's warm-up: the whole request path, up to Mattermost, and never a reason for a start to fail. */
class StartupWarmUpTest {

    @TempDir
    Path temp;

    private final AtomicInteger warmUpPings = new AtomicInteger();
    private Tomcat mattermost;
    private EmbeddedGateway gateway;

    @BeforeEach
    void start() throws Exception {
        mattermost = LoopbackTomcat.create(temp.resolve("mattermost"));
        Context context = mattermost.addContext("", null);
        Tomcat.addServlet(context, "ping", new HttpServlet() {
            private static final long serialVersionUID = 1L;

            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
                if ("ssogate-warm-up".equals(request.getHeader("User-Agent"))) {
                    warmUpPings.incrementAndGet();
                }
                response.setContentType("application/json");
                response.getWriter().write("{\"status\":\"OK\"}");
            }
        }).addMapping("/api/v4/system/ping");
        mattermost.start();
        gateway = EmbeddedGateway.start(new GatewayConfig(
                ServerConfig.defaults().withPort(0).withDataDir(temp.resolve("data")),
                ProxyConfig.of(URI.create("http://127.0.0.1:" + mattermost.getConnector().getLocalPort())),
                DatabaseConfig.embedded()));
    }

    @AfterEach
    void stop() throws LifecycleException {
        gateway.close();
        stopMattermost();
    }

    private void stopMattermost() throws LifecycleException {
        if (mattermost.getServer().getState().isAvailable()) {
            mattermost.stop();
            mattermost.destroy();
        }
    }

    @Test
    void theWarmUpsRequestsTakeTheWholePathToMattermost() {
        StartupWarmUp.Result result = StartupWarmUp.run(gateway.baseUri(), 500);

        assertEquals(500, result.answered());
        assertNull(result.stoppedEarlyBecause());
        assertEquals(500, warmUpPings.get(), "every request reached Mattermost through the proxy");
    }

    @Test
    void aMattermostThatIsDownEndsTheWarmUpAtItsFirstErrorAnswer() throws LifecycleException {
        stopMattermost();

        StartupWarmUp.Result result = StartupWarmUp.run(gateway.baseUri(), 500);

        assertTrue(result.answered() <= 2, "one answer per connection at most: " + result.answered());
        assertTrue(result.stoppedEarlyBecause().contains("Mattermost unavailable (the gateway answered 502)"),
                result.stoppedEarlyBecause());
    }

    @Test
    void aGatewayThatIsNotThereEndsTheWarmUpWithoutAnException() {
        gateway.close();

        StartupWarmUp.Result result = StartupWarmUp.run(gateway.baseUri(), 500);

        assertEquals(0, result.answered());
        assertTrue(result.stoppedEarlyBecause().contains("Connect"), result.stoppedEarlyBecause());
    }

    @Test
    void aGatewayListeningOnEveryAddressIsWarmedUpOnLoopback() {
        assertEquals("127.0.0.1", StartupWarmUp.loopbackFor("0.0.0.0"));
        assertEquals("::1", StartupWarmUp.loopbackFor("[::]"));
        assertEquals("::1", StartupWarmUp.loopbackFor("[::1]"));
        assertEquals("127.0.0.1", StartupWarmUp.loopbackFor("127.0.0.1"));
    }
}
