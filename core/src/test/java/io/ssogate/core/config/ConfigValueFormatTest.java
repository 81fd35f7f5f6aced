package io.ssogate.core.config;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The duration and size syntax, and that formatting is the inverse of parsing. */
class ConfigValueFormatTest {

    @ParameterizedTest
    @CsvSource({"250ms, 250, 250ms", "5s, 5000, 5s", "2m, 120000, 2m", "1h, 3600000, 1h", "90s, 90000, 90s",
            "120s, 120000, 2m", "0s, 0, 0s", "' 5 s ', 5000, 5s"})
    void durationsParseAndFormatBack(String text, long millis, String formatted) {
        assertEquals(Duration.ofMillis(millis), DurationFormat.parse(text));
        assertEquals(formatted, DurationFormat.format(Duration.ofMillis(millis)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "5", "5 sec", "-5s", "1.5s", "PT5S", "5S", "1d"})
    void durationsOutsideTheSyntaxAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> DurationFormat.parse(text));
    }

    @ParameterizedTest
    @CsvSource({"0, 0, 0", "1048576, 1048576, 1MiB", "100MiB, 104857600, 100MiB", "1GiB, 1073741824, 1GiB",
            "50MB, 50000000, 50MB", "1kB, 1000, 1kB", "1KB, 1000, 1kB", "512B, 512, 512", "3KiB, 3072, 3KiB",
            "1500, 1500, 1500"})
    void sizesParseAndFormatBack(String text, long bytes, String formatted) {
        assertEquals(bytes, ByteSizeFormat.parse(text));
        assertEquals(formatted, ByteSizeFormat.format(bytes));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "lots", "-1", "1.5GiB", "10mib", "99999999999TiB", "99999999999999999999"})
    void sizesOutsideTheSyntaxAreRefused(String text) {
        assertThrows(IllegalArgumentException.class, () -> ByteSizeFormat.parse(text));
    }
}
