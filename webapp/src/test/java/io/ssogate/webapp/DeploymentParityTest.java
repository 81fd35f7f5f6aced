package io.ssogate.webapp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.ssogate.core.config.DatabaseConfig;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import io.ssogate.core.feature.StepPipeline;
import io.ssogate.sso.tomcat.GatewayValve;
import io.ssogate.testkit.emulator.MattermostEmulator;
import io.ssogate.testkit.tomcat.LoopbackTomcat;
import io.ssogate.webapp.launcher.EmbeddedGateway;
import io.ssogate.webapp.war.SsogateServletContainerInitializer;
import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.connector.Connector;
import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher and a dropped WAR assemble the same gateway: the same features, servlets, filters, steps,
 * migrations and services, found the same way (ServiceLoader). Only the runner of the steps differs:
 * the launcher's valve, the WAR's first filter; either way they run once per request.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS) // two containers, started once; the tests only read
class DeploymentParityTest {

    @TempDir
    static Path temp;

    private final HttpClient http = HttpClient.newHttpClient();
    private MattermostEmulator mattermost;
    private URLClassLoader featureLoader;
    private EmbeddedGateway launcher;
    private Tomcat warContainer;
    private URI warBase;

    @BeforeAll
    void startBothDeployments() throws Exception {
        mattermost = MattermostEmulator.builder().port(0).build().start();
        featureLoader = classLoaderAddingTheProbeFeature();

        launcher = EmbeddedGateway.start(new GatewayConfig(
                        ServerConfig.defaults().withPort(0).withDataDir(temp.resolve("launcher")),
                        ProxyConfig.of(mattermost.baseUri()), DatabaseConfig.embedded()),
                InstalledFeatures.discover(featureLoader));

        warContainer = LoopbackTomcat.create(temp.resolve("war-tomcat"));
        Connector connector = warContainer.getConnector();
        Path docBase = Files.createDirectories(temp.resolve("war-docbase"));
        Context context = warContainer.addContext("", docBase.toString());
        context.setParentClassLoader(featureLoader);
        context.addParameter(SsogateServletContainerInitializer.CONFIG_PROPERTY, warConfigFile().toString());
        context.addServletContainerInitializer(new SsogateServletContainerInitializer(), null);
        warContainer.start();
        warBase = URI.create("http://127.0.0.1:" + connector.getLocalPort());
    }

    @AfterAll
    void stopAll() throws LifecycleException, IOException {
        launcher.close();
        warContainer.stop();
        warContainer.destroy();
        mattermost.close();
        featureLoader.close();
    }

    @Test
    void bothDeploymentsRegisterTheSameServletsFiltersStepsMigrationsAndServices() throws Exception {
        String fromLauncher = get(launcher.baseUri(), "/__parity/describe").body();
        String fromWar = get(warBase, "/__parity/describe").body();

        assertEquals(fromLauncher, fromWar);
        assertTrue(fromLauncher.contains("ssogate-proxy=[*.jsp, *.jspx, /]"), fromLauncher);
        assertTrue(fromLauncher.contains("parity-servlet=[/__parity/describe]"), fromLauncher);
        assertTrue(fromLauncher.contains("ssogate-steps=[/*]"), fromLauncher);
        assertTrue(fromLauncher.contains("parity-filter=[/__parity/*]"), fromLauncher);
        assertTrue(fromLauncher.contains("parity_probe/parity-step/IDENTITY"), fromLauncher);
        assertTrue(fromLauncher.contains("sso/sso-signed-in/IDENTITY"), fromLauncher);
        assertTrue(fromLauncher.contains("tunnelService=true"), "a later feature finds the proxy's service");
        assertTrue(fromLauncher.contains("migratedRows=1"), "the feature's migration ran");
    }

    @Test
    void stepsRunOnceInTheLaunchersValveAndOnceInTheWarsFilterBeforeFiltersAndServlets() throws Exception {
        HttpResponse<String> viaValve = get(launcher.baseUri(), "/__parity/describe");
        HttpResponse<String> viaFilter = get(warBase, "/__parity/describe");

        assertEquals("valve", viaValve.headers().firstValue(ParityProbeFeature.STEP_RUNNER).orElseThrow());
        assertEquals("filter", viaFilter.headers().firstValue(ParityProbeFeature.STEP_RUNNER).orElseThrow());
        for (HttpResponse<String> response : List.of(viaValve, viaFilter)) {
            assertEquals("1", response.headers().firstValue(ParityProbeFeature.STEP_RUNS).orElseThrow());
            assertEquals(List.of("step", "filter", "servlet"), response.headers().allValues(ParityProbeFeature.TRACE));
            assertEquals("webapp", response.headers().firstValue(ParityProbeFeature.STEP_LOADER).orElseThrow(),
                    "steps see the web application's class loader, as filters do");
        }
    }

    @Test
    void proxiedRequestsPassTheStepsOnceInBothDeployments() throws Exception {
        for (URI base : List.of(launcher.baseUri(), warBase)) {
            HttpResponse<String> ping = get(base, "/api/v4/system/ping");
            assertEquals(200, ping.statusCode(), ping.body());
            assertEquals("1", ping.headers().firstValue(ParityProbeFeature.STEP_RUNS).orElseThrow(), base.toString());
        }
    }

    @Test
    void aFeaturesProxyHookChangesWhatReachesMattermostInBothDeployments() throws Exception {
        for (URI base : List.of(launcher.baseUri(), warBase)) {
            HttpResponse<String> echo = get(base, "/__emulator/echo/hooked");
            assertEquals(200, echo.statusCode(), echo.body());
            assertTrue(echo.body().contains("[\"X-Parity-Hook\",\"added by a feature\"]"), base + ": " + echo.body());
        }
    }

    /** The valve may be loaded from Tomcat's lib/, where it cannot see StepPipeline: only the name links them. */
    @Test
    void theValveLooksForThePipelineAndTheTerminalServletUnderTheNamesTheApplicationPublishesThemUnder() {
        assertEquals(StepPipeline.CONTEXT_ATTRIBUTE, GatewayValve.STEPS_ATTRIBUTE);
        assertEquals(StepPipeline.TERMINAL_SERVLET_ATTRIBUTE, GatewayValve.TERMINAL_SERVLET_ATTRIBUTE);
    }

    private HttpResponse<String> get(URI base, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(base.resolve(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private Path warConfigFile() throws IOException {
        return Files.writeString(temp.resolve("war-ssogate.yaml"), """
                server:
                  dataDir: %s
                proxy:
                  upstreamUrl: %s
                """.formatted(temp.resolve("war-data"), mattermost.baseUri()));
    }

    /** The launcher's class path plus a services file naming the probe feature, as a feature jar would. */
    private URLClassLoader classLoaderAddingTheProbeFeature() throws IOException {
        Path services = Files.createDirectories(temp.resolve("probe-jar/META-INF/services"));
        Files.writeString(services.resolve("io.ssogate.core.feature.GatewayFeature"),
                ParityProbeFeature.class.getName() + "\n");
        return new URLClassLoader(new URL[] {temp.resolve("probe-jar").toUri().toURL()}, getClass().getClassLoader());
    }
}
