package io.ssogate.webapp;

import io.ssogate.core.config.LiveConfig;
import io.ssogate.core.feature.Services;
import io.ssogate.core.feature.StepPipeline;
import io.ssogate.core.storage.GatewayDatabase;
import jakarta.servlet.ServletContext;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One gateway, assembled: storage and the {@link InstalledFeatures} (the proxy among them), installed
 * into a servlet context. The WAR initializer and the embedded launcher both build the gateway through
 * this class, so the two deployments cannot drift apart; they differ only in who runs the
 * {@link StepPipeline} (the launcher's valve, or the WAR's first filter).
 */
public final class GatewayApplication implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(GatewayApplication.class);

    /** Storage opens on its own thread, in parallel with the container's start (see {@link #open}). */
    private static final Executor STORAGE_STARTER = task -> {
        Thread thread = new Thread(task, "ssogate-storage-start");
        thread.setDaemon(true);
        thread.start();
    };

    private final LiveConfig config;
    private final InstalledFeatures features;
    private final CompletableFuture<GatewayDatabase> database;
    private final Services services = new Services();
    private final Deque<AutoCloseable> closeOnStop = new ArrayDeque<>();
    private volatile StepPipeline pipeline;

    private GatewayApplication(LiveConfig config, InstalledFeatures features,
                               CompletableFuture<GatewayDatabase> database) {
        this.config = config;
        this.features = features;
        this.database = database;
    }

    /**
     * Starts opening storage (pool, the core's and the features' migrations). Opening the database is the
     * slowest part of a start and the proxy does not need it, so it runs while the caller starts the
     * container; a feature that asks for the database waits for it, and {@link #awaitStorage()} joins it
     * before the start is reported.
     */
    public static GatewayApplication open(LiveConfig config, InstalledFeatures features) {
        CompletableFuture<GatewayDatabase> database = CompletableFuture.supplyAsync(() ->
                GatewayDatabase.start(config.current().database(), config.current().server().dataDir(),
                        features.migrations()),
                STORAGE_STARTER);
        return new GatewayApplication(config, features, database);
    }

    /** Waits until storage is open; rethrows its start failure (which names the configuration key). */
    public GatewayDatabase awaitStorage() {
        try {
            return database.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw e;
        }
    }

    /**
     * Installs every feature into {@code context}: their servlets, then the step pipeline as the first
     * filter (and as the context attribute the valve reads), then their filters in order.
     *
     * @throws IllegalStateException naming the feature that failed to install
     */
    public void registerWith(ServletContext context) {
        FeatureInstaller installer = new FeatureInstaller(context, config, this::awaitStorage, services,
                closeOnStop::push);
        pipeline = installer.installAll(features);
        log.info("Features installed: {}", features.names());
    }

    public LiveConfig config() {
        return config;
    }

    public InstalledFeatures features() {
        return features;
    }

    /** What the features published, e.g. the WebSocket tunnel. */
    public Services services() {
        return services;
    }

    /** The request steps in the order they run; null before {@link #registerWith}. */
    public StepPipeline pipeline() {
        return pipeline;
    }

    /** Closes what the features opened, last opened first, then storage. */
    @Override
    public void close() {
        try {
            while (!closeOnStop.isEmpty()) {
                AutoCloseable resource = closeOnStop.pop();
                try {
                    resource.close();
                } catch (Exception e) {
                    log.warn("Closing [{}] failed: {}", resource, e.toString());
                }
            }
        } finally {
            closeWhenOpened(database);
        }
    }

    private static void closeWhenOpened(CompletableFuture<GatewayDatabase> database) {
        try {
            database.join().close();
        } catch (CompletionException failedToOpen) {
            // nothing was opened, so nothing to close
        }
    }
}
