package io.ssogate.core.storage;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Reads and writes {@code TIMESTAMP WITH TIME ZONE} the same way on H2 and PostgreSQL, through JDBC 4.2's
 * {@link OffsetDateTime} mapping (PgJDBC and H2 both document it; {@code java.sql.Timestamp} would pass
 * through the JVM's default zone).
 */
public final class SqlTimestamps {

    private SqlTimestamps() {
    }

    /** Now, cut to microseconds: PostgreSQL keeps no more, so what we return equals what we read back. */
    public static Instant now(Clock clock) {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    public static void set(PreparedStatement statement, int index, Instant instant) throws SQLException {
        statement.setObject(index, OffsetDateTime.ofInstant(instant, ZoneOffset.UTC));
    }

    public static Instant get(ResultSet rs, String column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
