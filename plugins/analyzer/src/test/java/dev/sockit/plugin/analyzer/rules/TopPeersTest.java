package dev.sockit.plugin.analyzer.rules;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The bounded tables: exact while they have room, bounded and still right for the heavy ones when they do not. */
class TopPeersTest {

    @Test
    void the_first_n_are_those_a_full_sort_by_count_remote_and_port_puts_first() {
        java.util.Random random = new java.util.Random(21);
        for (int trial = 0; trial < 50; trial++) {
            TopPeers peers = new TopPeers(256);
            java.util.Map<String, Long> counts = new java.util.HashMap<>();
            for (int i = 0; i < 400; i++) {
                // few distinct counts and ports, IPv4 and text remotes: many ties to break
                String remote = random.nextBoolean() ? "10.0.0." + random.nextInt(40) : "host-" + random.nextInt(40);
                int port = random.nextInt(3) - 1;
                long delta = 1 + random.nextInt(2);
                peers.add(null, remote, port, delta);
                counts.merge(remote + " " + port, delta, Long::sum);
            }
            List<String> expected = counts.entrySet().stream()
                    .sorted(java.util.Comparator.comparing((java.util.Map.Entry<String, Long> e) -> -e.getValue())
                            .thenComparing(e -> e.getKey().substring(0, e.getKey().indexOf(' ')))
                            .thenComparingInt(e -> Integer.parseInt(e.getKey().substring(e.getKey().indexOf(' ') + 1))))
                    .map(e -> e.getKey() + " " + e.getValue()).toList();
            for (int n : new int[] {0, 1, 5, 17, counts.size(), counts.size() + 3}) {
                List<String> top = peers.top(n).stream().map(p -> p.remote() + " " + p.port() + " " + p.count())
                        .toList();
                assertEquals(expected.subList(0, Math.min(n, expected.size())), top, "trial " + trial + ", n " + n);
            }
        }
    }

    @Test
    void counts_exactly_while_there_is_room() {
        TopPeers peers = new TopPeers(4);
        for (int i = 0; i < 10; i++) {
            peers.add(null, "10.0.0.1", 80, 1);
        }
        peers.add(null, "10.0.0.1", 443, 3);
        peers.add("127.0.0.1", "10.0.0.1", 80, 2);
        assertEquals(List.of(new TopPeers.Peer(null, "10.0.0.1", 80, 10, 0),
                new TopPeers.Peer(null, "10.0.0.1", 443, 3, 0),
                new TopPeers.Peer("127.0.0.1", "10.0.0.1", 80, 2, 0)), peers.top(5));
        assertEquals(15, peers.total());
        assertEquals(10, peers.count(null, "10.0.0.1", 80));
        assertEquals(0, peers.count(null, "10.0.0.2", 80));
    }

    @Test
    void a_full_table_drops_the_light_half_and_keeps_a_heavy_hitter_with_its_error_bound() {
        TopPeers peers = new TopPeers(8);
        long heavy = 0;
        for (int i = 0; i < 10_000; i++) {
            if (i % 4 == 0) {
                peers.add(null, "heavy", -1, 1, 1);
                heavy++;
            } else {
                peers.add(null, "light" + i, -1, 1);
            }
            assertTrue(peers.size() <= 8, "bounded: " + peers.size());
        }
        TopPeers.Peer top = peers.top(1).get(0);
        assertEquals("heavy", top.remote());
        assertTrue(top.guaranteed() <= heavy && heavy <= top.count(), top + " vs " + heavy);
        // every batch takes its median off at least half the table: the error is at most 2 total / capacity
        assertTrue(top.error() > 0 && top.error() <= 2 * 10_000 / 8, top.toString());
        assertEquals(heavy, peers.marked(null, "heavy", -1), "marks are counted whole while the peer is kept");
        assertEquals(10_000, peers.total());
    }

    @Test
    void the_median_batch_keeps_the_heavy_peers_exact_relative_to_each_other() {
        TopPeers peers = new TopPeers(4);
        // 3 heavy peers, then a stream of distinct light ones that forces purge after purge
        for (int i = 0; i < 100; i++) {
            peers.add(null, "a", 1, 3);
            peers.add(null, "b", 1, 2);
            peers.add(null, "c", 1, 1);
        }
        for (int i = 0; i < 50; i++) {
            peers.add(null, "x" + i, 1, 1);
        }
        List<TopPeers.Peer> top = peers.top(2);
        assertEquals("a", top.get(0).remote());
        assertEquals("b", top.get(1).remote());
        // the stored counts lost the same decrements: their difference is exact
        assertEquals(100, top.get(0).count() - top.get(1).count(), top.toString());
        assertEquals(0, peers.count(null, "x0", 1), "a light peer is dropped");
    }

    @Test
    void against_exact_counts_every_kept_count_brackets_the_truth_and_no_peer_above_the_error_is_lost() {
        java.util.Random random = new java.util.Random(7);
        for (int capacity : new int[] {16, 64, 256}) {
            TopPeers peers = new TopPeers(capacity);
            java.util.Map<String, Long> exact = new java.util.HashMap<>();
            for (int i = 0; i < 50_000; i++) {
                // a skewed stream: a few heavy peers, many light ones, some with a local part
                int r = random.nextInt(100);
                String remote = r < 30 ? "heavy" + random.nextInt(4) : "light" + random.nextInt(5_000);
                String local = r % 7 == 0 ? "10.0.0.1" : null;
                int port = random.nextInt(3) - 1;
                peers.add(local, remote, port, 1);
                exact.merge(local + "|" + remote + "|" + port, 1L, Long::sum);
            }
            List<TopPeers.Peer> kept = peers.top(capacity);
            assertTrue(kept.size() <= capacity, "bounded");
            long error = kept.isEmpty() ? 0 : kept.get(0).error();
            assertTrue(error <= 2L * 50_000 / capacity, "error " + error + " at capacity " + capacity);
            java.util.Set<String> keptKeys = new java.util.HashSet<>();
            for (TopPeers.Peer p : kept) {
                String key = p.local() + "|" + p.remote() + "|" + p.port();
                keptKeys.add(key);
                long truth = exact.get(key);
                assertTrue(p.guaranteed() <= truth && truth <= p.count(), p + " vs " + truth);
            }
            exact.forEach((key, truth) -> assertTrue(truth <= error || keptKeys.contains(key),
                    key + " seen " + truth + " times, above the error " + error + ", was dropped"));
        }
    }

    @Test
    void a_local_part_or_a_mark_first_seen_late_keeps_the_earlier_peers_apart() {
        TopPeers peers = new TopPeers(64);
        for (int i = 0; i < 40; i++) {
            peers.add(null, "10.0.0." + i, 443, 1);
        }
        peers.add("127.0.0.1", "10.0.0.1", 443, 5, 2);
        peers.add(null, "10.0.0.1", 443, 1);
        assertEquals(2, peers.count(null, "10.0.0.1", 443));
        assertEquals(5, peers.count("127.0.0.1", "10.0.0.1", 443));
        assertEquals(2, peers.marked("127.0.0.1", "10.0.0.1", 443));
        assertEquals(0, peers.marked(null, "10.0.0.1", 443));
        assertEquals(new TopPeers.Peer("127.0.0.1", "10.0.0.1", 443, 5, 0), peers.top(1).get(0));
        TopPeers noPort = new TopPeers(2);
        noPort.add(null, "10.0.0.9", -1, 1);
        assertEquals(-1, noPort.top(1).get(0).port(), "port -1 (none) comes back as -1");
    }

    @Test
    void port_counts_are_exact_over_the_whole_port_range_and_ignore_a_port_outside_it() {
        PortCounts counts = new PortCounts();
        for (int port = 0; port <= 0xFFFF; port++) {
            counts.add(1, port);
        }
        counts.add(1, 443);
        counts.add(8, 443);
        counts.add(1, -1);
        counts.add(1, 70_000);
        assertEquals(65_537, counts.size());
        assertEquals(2, counts.get(1, 443));
        assertEquals(1, counts.get(8, 443));
        assertEquals(0, counts.get(2, 443));
        assertEquals(1, counts.get(1, 0xFFFF));
        long[] sum = {0};
        long[] last = {-1};
        counts.forEach((key, count) -> {
            assertTrue(key > last[0], "by state then port");
            last[0] = key;
            sum[0] += count;
        });
        assertEquals(65_536 + 2, sum[0]);
    }

    @Test
    void long_counts_stop_taking_keys_when_full_and_count_the_overflow() {
        LongCounts counts = new LongCounts(3);
        for (long k = 0; k < 5; k++) {
            counts.add(k * 1_000_003L, k + 1);
        }
        counts.add(0, 10);
        assertEquals(3, counts.size());
        assertEquals(11, counts.get(0));
        assertEquals(3, counts.get(2 * 1_000_003L));
        assertEquals(9, counts.dropped());
        long[] sum = {0};
        counts.forEach((k, v) -> sum[0] += v);
        assertEquals(11 + 2 + 3, sum[0]);
    }

    @Test
    void worst_rows_keep_the_highest_scores_in_order() {
        WorstRows worst = new WorstRows(3);
        SsLines ss = new SsLines(new SocketStats());
        long[] scores = {5, 1, 9, 7, 3, 9};
        for (long s : scores) {
            worst.offer(s, ss.read(dev.sockit.plugin.analyzer.model.Proto.TCP,
                    "ESTAB " + s + " 0 10.0.0.1:1 10.0.0.2:2"));
        }
        assertEquals(List.of(9L, 9L, 7L), worst.rows().stream().map(SampleRow::recvQ).toList());
    }
}
