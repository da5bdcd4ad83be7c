package dev.sockit.plugin.tcp;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What chargen and daytime send, and when the read deadline sweeps, without a socket. */
class ConnectionHandlerTextTest {

    @Test
    void chargen_lines_are_72_printable_characters_and_CRLF_each_starting_one_character_later() {
        String text = new String(ChargenHandler.lines(3), StandardCharsets.US_ASCII);
        assertEquals(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg\r\n"
                + "!\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefgh\r\n"
                + "\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghi\r\n", text);
    }

    @Test
    void chargen_repeats_after_95_distinct_lines_and_wraps_from_tilde_to_space() {
        byte[] text = ChargenHandler.lines(ChargenHandler.CYCLE_LINES + 1);
        int line = ChargenHandler.LINE_LENGTH + 2;
        Set<String> distinct = new HashSet<>();
        for (int i = 0; i < ChargenHandler.CYCLE_LINES; i++) {
            distinct.add(new String(text, i * line, line, StandardCharsets.US_ASCII));
        }
        assertEquals(95, distinct.size());
        assertArrayEquals(Arrays.copyOfRange(text, 0, line),
                Arrays.copyOfRange(text, ChargenHandler.CYCLE_BYTES, ChargenHandler.CYCLE_BYTES + line));
        String last = new String(text, 94 * line, line, StandardCharsets.US_ASCII);
        assertTrue(last.startsWith("~ !\"#"), last);
        for (byte b : text) {
            assertTrue(b == '\r' || b == '\n' || (b >= 32 && b <= 126), "byte " + b);
        }
    }

    @Test
    void daytime_writes_the_weekday_month_day_year_and_time_in_UTC_with_CRLF() {
        assertEquals("Tuesday, November 24, 2026 13:55:51-UTC\r\n",
                DaytimeHandler.line(Instant.parse("2026-11-24T13:55:51Z")));
        assertEquals("Sunday, March 1, 2026 00:00:05-UTC\r\n",
                DaytimeHandler.line(Instant.parse("2026-03-01T00:00:05.999Z")));
    }

    @Test
    void the_read_deadline_sweeps_four_times_per_timeout_between_10ms_and_1s() {
        assertEquals(75, ReadDeadline.sweepInterval(Duration.ofMillis(300)));
        assertEquals(10, ReadDeadline.sweepInterval(Duration.ofMillis(1)));
        assertEquals(1000, ReadDeadline.sweepInterval(Duration.ofMinutes(5)));
        assertFalse(ReadDeadline.sweepInterval(Duration.ofSeconds(2)) > 500);
    }
}
