package io.ssogate.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code database:} section as written in YAML or stored as JSON. The password is a {@link Secret}:
 * written back as its reference, never as its value.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"url", "username", "password", "maxPoolSize"})
record DatabaseSection(String url, String username, Secret password, Integer maxPoolSize)
        implements SectionBinding<DatabaseConfig> {

    /** The JDBC drivers core ships; any other URL would fail later, at the first connection. */
    static final String[] SUPPORTED_URL_PREFIXES = {"jdbc:h2:", "jdbc:postgresql:"};

    static DatabaseSection from(DatabaseConfig database) {
        return new DatabaseSection(database.url(), database.username(), database.password(), database.maxPoolSize());
    }

    @Override
    public DatabaseConfig toModel(ConfigProblems problems) {
        if (url != null && !hasSupportedPrefix(url)) {
            // The URL itself is not repeated: a PostgreSQL URL may carry ?password=...
            problems.at("url", "must start with jdbc:h2: or jdbc:postgresql:");
        }
        if (maxPoolSize != null && maxPoolSize < 1) {
            problems.at("maxPoolSize", "must be at least 1");
        }
        if (problems.any()) {
            return null;
        }
        return new DatabaseConfig(url, username, password, maxPoolSize == null ? 0 : maxPoolSize);
    }

    private static boolean hasSupportedPrefix(String url) {
        for (String prefix : SUPPORTED_URL_PREFIXES) {
            if (url.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }
}
