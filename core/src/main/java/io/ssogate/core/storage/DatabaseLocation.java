package io.ssogate.core.storage;

import io.ssogate.core.config.DatabaseConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Where the database is: the configured JDBC URL, or the embedded H2 file under the data directory.
 *
 * @param jdbcUrl     the URL to connect to
 * @param driverClass the driver for it, named explicitly so a WAR's class loader need not rely on
 *                    {@code DriverManager} discovery
 * @param embedded    true for the H2 file we placed ourselves
 */
record DatabaseLocation(String jdbcUrl, String driverClass, boolean embedded) {

    /** File name (without H2's {@code .mv.db}) of the embedded database inside the data directory. */
    static final String EMBEDDED_FILE_NAME = "ssogate";
    static final String POSTGRESQL_PREFIX = "jdbc:postgresql://";
    static final String H2_PREFIX = "jdbc:h2:";

    /** A password may ride in a URL ({@code ?password=} for PgJDBC, {@code ;PASSWORD=} for H2). */
    private static final Pattern URL_PASSWORD = Pattern.compile("(?i)(password=)[^&;]*");

    static DatabaseLocation of(DatabaseConfig config, Path dataDir) {
        if (config.isEmbedded()) {
            return embeddedIn(dataDir);
        }
        String url = config.url().trim();
        if (url.startsWith(POSTGRESQL_PREFIX)) {
            return new DatabaseLocation(url, "org.postgresql.Driver", false);
        }
        if (url.startsWith(H2_PREFIX)) {
            return new DatabaseLocation(url, "org.h2.Driver", false);
        }
        throw new DatabaseStartupException("database.url", "only " + POSTGRESQL_PREFIX + "… and " + H2_PREFIX
                + "… URLs are supported, got [" + redact(url) + "]", null);
    }

    private static DatabaseLocation embeddedIn(Path dataDir) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new DatabaseStartupException("server.dataDir", "cannot create the data directory [" + dir
                    + "] for the embedded database: " + e, e);
        }
        // AUTO_SERVER=FALSE: one gateway process owns the file; a second one fails fast on H2's file lock.
        // DB_CLOSE_ON_EXIT=FALSE: H2's own shutdown hook would close the database under requests still
        // draining during our graceful shutdown; GatewayDatabase.close() closes it instead.
        String url = H2_PREFIX + "file:" + dir.resolve(EMBEDDED_FILE_NAME) + ";AUTO_SERVER=FALSE;DB_CLOSE_ON_EXIT=FALSE";
        return new DatabaseLocation(url, "org.h2.Driver", true);
    }

    /** The URL with any inline password masked, for messages and logs. */
    String redacted() {
        return redact(jdbcUrl);
    }

    static String redact(String url) {
        return URL_PASSWORD.matcher(url).replaceAll("$1***");
    }

    boolean isPostgres() {
        return jdbcUrl.startsWith(POSTGRESQL_PREFIX);
    }
}
