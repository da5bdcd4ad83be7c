package dev.sockit.api;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UnitsTest {

    @Test
    void parses_every_duration_unit() {
        assertEquals(Duration.ofMillis(250), Units.parseDuration("250ms"));
        assertEquals(Duration.ofSeconds(10), Units.parseDuration("10s"));
        assertEquals(Duration.ofMinutes(5), Units.parseDuration(" 5m "));
        assertEquals(Duration.ofHours(1), Units.parseDuration("1H"));
        assertEquals(Duration.ofDays(2), Units.parseDuration("2d"));
    }

    @Test
    void parses_every_size_unit() {
        assertEquals(512, Units.parseSize("512"));
        assertEquals(512, Units.parseSize("512B"));
        assertEquals(64 * 1024, Units.parseSize("64KiB"));
        assertEquals(1L << 20, Units.parseSize("1MiB"));
        assertEquals(1L << 30, Units.parseSize("1GiB"));
        assertEquals(2_000, Units.parseSize("2kB"));
        assertEquals(3_000_000, Units.parseSize("3MB"));
        assertEquals(4_000_000_000L, Units.parseSize("4GB"));
    }

    @Test
    void formats_a_duration_far_beyond_a_long_of_milliseconds() {
        Duration huge = Units.parseDuration("9999999999999d");

        assertEquals("239999999999976h", Units.format(huge));
    }

    @Test
    void formats_durations_in_the_largest_whole_unit_up_to_hours() {
        assertEquals("0s", Units.format(Duration.ZERO));
        assertEquals("250ms", Units.format(Duration.ofMillis(250)));
        assertEquals("1500ms", Units.format(Duration.ofMillis(1500)));
        assertEquals("61050ms", Units.format(Duration.ofMillis(61_050)));
        assertEquals("90s", Units.format(Duration.ofSeconds(90)));
        assertEquals("5m", Units.format(Duration.ofMinutes(5)));
        assertEquals("48h", Units.format(Duration.ofDays(2)));
    }

    @Test
    void refuses_a_duration_that_no_duration_can_hold() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Units.parseDuration("999999999999999999d"));

        assertEquals("'999999999999999999d' is too long a duration", e.getMessage());
    }

    @Test
    void refuses_more_digits_than_a_long_holds_quoting_at_most_80_characters() {
        String digits = "9".repeat(100_000);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Units.parseDuration(digits + "s"));

        assertEquals("'" + "9".repeat(80) + "...' (100001 characters) has too many digits (expected: a number"
                + " with a unit: 250ms, 10s, 5m, 1h)", e.getMessage());
    }

    @Test
    void refuses_a_size_above_a_long() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Units.parseSize("9999999999GiB"));

        assertEquals("'9999999999GiB' is too large a size", e.getMessage());
    }

    @Test
    void names_an_unknown_unit_escaped() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Units.parseDuration("10\u001b[31m"));

        assertEquals("'10\\u001b[31m' has an unknown unit '[31m' (expected: a number with a unit: 250ms, 10s,"
                + " 5m, 1h)", e.getMessage());
    }

    @Test
    void quotes_short_values_whole_and_long_ones_cut_with_their_length() {
        assertEquals("'abc'", Checks.quote("abc"));
        assertEquals("null", Checks.quote(null));
        assertEquals("'" + "x".repeat(80) + "'", Checks.quote("x".repeat(80)));
        assertEquals("'" + "x".repeat(80) + "...' (81 characters)", Checks.quote("x".repeat(81)));
        assertEquals("'a\\u0000b'", Checks.quote("a\0b"));
    }

    @Test
    void checks_a_duration_range_with_a_message_that_never_overflows() {
        ConfigException e = assertThrows(ConfigException.class, () -> Checks.inRangeOrNull(
                Units.parseDuration("9999999999999d"), Duration.ZERO, Duration.ofHours(1), "shutdownTimeout"));

        assertEquals("shutdownTimeout: 239999999999976h (expected: 0s-1h)", e.getMessage());
    }

    @Test
    void a_fraction_is_refused_with_the_whole_number_to_write_instead() {
        IllegalArgumentException size = assertThrows(IllegalArgumentException.class, () -> Units.parseSize("1.5MiB"));
        IllegalArgumentException duration = assertThrows(IllegalArgumentException.class,
                () -> Units.parseDuration("0.25s"));

        assertTrue(size.getMessage().startsWith("'1.5MiB' has a fraction (expected: a whole number with a unit,"
                + " such as 1536KiB for 1.5MiB"), size.getMessage());
        assertTrue(duration.getMessage().startsWith("'0.25s' has a fraction"), duration.getMessage());
    }
}
