package io.ssogate.core.config;

import io.ssogate.core.net.CaCertificates;
import io.ssogate.core.net.IpRange;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;

import java.io.IOException;
import java.net.URI;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The {@code proxy:} section as written in YAML or stored as JSON. {@code maxRequestBodySize} is a size
 * ({@code 100MiB}) here and {@link ProxyConfig#maxRequestBodyBytes()} in the model.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"upstreamUrl", "connectTimeout", "responseTimeout", "idleTimeout", "webSocketIdleTimeout",
        "maxRequestBodySize", "maxConnections", "trustedProxies", "upstreamCaFile", "webSocketWriteTimeout"})
record ProxySection(
        @JsonDeserialize(using = ConfigJacksonModule.HttpUrlDeserializer.class) URI upstreamUrl,
        Duration connectTimeout,
        Duration responseTimeout,
        Duration idleTimeout,
        Duration webSocketIdleTimeout,
        @JsonDeserialize(using = ConfigJacksonModule.ByteSizeDeserializer.class)
        @JsonSerialize(using = ConfigJacksonModule.ByteSizeSerializer.class)
        Long maxRequestBodySize,
        Integer maxConnections,
        List<String> trustedProxies,
        String upstreamCaFile,
        Duration webSocketWriteTimeout) implements SectionBinding<ProxyConfig> {

    static ProxySection from(ProxyConfig proxy) {
        return new ProxySection(proxy.upstreamUrl(), proxy.connectTimeout(), proxy.responseTimeout(),
                proxy.idleTimeout(), proxy.webSocketIdleTimeout(), proxy.maxRequestBodyBytes(),
                proxy.maxConnections(), proxy.trustedProxies(),
                proxy.upstreamCaFile() == null ? null : proxy.upstreamCaFile().toString(), proxy.webSocketWriteTimeout());
    }

    @Override
    public ProxyConfig toModel(ConfigProblems problems) {
        if (upstreamUrl == null) {
            problems.at("upstreamUrl", "required: Mattermost's own base URL, like http://127.0.0.1:8065");
        }
        requirePositive(problems, "connectTimeout", connectTimeout);
        requirePositive(problems, "responseTimeout", responseTimeout);
        requirePositive(problems, "idleTimeout", idleTimeout);
        requirePositive(problems, "webSocketIdleTimeout", webSocketIdleTimeout);
        requirePositive(problems, "webSocketWriteTimeout", webSocketWriteTimeout);
        if (maxConnections != null && maxConnections < 1) {
            problems.at("maxConnections", "must be at least 1");
        }
        if (trustedProxies != null) {
            for (int i = 0; i < trustedProxies.size(); i++) {
                checkTrustedProxy(problems, "trustedProxies[" + i + "]", trustedProxies.get(i));
            }
        }
        Path caFile = caFile(problems);
        if (problems.any()) {
            return null;
        }
        return new ProxyConfig(upstreamUrl, connectTimeout, responseTimeout, idleTimeout, webSocketIdleTimeout,
                maxRequestBodySize == null ? 0 : maxRequestBodySize,
                maxConnections == null ? 0 : maxConnections, trustedProxies, caFile, webSocketWriteTimeout);
    }

    /**
     * Read now, so a missing or malformed file stops the start here, naming the key, rather than failing
     * the first https request. A relative path starts at the working directory, as {@code server.dataDir}.
     */
    private Path caFile(ConfigProblems problems) {
        if (upstreamCaFile == null) {
            return null;
        }
        if (upstreamCaFile.isBlank()) {
            problems.at("upstreamCaFile", "must not be blank; leave it out to trust the JVM's trust store");
            return null;
        }
        Path file;
        try {
            file = Path.of(upstreamCaFile);
        } catch (InvalidPathException e) {
            problems.at("upstreamCaFile", "not a valid path on this system");
            return null;
        }
        try {
            CaCertificates.read(file);
        } catch (IOException e) {
            problems.at("upstreamCaFile", e.getMessage());
            return null;
        }
        return file;
    }

    private static void checkTrustedProxy(ConfigProblems problems, String key, String entry) {
        if (entry == null || entry.isBlank()) {
            problems.at(key, "empty entry; write an address or CIDR range");
            return;
        }
        try {
            IpRange.parse(entry.trim());
        } catch (IllegalArgumentException e) {
            // The entry is an address, never a secret, so the message may show it.
            problems.at(key, "not an IP address or CIDR range: [" + entry + "]");
        }
    }

    /** Zero would mean "wait forever" to HttpClient and Tomcat, which turns one stuck upstream into an outage. */
    private static void requirePositive(ConfigProblems problems, String key, Duration value) {
        if (value != null && (value.isZero() || value.isNegative())) {
            problems.at(key, "must be longer than 0s");
        }
    }
}
