package io.ssogate.core.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The gateway's own listener (used by the embedded launcher; a WAR takes Tomcat's connector instead).
 *
 * @param bindAddress     address to listen on; loopback by default, so exposing the gateway is a choice
 * @param port            TCP port; 0 binds any free port (tests; the YAML file requires 1-65535)
 * @param publicUrl       the URL people type, which is also Mattermost's Site URL; null derives it from
 *                        each request's scheme and Host
 * @param dataDir         where the embedded database and other local state live
 * @param shutdownGrace   how long in-flight requests may run on after SIGTERM
 * @param warmUpRequests  requests the launcher sends through its own request path before it reports the
 *                        start, so that people meet compiled code rather than the JIT's first minutes; 0 none
 */
public record ServerConfig(String bindAddress, int port, URI publicUrl, Path dataDir, Duration shutdownGrace,
                           int warmUpRequests) {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";
    public static final int DEFAULT_PORT = 8080;
    public static final Path DEFAULT_DATA_DIR = Path.of("data");
    public static final Duration DEFAULT_SHUTDOWN_GRACE = Duration.ofSeconds(20);
    /** Enough for the JIT to compile the request path's hot methods (bench/README.md, "Start-up: the first 30 s"). */
    public static final int DEFAULT_WARM_UP_REQUESTS = 10_000;

    public ServerConfig {
        bindAddress = bindAddress == null || bindAddress.isBlank() ? DEFAULT_BIND_ADDRESS : bindAddress;
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be between 0 (any free port) and 65535");
        }
        dataDir = dataDir == null ? DEFAULT_DATA_DIR : dataDir;
        shutdownGrace = shutdownGrace == null ? DEFAULT_SHUTDOWN_GRACE : shutdownGrace;
        if (warmUpRequests < 0) {
            throw new IllegalArgumentException("warmUpRequests must be 0 (no warm-up) or more");
        }
    }

    /** The settings before {@code warmUpRequests} existed, with its default. */
    public ServerConfig(String bindAddress, int port, URI publicUrl, Path dataDir, Duration shutdownGrace) {
        this(bindAddress, port, publicUrl, dataDir, shutdownGrace, DEFAULT_WARM_UP_REQUESTS);
    }

    public static ServerConfig defaults() {
        return new ServerConfig(null, DEFAULT_PORT, null, null, null);
    }

    public ServerConfig withPort(int newPort) {
        return new ServerConfig(bindAddress, newPort, publicUrl, dataDir, shutdownGrace, warmUpRequests);
    }

    public ServerConfig withPublicUrl(URI url) {
        return new ServerConfig(bindAddress, port, url, dataDir, shutdownGrace, warmUpRequests);
    }

    public ServerConfig withDataDir(Path dir) {
        return new ServerConfig(bindAddress, port, publicUrl, dir, shutdownGrace, warmUpRequests);
    }

    public ServerConfig withWarmUpRequests(int requests) {
        return new ServerConfig(bindAddress, port, publicUrl, dataDir, shutdownGrace, requests);
    }
}
