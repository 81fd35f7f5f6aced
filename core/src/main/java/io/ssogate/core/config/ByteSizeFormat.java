package io.ssogate.core.config;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Sizes in bytes, written as a plain number of bytes or a whole number and a unit. Binary units (KiB, MiB,
 * GiB, TiB: powers of 1024) and decimal units (kB, MB, GB, TB: powers of 1000, IEC 80000-13) mean what
 * they say; {@code KB} is read as 1000 bytes like {@code kB}.
 */
public final class ByteSizeFormat {

    public static final String EXPECTED = "a size in bytes or with a unit: 1048576, 100MiB, 1GiB or 50MB";

    private static final Pattern SYNTAX = Pattern.compile("(\\d{1,19})\\s*([A-Za-z]*)");

    private static final Map<String, Long> UNITS = Map.ofEntries(
            Map.entry("", 1L), Map.entry("B", 1L),
            Map.entry("kB", 1_000L), Map.entry("KB", 1_000L),
            Map.entry("MB", 1_000_000L), Map.entry("GB", 1_000_000_000L), Map.entry("TB", 1_000_000_000_000L),
            Map.entry("KiB", 1L << 10), Map.entry("MiB", 1L << 20), Map.entry("GiB", 1L << 30),
            Map.entry("TiB", 1L << 40));

    private ByteSizeFormat() {
    }

    /**
     * @throws IllegalArgumentException with a message that does not repeat the text
     */
    public static long parse(String text) {
        Matcher m = SYNTAX.matcher(text == null ? "" : text.strip());
        if (!m.matches()) {
            throw new IllegalArgumentException("not " + EXPECTED);
        }
        Long unit = UNITS.get(m.group(2));
        if (unit == null) {
            throw new IllegalArgumentException("unknown size unit; use B, kB, MB, GB, TB, KiB, MiB, GiB or TiB");
        }
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), unit);
        } catch (ArithmeticException | NumberFormatException tooLarge) {
            throw new IllegalArgumentException("size is too large");
        }
    }

    /** The text {@link #parse} reads back as the same size, in the largest binary or decimal unit that fits. */
    public static String format(long bytes) {
        if (bytes == 0) {
            return "0";
        }
        String[] binary = {"TiB", "GiB", "MiB", "KiB"};
        String[] decimal = {"TB", "GB", "MB", "kB"};
        for (String unit : binary) {
            if (bytes % UNITS.get(unit) == 0) {
                return bytes / UNITS.get(unit) + unit;
            }
        }
        for (String unit : decimal) {
            if (bytes % UNITS.get(unit) == 0) {
                return bytes / UNITS.get(unit) + unit;
            }
        }
        return Long.toString(bytes);
    }
}
