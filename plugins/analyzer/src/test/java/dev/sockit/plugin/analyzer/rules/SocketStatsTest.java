package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Finding;
import dev.sockit.api.Severity;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The aggregate: what it counts, and that it stays small whatever the input. */
class SocketStatsTest {

    @Test
    void counts_per_protocol_state_port_and_keeps_listeners() {
        SocketStats stats = new SocketStats();
        new SsLines(stats)
                .tcp("LISTEN 0 4096 127.0.0.1:8080 0.0.0.0:* users:((\"java\",pid=4711,fd=12))")
                .tcp(3, "ESTAB 0 0 127.0.0.1:8080 127.0.0.1:%d users:((\"java\",pid=4711,fd=13))")
                .tcp("SYN-RECV 0 0 127.0.0.1:8080 127.0.0.1:9")
                .udp("UNCONN 0 0 [::]:5353 [::]:*");
        SocketRow syn = new SsLines(stats).read(Proto.TCP, "SYN-RECV 0 0 127.0.0.1:8080 127.0.0.1:10");
        syn.state = TcpState.NEW_SYN_RECV;
        stats.accept(syn);
        assertEquals(7, stats.rows());
        assertEquals(3, stats.count(Proto.TCP, TcpState.ESTABLISHED));
        assertEquals(2, stats.count(TcpState.SYN_RECV), "NEW_SYN_RECV counts as SYN_RECV");
        assertEquals(3, stats.count(TcpState.ESTABLISHED, 8080));
        assertEquals(Map.of("tcp", Map.of("ESTABLISHED", 3L, "SYN_RECV", 2L, "LISTEN", 1L),
                "udp", Map.of("UNCONN", 1L)), stats.states());
        assertEquals("java", stats.program(4711));
        List<Listener> listeners = stats.listeners();
        assertEquals(2, listeners.size());
        assertEquals(new Listener("tcp", "127.0.0.1", 8080, 0, 4096, 4711, "java", 1, false),
                listeners.get(0));
        assertTrue(listeners.get(1).wildcard());
        assertEquals(List.of(Map.of("address", "127.0.0.1", "count", 5L)), stats.topTalkers(5));
    }

    @Test
    void wildcard_and_loopback_addresses_are_recognised() {
        for (String a : List.of("*", "0.0.0.0", "::", "[::]")) {
            assertTrue(SocketStats.isWildcard(a), a);
        }
        assertFalse(SocketStats.isWildcard("127.0.0.1"));
        assertTrue(SocketStats.isLoopback("127.0.0.53"));
        assertTrue(SocketStats.isLoopback("::1"));
        assertTrue(SocketStats.isLoopback("::ffff:127.0.0.1"));
        assertFalse(SocketStats.isLoopback("10.0.0.1"));
    }

    /**
     * A million rows, each from another remote address and port, with three heavy hitters mixed in: the heap after
     * the million is what it was after the first hundred thousand, and the heavy hitters are the top three with
     * counts off by at most rows / capacity.
     */
    @Test
    void a_million_distinct_peers_keep_the_heap_flat_and_the_top_talkers_right() {
        SocketStats stats = new SocketStats();
        SocketRow row = new SocketRow();
        String[] heavy = {"203.0.113.1", "203.0.113.2", "203.0.113.3"};
        int[] every = {20, 35, 50};
        long[] expected = new long[3];
        int rows = 1_000_000;
        long heapAt100k = 0;
        long fullRecvQ = 0;
        long start = System.nanoTime();
        for (int i = 0; i < rows; i++) {
            row.reset();
            row.line = i + 1;
            row.proto = Proto.TCP;
            row.localAddress = "10.0.0.1";
            row.localPort = 8080;
            row.remoteAddress = "10." + (1 + (i >>> 16 & 0xFF)) + "." + (i >>> 8 & 0xFF) + "." + (i & 0xFF);
            row.remotePort = 1024 + i % 60000;
            for (int h = 0; h < heavy.length; h++) {
                if (i % every[h] == 0) {
                    row.remoteAddress = heavy[h];
                    expected[h]++;
                    break;
                }
            }
            row.state = i % 3 == 0 ? TcpState.TIME_WAIT : i % 7 == 0 ? TcpState.CLOSE_WAIT : TcpState.ESTABLISHED;
            row.recvQ = i % 11 == 0 ? 70_000 : 0;
            row.sendQ = 0;
            row.pid = 1000 + i % 50_000;
            row.program = "p" + (i % 50_000);
            stats.accept(row);
            if (row.state == TcpState.ESTABLISHED && row.recvQ > 0) {
                fullRecvQ++;
            }
            if (i == 100_000) {
                heapAt100k = usedHeap();
            }
        }
        long heapAt1m = usedHeap();
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(seconds < 60, "took " + seconds + " s");
        assertTrue(heapAt1m - heapAt100k < 16L << 20,
                "heap grew from " + heapAt100k + " to " + heapAt1m + " bytes between 100k and 1M rows");
        assertEquals(rows, stats.rows());
        List<Map<String, Object>> top = stats.topTalkers(3);
        long bound = rows / SocketStats.PEER_CAPACITY;
        for (int h = 0; h < heavy.length; h++) {
            assertEquals(heavy[h], top.get(h).get("address"), top::toString);
            long counted = (Long) top.get(h).get("count");
            assertTrue(counted >= expected[h] && counted - expected[h] <= bound,
                    heavy[h] + " counted " + counted + ", really " + expected[h]);
        }
        assertTrue(stats.talkers.size() <= SocketStats.PEER_CAPACITY);
        assertTrue(stats.destinations.size() <= SocketStats.PEER_CAPACITY);
        assertTrue(stats.statePid.size() <= SocketStats.MAX_KEYS);
        assertTrue(stats.recvQ.over > 0);
        List<Finding> findings = Rules.evaluate(stats, null, null);
        assertEquals(Severity.CRITICAL, findings.get(0).severity());
        long full = fullRecvQ;
        assertTrue(findings.stream().anyMatch(f -> f.code().equals(FindingCode.RECEIVE_BUFFER_FULL)
                && Rules.count(f) == full), () -> findings.get(0).toString());
    }

    private static long usedHeap() {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            least = Math.min(least, memory.getHeapMemoryUsage().getUsed());
        }
        return least;
    }
}
