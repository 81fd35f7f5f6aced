package io.ssogate.core.storage;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A feature's own schema migrations. Each feature keeps a Flyway history table of its own
 * ({@code ssogate_history_<feature>}), so features number their versions independently from V1 and
 * one feature's new migration never reorders another's.
 *
 * @param feature   the feature's name, lower case letters, digits and underscores
 * @param locations Flyway locations, e.g. {@code classpath:db/migration/sso}
 */
public record FeatureMigrations(String feature, List<String> locations) {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,30}");

    public FeatureMigrations {
        Objects.requireNonNull(feature, "feature");
        if (!NAME.matcher(feature).matches()) {
            throw new IllegalArgumentException("a feature name for migrations must match " + NAME + ": [" + feature + "]");
        }
        locations = List.copyOf(locations);
        if (locations.isEmpty()) {
            throw new IllegalArgumentException("feature [" + feature + "] declares no migration locations");
        }
    }

    String historyTable() {
        return "ssogate_history_" + feature;
    }
}
