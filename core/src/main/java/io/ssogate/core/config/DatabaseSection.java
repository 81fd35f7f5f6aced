package io.ssogate.core.config;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The {@code database:} section as written in YAML or stored as JSON. The password is copied only when
 * the caller asks for secrets (see {@link ConfigWriter}); {@link #toString()} never shows it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"url", "username", "password", "maxPoolSize"})
record DatabaseSection(String url, String username, String password, Integer maxPoolSize) {

    /** The JDBC drivers core ships; any other URL would fail later, at the first connection. */
    static final String[] SUPPORTED_URL_PREFIXES = {"jdbc:h2:", "jdbc:postgresql:"};

    static DatabaseSection from(DatabaseConfig database, String passwordShown) {
        return new DatabaseSection(database.url(), database.username(), passwordShown, database.maxPoolSize());
    }

    DatabaseConfig toModel(Problems problems) throws ConfigException {
        if (url != null && !hasSupportedPrefix(url)) {
            // The URL itself is not repeated: a PostgreSQL URL may carry ?password=...
            throw problems.at("url", "must start with jdbc:h2: or jdbc:postgresql:");
        }
        if (maxPoolSize != null && maxPoolSize < 1) {
            throw problems.at("maxPoolSize", "must be at least 1");
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

    @Override
    public String toString() {
        return "DatabaseSection[url=" + url + ", username=" + username + ", maxPoolSize=" + maxPoolSize + "]";
    }
}
