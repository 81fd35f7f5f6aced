package io.ssogate.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;

import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The {@code server:} section as written in YAML or stored as JSON. Every field is nullable: absent means
 * "the default", which the model record fills in, so each default lives in exactly one constant there.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"bindAddress", "port", "publicUrl", "dataDir", "shutdownGrace", "warmUpRequests"})
record ServerSection(
        String bindAddress,
        Integer port,
        @JsonDeserialize(using = ConfigJacksonModule.HttpUrlDeserializer.class) URI publicUrl,
        String dataDir,
        Duration shutdownGrace,
        Integer warmUpRequests) implements SectionBinding<ServerConfig> {

    static ServerSection from(ServerConfig server) {
        return new ServerSection(server.bindAddress(), server.port(), server.publicUrl(),
                server.dataDir().toString(), server.shutdownGrace(), server.warmUpRequests());
    }

    @Override
    public ServerConfig toModel(ConfigProblems problems) {
        if (bindAddress != null && bindAddress.isBlank()) {
            problems.at("bindAddress", "must not be blank; leave it out for " + ServerConfig.DEFAULT_BIND_ADDRESS);
        }
        if (port != null && (port < 1 || port > 65535)) {
            problems.at("port", "must be between 1 and 65535");
        }
        if (warmUpRequests != null && warmUpRequests < 0) {
            problems.at("warmUpRequests", "must be 0 (no warm-up) or more");
        }
        Path dir = null;
        if (dataDir != null) {
            try {
                // Relative to the working directory, as any relative path the JVM opens.
                dir = Path.of(dataDir);
            } catch (InvalidPathException e) {
                problems.at("dataDir", "not a valid path on this system");
            }
        }
        if (problems.any()) {
            return null;
        }
        return new ServerConfig(bindAddress, port == null ? ServerConfig.DEFAULT_PORT : port, publicUrl, dir, shutdownGrace,
                warmUpRequests == null ? ServerConfig.DEFAULT_WARM_UP_REQUESTS : warmUpRequests);
    }
}
