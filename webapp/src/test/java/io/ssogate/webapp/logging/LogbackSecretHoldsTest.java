package io.ssogate.webapp.logging;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;

import java.net.URL;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's logback.xml, as an operator runs it with {@code SSOGATE_LOG_LEVEL=DEBUG}: the loggers that
 * would print secrets (HttpClient's wire and headers: the Mattermost login's password, the admin token;
 * pac4j's client dumps with the client secret; the SAML toolkit's whole messages) stay quiet at DEBUG.
 */
class LogbackSecretHoldsTest {

    @Test
    void debugLoggingLeavesOutTheLoggersThatPrintSecrets() throws Exception {
        LoggerContext context = new LoggerContext();
        context.putProperty("SSOGATE_LOG_LEVEL", "DEBUG");
        JoranConfigurator configurator = new JoranConfigurator();
        configurator.setContext(context);
        URL config = LogbackSecretHoldsTest.class.getClassLoader().getResource("logback.xml");
        configurator.doConfigure(config);

        assertTrue(context.getLogger("io.ssogate.sso").isDebugEnabled(), "DEBUG is on for the gateway itself");
        for (String held : List.of("org.apache.hc.client5.http.wire", "org.apache.hc.client5.http.headers",
                "org.apache.hc.core5.http.wire", "org.apache.hc.core5.http.headers", "org.pac4j.core.client",
                "org.pac4j.oidc", "com.onelogin.saml2")) {
            assertFalse(context.getLogger(held).isDebugEnabled(), held + " must not log at DEBUG");
        }
        context.stop();
    }
}
