package io.ssogate.testkit.postgres;

import java.util.Objects;

/**
 * How to reach a PostgreSQL server as a user allowed to create databases.
 *
 * @param adminUrl JDBC URL of a database that always exists (usually {@code postgres})
 * @param username user with CREATEDB
 * @param password that user's password; may be empty (trust auth); never in {@link #toString()}
 */
record PostgresEndpoint(String adminUrl, String username, String password) {

    PostgresEndpoint {
        Objects.requireNonNull(adminUrl, "adminUrl");
        if (!adminUrl.startsWith("jdbc:postgresql://")) {
            throw new IllegalArgumentException("expected a jdbc:postgresql:// URL, got [" + hideQuery(adminUrl) + "]");
        }
        username = username == null || username.isBlank() ? "postgres" : username;
        password = password == null ? "" : password;
    }

    /** The same server, another database: replaces the path of {@code jdbc:postgresql://host:port/db?params}. */
    String jdbcUrl(String database) {
        int hostStart = "jdbc:postgresql://".length();
        int slash = adminUrl.indexOf('/', hostStart);
        int query = adminUrl.indexOf('?', hostStart);
        String hosts = adminUrl.substring(0, slash >= 0 ? slash : query >= 0 ? query : adminUrl.length());
        String params = query >= 0 ? adminUrl.substring(query) : "";
        return hosts + "/" + database + params;
    }

    /** Query parameters may carry a password; messages show the URL without them. */
    static String hideQuery(String url) {
        int query = url.indexOf('?');
        return query < 0 ? url : url.substring(0, query) + "?…";
    }

    @Override
    public String toString() {
        return "PostgresEndpoint[adminUrl=" + hideQuery(adminUrl) + ", username=" + username + "]";
    }
}
