package io.ssogate.core.config;

/**
 * Where the gateway keeps its state. An embedded H2 file by default; PostgreSQL when several gateway
 * nodes share one database.
 *
 * @param url      JDBC URL; null means the embedded H2 file under the server's data directory
 * @param username database user
 * @param password database password, null when none is set; a {@link Secret}, so it never prints
 * @param maxPoolSize largest number of pooled connections
 */
public record DatabaseConfig(String url, String username, Secret password, int maxPoolSize) {

    public static final int DEFAULT_MAX_POOL_SIZE = 10;

    public DatabaseConfig {
        maxPoolSize = maxPoolSize <= 0 ? DEFAULT_MAX_POOL_SIZE : maxPoolSize;
    }

    public static DatabaseConfig embedded() {
        return new DatabaseConfig(null, null, null, 0);
    }

    public boolean isEmbedded() {
        return url == null;
    }
}
