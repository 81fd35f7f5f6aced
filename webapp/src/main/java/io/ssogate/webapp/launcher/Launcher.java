package io.ssogate.webapp.launcher;

import io.ssogate.core.config.ConfigException;
import io.ssogate.core.config.ConfigLoader;
import io.ssogate.core.config.GatewayConfig;
import io.ssogate.core.config.ProxyConfig;
import io.ssogate.core.config.ServerConfig;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.bridge.SLF4JBridgeHandler;

/**
 * {@code java -jar ssogate.jar}: runs the gateway in an embedded Tomcat until SIGTERM or Ctrl-C.
 * Exit status 0 on a clean stop, 2 for a usage or configuration error, 1 when the start failed.
 */
public final class Launcher {

    static final int EXIT_OK = 0;
    static final int EXIT_FAILED = 1;
    static final int EXIT_USAGE = 2;

    /**
     * {@code -Dssogate.exitAfterStart=true}: start, report "started in N ms", stop again. For measuring
     * the start time from a script; not an admin option.
     */
    static final String EXIT_AFTER_START = "ssogate.exitAfterStart";

    private static final Logger log = LoggerFactory.getLogger(Launcher.class);

    private Launcher() {
    }

    public static void main(String[] args) {
        // Tomcat logs through java.util.logging; send it to the same place as ours.
        SLF4JBridgeHandler.removeHandlersForRootLogger();
        SLF4JBridgeHandler.install();
        int status = run(args, System.out, System.err);
        if (status != EXIT_OK || Boolean.getBoolean(EXIT_AFTER_START)) {
            System.exit(status);
        }
    }

    /** Runs until the JVM is asked to stop; returns an exit status only for errors and one-shot flags. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        LauncherOptions options;
        try {
            options = LauncherOptions.parse(Arrays.asList(args));
        } catch (IllegalArgumentException e) {
            err.println("ssogate: " + e.getMessage());
            err.print(LauncherOptions.USAGE);
            return EXIT_USAGE;
        }
        if (options.help()) {
            out.print(LauncherOptions.USAGE);
            return EXIT_OK;
        }
        if (options.version()) {
            out.println("ssogate " + version());
            return EXIT_OK;
        }
        try {
            return options.demo() ? runDemo(options, out) : runConfigured(options, out);
        } catch (ConfigException e) {
            err.println("ssogate: configuration error: " + e.getMessage());
            return EXIT_USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("ssogate: " + e.getMessage());
            log.debug("start failed", e);
            return EXIT_FAILED;
        }
    }

    private static int runConfigured(LauncherOptions options, PrintStream out) throws IOException, ConfigException {
        if (!Files.isRegularFile(options.configFile())) {
            throw new IOException("configuration file [" + options.configFile() + "] not found"
                    + " (use --config FILE, or --demo to try ssogate without one)");
        }
        GatewayConfig config = new ConfigLoader().load(options.configFile());
        if (options.checkConfig()) {
            out.println("ssogate: configuration " + options.configFile() + " is valid");
            return EXIT_OK;
        }
        if (options.port() != null) {
            config = config.withServer(config.server().withPort(options.port()));
        }
        serveUntilStopped(config, null, out);
        return EXIT_OK;
    }

    private static int runDemo(LauncherOptions options, PrintStream out) throws IOException {
        int port = options.port() != null ? options.port() : ServerConfig.DEFAULT_PORT;
        URI publicUrl = URI.create("http://127.0.0.1:" + port);
        ServerConfig server = ServerConfig.defaults().withPort(port).withPublicUrl(publicUrl);
        if (options.checkConfig()) {
            out.println("ssogate: the demo configuration is built in and valid");
            return EXIT_OK;
        }
        DemoEmulatorProcess emulator = DemoEmulatorProcess.start(server.dataDir(), publicUrl);
        GatewayConfig config = new GatewayConfig(server, ProxyConfig.of(emulator.baseUri()), null);
        serveUntilStopped(config, emulator, out);
        return EXIT_OK;
    }

    private static void serveUntilStopped(GatewayConfig config, AutoCloseable alsoStop, PrintStream out) {
        long started = System.nanoTime();
        EmbeddedGateway gateway;
        try {
            gateway = EmbeddedGateway.start(config);
        } catch (RuntimeException e) {
            closeQuietly(alsoStop);
            throw e;
        }
        long millis = (System.nanoTime() - started) / 1_000_000;
        URI url = config.server().publicUrl() != null ? config.server().publicUrl() : gateway.baseUri();
        out.println("ssogate " + version() + " started in " + millis + " ms: " + url
                + " -> " + config.proxy().upstreamUrl());
        if (alsoStop != null) {
            out.println();
            out.println("  Demo: open " + url + "/ and sign in as alice / Passw0rd! (or bob / Passw0rd!).");
            out.println("  The Mattermost emulator behind it runs at " + config.proxy().upstreamUrl()
                    + "; press Ctrl-C to stop both.");
        }
        out.flush();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Stopping: letting in-flight requests finish");
            try {
                gateway.close();
            } finally {
                closeQuietly(alsoStop);
                stopped.countDown();
            }
        }, "ssogate-shutdown"));
        if (Boolean.getBoolean(EXIT_AFTER_START)) {
            return;
        }
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable closeable) {
        if (closeable == null) {
            return;
        }
        try {
            closeable.close();
        } catch (Exception e) {
            log.debug("close failed", e);
        }
    }

    static String version() {
        String version = Launcher.class.getPackage().getImplementationVersion();
        return version == null ? "development build" : version;
    }
}
