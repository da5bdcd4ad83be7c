package dev.sockit.net;

import org.junit.jupiter.api.Test;

import java.nio.ByteOrder;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The address cache of the /proc tables: right text for either byte order, and a size that follows the misses. */
class ProcAddressesTest {

    private static String dotted(int net) {
        return (net >>> 24) + "." + (net >>> 16 & 0xFF) + "." + (net >>> 8 & 0xFF) + "." + (net & 0xFF);
    }

    @Test
    void a_table_of_one_address_keeps_the_small_cache_and_hands_out_one_string() {
        ProcAddresses addresses = new ProcAddresses(ByteOrder.LITTLE_ENDIAN);
        String first = addresses.v4(0x0100007F);
        assertEquals("127.0.0.1", first);
        for (int i = 0; i < 100_000; i++) {
            assertSame(first, addresses.v4(0x0100007F));
        }
        assertEquals(256, addresses.v4Slots());
        assertEquals("127.0.0.1", new ProcAddresses(ByteOrder.BIG_ENDIAN).v4(0x7F000001));
    }

    @Test
    void thousands_of_peers_grow_the_cache_to_its_bound_and_every_text_stays_right() {
        ProcAddresses addresses = new ProcAddresses(ByteOrder.LITTLE_ENDIAN);
        Random random = new Random(13);
        int[] peers = new int[5000];
        for (int i = 0; i < peers.length; i++) {
            peers[i] = 0x0A000000 | random.nextInt(1 << 24);
        }
        int misses = 0;
        String[] last = new String[peers.length];
        for (int round = 0; round < 40; round++) {
            for (int i = 0; i < peers.length; i++) {
                int k = random.nextInt(peers.length);
                String text = addresses.v4(Integer.reverseBytes(peers[k]));
                assertEquals(dotted(peers[k]), text);
                if (round == 39 && text != last[k]) {
                    misses++;
                }
                last[k] = text;
            }
        }
        assertEquals(16_384, addresses.v4Slots(), "grew while more than a quarter of the lookups missed");
        // 5,000 keys in 16,384 direct-mapped slots: about one lookup in seven finds its slot taken by another
        assertEquals(0.14, misses / 5000.0, 0.06, "misses in the last round");
    }
}
