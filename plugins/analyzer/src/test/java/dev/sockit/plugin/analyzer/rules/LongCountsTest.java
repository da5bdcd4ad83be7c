package dev.sockit.plugin.analyzer.rules;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The open-addressing counts the rules aggregate with. */
class LongCountsTest {

    @Test
    void keys_that_differ_only_in_their_high_bits_spread_over_the_table() {
        // (state, port, pid) keys of a /proc table: no pid (all ones below bit 40), ports above it
        Set<Integer> homes = new HashSet<>();
        for (long port = 1; port <= 1000; port++) {
            homes.add(LongCounts.home(1L << 56 | port << 40 | 0xFFFFFFFFFFL, 2048));
        }
        assertTrue(homes.size() > 600, "1000 keys over 2048 slots reach " + homes.size() + " distinct first slots");
    }

    @Test
    void counts_every_key_it_has_room_for_and_the_rest_as_dropped() {
        LongCounts counts = new LongCounts(100);
        for (long k = 0; k < 150; k++) {
            counts.add(k << 40, 2);
        }
        assertEquals(100, counts.size());
        assertEquals(100, counts.dropped());
        assertEquals(2, counts.get(99L << 40));
        assertEquals(0, counts.get(120L << 40));
    }
}
