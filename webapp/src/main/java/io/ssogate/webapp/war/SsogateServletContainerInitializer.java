package io.ssogate.webapp.war;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.ConfigLoader;
import io.ssogate.core.config.LiveConfig;
import io.ssogate.webapp.GatewayApplication;
import io.ssogate.webapp.InstalledFeatures;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.ServletException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Entry point of {@code ssogate.war} in a stock Tomcat. Finds the configuration file, loads and
 * validates it, and registers the gateway. A configuration error fails the deployment with the message
 * naming the key, file and line, rather than serving requests half-configured.
 *
 * <p>Where the file is, first match wins: the system property {@value #CONFIG_PROPERTY}, the
 * environment variable {@value #CONFIG_ENV}, the context init parameter {@value #CONFIG_PROPERTY},
 * then {@code ${catalina.base}/conf/ssogate.yaml}.
 */
public final class SsogateServletContainerInitializer implements ServletContainerInitializer {

    public static final String CONFIG_PROPERTY = "ssogate.config";
    public static final String CONFIG_ENV = "SSOGATE_CONFIG";

    private static final Logger log = LoggerFactory.getLogger(SsogateServletContainerInitializer.class);

    @Override
    public void onStartup(Set<Class<?>> classes, ServletContext context) throws ServletException {
        Path configFile = locateConfig(context);
        InstalledFeatures features = InstalledFeatures.discover(context.getClassLoader());
        GatewayApplication application;
        try {
            application = GatewayApplication.open(
                    new LiveConfig(new ConfigLoader(features.configSections()).load(configFile)), features);
        } catch (ConfigException e) {
            log.error("ssogate not started: {}", e.getMessage());
            throw new ServletException("ssogate configuration error: " + e.getMessage());
        }
        try {
            application.registerWith(context);
            application.awaitStorage();
        } catch (RuntimeException e) {
            application.close();
            log.error("ssogate not started: {}", e.getMessage());
            throw new ServletException("ssogate not started: " + e.getMessage());
        }
        context.addListener(new ServletContextListener() {
            @Override
            public void contextDestroyed(ServletContextEvent event) {
                application.close();
            }
        });
        log.info("ssogate started in context [{}] with configuration [{}]", context.getContextPath(), configFile);
    }

    static Path locateConfig(ServletContext context) throws ServletException {
        String explicit = firstNonBlank(System.getProperty(CONFIG_PROPERTY), System.getenv(CONFIG_ENV),
                context.getInitParameter(CONFIG_PROPERTY));
        if (explicit != null) {
            return Path.of(explicit);
        }
        String catalinaBase = System.getProperty("catalina.base");
        if (catalinaBase != null) {
            Path candidate = Path.of(catalinaBase, "conf", "ssogate.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new ServletException("ssogate configuration not found: set -D" + CONFIG_PROPERTY + "=FILE, "
                + CONFIG_ENV + "=FILE, or put ssogate.yaml in ${catalina.base}/conf");
    }

    private static String firstNonBlank(String... values) {
        for (String value : values) {
            if (value != null && !value.isBlank()) {
                return value;
            }
        }
        return null;
    }
}
