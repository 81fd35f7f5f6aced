package io.ssogate.proxy.websocket;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;

import jakarta.servlet.ServletInputStream;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.WebConnection;

import org.apache.catalina.util.ServerInfo;
import org.apache.coyote.ssogatetest.UnfamiliarUpgradeOutputStream;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;

import io.ssogate.core.config.ProxyConfig;

/**
 * Ending a tunnel from one of the gateway's own threads closes the client's socket at once on the Tomcat
 * this runs on (11 in the default test run, 10.1 in the {@code tunnel-on-tomcat-10.1} execution), and a
 * Tomcat whose internals differ is reported once, with what it means.
 */
class ClientConnectionCloserTest {

    /** Set by the surefire execution that swaps in another Tomcat, so it cannot silently run this one. */
    private static final String EXPECTED_TOMCAT = System.getProperty("ssogate.test.expectedTomcat");

    @Test
    void anUpstreamThatEndsClosesTheClientSocketAtOnceWithoutAWarning() throws Exception {
        if (EXPECTED_TOMCAT != null) {
            assertEquals(EXPECTED_TOMCAT, ServerInfo.getServerNumber().replaceAll("\\.0$", ""),
                    "the Tomcat on the class path");
        }
        ListAppender<ILoggingEvent> log = listen();
        try (RawUpstream ending = new RawUpstream(RawUpstream.Behaviour.SWITCH_THEN_CLOSE);
             TunnelGateway gateway = new TunnelGateway(ProxyConfig.of(ending.url()));
             SocketChannel client = RawUpgradeRequest.openTunnel(gateway.port(), EchoUpstream.PATH)) {
            // The client only waits for frames; it never sends, which would wake Tomcat's poller.
            client.socket().setSoTimeout(5_000);
            int read = client.socket().getInputStream().read();

            assertEquals(-1, read, "the client's connection ended (Tomcat " + ServerInfo.getServerNumber() + ")");
            WebSocketTunnelTest.awaitNoOpenTunnels(gateway);
        } finally {
            stopListening(log);
        }
        assertEquals(List.of(), warnings(log), "the direct close worked on Tomcat " + ServerInfo.getServerNumber());
    }

    @Test
    void aTomcatWithUnfamiliarInternalsIsReportedOnceWithWhatItMeans() {
        ClientConnectionCloser closer = new ClientConnectionCloser();
        ListAppender<ILoggingEvent> log = listen();
        try {
            closer.closeConnection(connectionWith(new UnfamiliarUpgradeOutputStream()), "t1");
            closer.closeConnection(connectionWith(new UnfamiliarUpgradeOutputStream()), "t2");
        } finally {
            stopListening(log);
        }

        List<String> warnings = warnings(log);
        assertEquals(1, warnings.size(), "once, not per tunnel: " + warnings);
        assertTrue(warnings.get(0).contains("stays open on the client's side until the client next sends"),
                warnings.get(0));
        assertTrue(warnings.get(0).contains(UnfamiliarUpgradeOutputStream.class.getName()), warnings.get(0));
    }

    private static WebConnection connectionWith(ServletOutputStream out) {
        return new WebConnection() {
            @Override
            public ServletInputStream getInputStream() {
                throw new UnsupportedOperationException();
            }

            @Override
            public ServletOutputStream getOutputStream() {
                return out;
            }

            @Override
            public void close() throws IOException {
                out.close();
            }
        };
    }

    private static ListAppender<ILoggingEvent> listen() {
        ListAppender<ILoggingEvent> appender = new ListAppender<>();
        appender.start();
        ((Logger) LoggerFactory.getLogger(ClientConnectionCloser.class)).addAppender(appender);
        return appender;
    }

    private static void stopListening(ListAppender<ILoggingEvent> appender) {
        ((Logger) LoggerFactory.getLogger(ClientConnectionCloser.class)).detachAppender(appender);
    }

    private static List<String> warnings(ListAppender<ILoggingEvent> appender) {
        return appender.list.stream().filter(e -> e.getLevel() == Level.WARN)
                .map(ILoggingEvent::getFormattedMessage).toList();
    }
}
