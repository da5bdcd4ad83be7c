package dev.sockit.api;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Durations and sizes as the config writes them: parsed, formatted, and parsed back to the same value. */
class UnitsRoundTripTest {

    @ParameterizedTest
    @CsvSource({"250ms, 250", "10s, 10000", "5m, 300000", "1h, 3600000", "1d, 86400000", "0s, 0", "0ms, 0",
            "' 7s ', 7000", "10 s, 10000", "3S, 3000", "2H, 7200000"})
    void parses_each_duration_unit(String text, long millis) {
        assertEquals(Duration.ofMillis(millis), Units.parseDuration(text));
    }

    @ParameterizedTest
    @CsvSource({"250, 250ms", "1000, 1s", "1500, 1500ms", "60000, 1m", "90000, 90s", "3600000, 1h",
            "5400000, 90m", "86400000, 24h", "0, 0s"})
    void formats_a_duration_in_the_largest_unit_that_is_exact(long millis, String text) {
        assertEquals(text, Units.format(Duration.ofMillis(millis)));
    }

    @Test
    void every_whole_millisecond_duration_survives_format_then_parse() {
        Random random = new Random(9);
        for (int i = 0; i < 10_000; i++) {
            long millis = switch (i % 4) {
                case 0 -> random.nextInt(100_000);
                case 1 -> 1000L * random.nextInt(100_000);
                case 2 -> 60_000L * random.nextInt(10_000);
                default -> 3_600_000L * random.nextInt(10_000);
            };
            Duration d = Duration.ofMillis(millis);
            assertEquals(d, Units.parseDuration(Units.format(d)), () -> Units.format(d));
        }
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "512B, 512", "64KiB, 65536", "1MiB, 1048576", "1GiB, 1073741824", "1KB, 1000",
            "1kB, 1000", "2MB, 2000000", "3GB, 3000000000", "' 8 KiB ', 8192", "0, 0"})
    void parses_each_size_unit(String text, long bytes) {
        assertEquals(bytes, Units.parseSize(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "s", "ms", "-5s", "+5s", "1.5s", "5 sec", "5w", "5", "0x10s"})
    void refuses_what_is_not_a_duration_and_says_what_is(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseDuration(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' "), e.getMessage());
        assertTrue(e.getMessage().contains(Units.DURATION_FORMS) || e.getMessage().contains("too long"),
                e.getMessage());
    }

    @Test
    void names_the_unknown_duration_unit() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseDuration("5w"));
        assertEquals("'5w' has an unknown unit 'w' (expected: " + Units.DURATION_FORMS + ")", e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "KiB", "-1", "1.5MiB", "64kib", "64 k", "1TiB"})
    void refuses_what_is_not_a_size_and_says_what_is(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseSize(text));
        assertTrue(e.getMessage().startsWith("'" + text + "' "), e.getMessage());
        assertTrue(e.getMessage().contains(Units.SIZE_FORMS), e.getMessage());
    }

    @Test
    void an_amount_beyond_a_long_or_a_product_beyond_it_is_refused_not_wrapped() {
        IllegalArgumentException digits = assertThrows(IllegalArgumentException.class,
                () -> Units.parseSize("99999999999999999999"));
        assertTrue(digits.getMessage().contains("too many digits"), digits.getMessage());
        IllegalArgumentException product = assertThrows(IllegalArgumentException.class,
                () -> Units.parseSize("9223372036854775807GiB"));
        assertTrue(product.getMessage().contains("too large"), product.getMessage());
        IllegalArgumentException days = assertThrows(IllegalArgumentException.class,
                () -> Units.parseDuration("9223372036854775807d"));
        assertTrue(days.getMessage().contains("too long"), days.getMessage());
    }
}
