package io.ssogate.core.config;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Durations as operators write them: a whole number and a unit, {@code 250ms}, {@code 5s}, {@code 2m},
 * {@code 1h}. A bare number is rejected rather than guessed: Mattermost counts its timeouts in seconds and
 * Tomcat in milliseconds, so {@code 5} would be read wrongly by half of the people writing it.
 */
public final class DurationFormat {

    /** What every error message offers as a correct example. */
    public static final String EXPECTED = "a duration with a unit: 250ms, 5s, 2m or 1h";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h)");

    private DurationFormat() {
    }

    /**
     * @throws IllegalArgumentException with a message that does not repeat the text
     */
    public static Duration parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        Matcher m = SYNTAX.matcher(trimmed);
        if (!m.matches()) {
            if (trimmed.chars().allMatch(Character::isDigit) && !trimmed.isEmpty()) {
                throw new IllegalArgumentException("a duration needs a unit: 250ms, 5s, 2m or 1h");
            }
            throw new IllegalArgumentException("not " + EXPECTED);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofHours(amount);
        };
    }

    /**
     * The shortest text {@link #parse} reads back as the same duration, in the largest unit that divides it
     * exactly. Sub-millisecond parts are dropped: no setting here is that fine.
     */
    public static String format(Duration duration) {
        long millis = duration.toMillis();
        if (millis != 0 && millis % 3_600_000 == 0) {
            return millis / 3_600_000 + "h";
        }
        if (millis != 0 && millis % 60_000 == 0) {
            return millis / 60_000 + "m";
        }
        if (millis % 1_000 == 0) {
            return millis / 1_000 + "s";
        }
        return millis + "ms";
    }
}
