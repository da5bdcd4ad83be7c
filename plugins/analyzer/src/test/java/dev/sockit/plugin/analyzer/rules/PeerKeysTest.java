package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.proc.ProcNetTcpParser;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The packed keys of the heavy-hitter tables: two strings get one code only when they are equal, so a table that
 * compares codes counts exactly what it counted comparing strings; and the median selection of a purge.
 */
class PeerKeysTest {

    private static int kind(long code) {
        return (int) (code >>> 32);
    }

    @Test
    void ipv4_addresses_and_decimal_numbers_pack_their_value_and_anything_else_is_text() {
        assertEquals((long) PeerKeys.KIND_IPV4 << 32 | 0x0A000001L, PeerKeys.code("10.0.0.1"));
        assertEquals((long) PeerKeys.KIND_IPV4 << 32 | 0xFFFFFFFFL, PeerKeys.code("255.255.255.255"));
        assertEquals((long) PeerKeys.KIND_IPV4 << 32, PeerKeys.code("0.0.0.0"));
        assertEquals((long) PeerKeys.KIND_DECIMAL << 32 | 4242, PeerKeys.code("4242"));
        assertEquals((long) PeerKeys.KIND_DECIMAL << 32 | 0xFFFFFFFFL, PeerKeys.code("-1"), "the unknown pid");
        assertEquals(0, PeerKeys.code(null));
        // not canonical, out of range or not numbers at all: compared as strings
        for (String text : List.of("010.0.0.1", "10.0.0", "10.0.0.1.", "256.0.0.1", "1.2.3.4.5", "::1", "*",
                "fe80::1%lo", "::ffff:10.0.0.1", "007", "-0", "-", "", "2147483648", "99999999999", "1234a",
                "host.example.org", "[::]")) {
            assertEquals(PeerKeys.KIND_TEXT, kind(PeerKeys.code(text)), text);
            assertEquals((long) PeerKeys.KIND_TEXT << 32, PeerKeys.code(text), text + ": no value bits");
        }
        assertEquals(PeerKeys.KIND_DECIMAL, kind(PeerKeys.code("2147483647")));
        assertEquals(PeerKeys.KIND_DECIMAL, kind(PeerKeys.code("-2147483648")));
        assertEquals(PeerKeys.KIND_DECIMAL, kind(PeerKeys.code("0")));
    }

    @Test
    void the_codes_proc_net_tcp_packs_from_its_hex_words_are_those_of_the_text_it_spells() throws IOException {
        String table = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout"
                + " inode\n"
                + "   0: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000  1000        0 1 1 0\n"
                + "   1: 0A02A8C0:C350 FFFFFFFF:01BB 01 00000000:00000000 00:00000000 00000000  1000        0 2 1 0\n"
                + "   2: 0100000A:8000 0202000A:0050 06 00000000:00000000 03:00000000 00000000     0        0 0 1 0\n";
        for (ByteOrder order : List.of(ByteOrder.LITTLE_ENDIAN, ByteOrder.BIG_ENDIAN)) {
            List<long[]> codes = new ArrayList<>();
            List<String[]> texts = new ArrayList<>();
            new ProcNetTcpParser(order).parse(new ByteArrayInputStream(table.getBytes(StandardCharsets.US_ASCII)),
                    row -> {
                        codes.add(new long[] {row.localCode, row.remoteCode});
                        texts.add(new String[] {row.localAddress, row.remoteAddress});
                    }, new HostFacts(), new ParseReport());
            assertEquals(3, codes.size(), order.toString());
            for (int i = 0; i < codes.size(); i++) {
                assertEquals(PeerKeys.code(texts.get(i)[0]), codes.get(i)[0], order + " " + texts.get(i)[0]);
                assertEquals(PeerKeys.code(texts.get(i)[1]), codes.get(i)[1], order + " " + texts.get(i)[1]);
            }
            if (order == ByteOrder.LITTLE_ENDIAN) {
                assertEquals("127.0.0.1", texts.get(0)[0]);
                assertEquals("192.168.2.10", texts.get(1)[0]);
                assertEquals("255.255.255.255", texts.get(1)[1]);
            }
        }
        // an IPv6 row leaves the codes to the tables: the text is all they key on
        String tcp6 = "  sl  local_address                         remote_address                        st tx_queue"
                + " rx_queue tr tm->when retrnsmt   uid  timeout inode\n"
                + "   0: 0000000000000000FFFF00000100007F:4C2F 00000000000000000000000000000000:0000 0A"
                + " 00000000:00000000 00:00000000 00000000     0        0 7 1 0\n";
        List<long[]> codes = new ArrayList<>();
        new ProcNetTcpParser().parse(new ByteArrayInputStream(tcp6.getBytes(StandardCharsets.US_ASCII)),
                row -> codes.add(new long[] {row.localCode, row.remoteCode}), new HostFacts(), new ParseReport());
        assertEquals(1, codes.size());
        assertEquals(0, codes.get(0)[0]);
        assertEquals(0, codes.get(0)[1]);
    }

    @Test
    void two_strings_share_a_code_only_when_they_are_equal() {
        Random random = new Random(5);
        Map<Long, String> seen = new HashMap<>();
        for (int i = 0; i < 200_000; i++) {
            String s;
            switch (random.nextInt(4)) {
                case 0:
                    s = random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(300) + "."
                            + random.nextInt(256);
                    break;
                case 1:
                    s = Long.toString(random.nextLong() >> random.nextInt(64));
                    break;
                case 2:
                    s = "0" + random.nextInt(1000);
                    break;
                default:
                    s = Integer.toHexString(random.nextInt()) + ":" + random.nextInt(10);
                    break;
            }
            long code = PeerKeys.code(s);
            assertEquals(code, PeerKeys.code(new String(s)), "equal strings, one code: " + s);
            if (kind(code) == PeerKeys.KIND_TEXT) {
                continue;
            }
            String before = seen.putIfAbsent(code, s);
            assertTrue(before == null || before.equals(s), before + " and " + s + " share " + code);
        }
        // the same 32 bits as an address and as a number stay apart
        assertNotEquals(PeerKeys.code("10.0.0.1"), PeerKeys.code(Long.toString(0x0A000001L)));
    }

    @Test
    void a_table_keeps_apart_peers_whose_packed_values_agree_but_whose_kinds_or_texts_differ() {
        TopPeers peers = new TopPeers(16);
        peers.add(null, "10.0.0.1", 80, 1);
        peers.add(null, "167772161", 80, 2);
        peers.add(null, "010.0.0.1", 80, 3);
        peers.add(null, "fe80::1", 80, 4);
        peers.add(null, "fe80::2", 80, 5);
        peers.add("-1", "10.0.0.1", 80, 6);
        peers.add("4294967295", "10.0.0.1", 80, 7);
        peers.add(null, new String("10.0.0.1"), 80, 10);
        assertEquals(11, peers.count(null, "10.0.0.1", 80), "an equal string that is another object: one peer");
        assertEquals(2, peers.count(null, "167772161", 80));
        assertEquals(3, peers.count(null, "010.0.0.1", 80));
        assertEquals(4, peers.count(null, "fe80::1", 80));
        assertEquals(5, peers.count(null, new String("fe80::2"), 80));
        assertEquals(6, peers.count("-1", "10.0.0.1", 80));
        assertEquals(7, peers.count("4294967295", "10.0.0.1", 80));
        assertEquals(0, peers.count(null, "fe80::3", 80));
        assertEquals(7, peers.size());
    }

    @Test
    void the_row_codes_follow_the_rows_and_tell_the_loopback() {
        PeerKeys keys = new PeerKeys();
        SocketRow row = new SocketRow();
        row.localAddress = "127.0.0.1";
        row.remoteAddress = "127.0.0.53";
        keys.of(row);
        assertTrue(keys.loopback());
        assertEquals(PeerKeys.code("127.0.0.53"), keys.remote());
        row.remoteAddress = "10.1.2.3";
        keys.of(row);
        assertFalse(keys.loopback());
        assertEquals(PeerKeys.code("10.1.2.3"), keys.remote());
        assertEquals(PeerKeys.code("127.0.0.1"), keys.local());
        row.localAddress = "::1";
        row.remoteAddress = "::ffff:127.0.0.1";
        keys.of(row);
        assertTrue(keys.loopback(), "text addresses fall back to the string test");
        row.localAddress = null;
        keys.of(row);
        assertFalse(keys.loopback());
    }

    @Test
    void selection_finds_what_sorting_puts_at_the_index() {
        Random random = new Random(11);
        for (int t = 0; t < 20_000; t++) {
            int k = 1 + random.nextInt(t % 2 == 0 ? 9 : 2_000);
            long[] values = new long[k + random.nextInt(3)];
            int range = 1 + random.nextInt(t % 3 == 0 ? 3 : 1_000);
            for (int i = 0; i < values.length; i++) {
                values[i] = 1 + random.nextInt(range);
            }
            long[] sorted = Arrays.copyOf(values, k);
            Arrays.sort(sorted);
            int n = t % 4 == 0 ? random.nextInt(k) : (k - 1) / 2;
            assertEquals(sorted[n], TopPeers.select(values, k, n), "k " + k + ", index " + n);
        }
    }

    @Test
    void two_port_tables_read_as_their_sum_in_key_order() {
        PortCounts withPid = new PortCounts();
        PortCounts noPid = new PortCounts();
        withPid.add(1, 443);
        withPid.add(1, 443);
        noPid.add(1, 443);
        noPid.add(1, 80);
        withPid.add(8, 65_535);
        noPid.add(3, 0);
        StringBuilder seen = new StringBuilder();
        PortCounts.forEachSum(withPid, noPid, (key, count) ->
                seen.append(key >>> 16).append(':').append(key & 0xFFFF).append('=').append(count).append(' '));
        assertEquals("1:80=1 1:443=3 3:0=1 8:65535=1 ", seen.toString());
    }
}
