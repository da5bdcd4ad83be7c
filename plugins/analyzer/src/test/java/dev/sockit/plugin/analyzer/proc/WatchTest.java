package dev.sockit.plugin.analyzer.proc;

import dev.sockit.api.ConfigException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link Watch} on this host while the test makes TIME_WAIT sockets on loopback. */
@Timeout(60)
class WatchTest {

    /** Connections the generator makes at most: few enough to leave the ephemeral port range alone. */
    private static final int MAX_CONNECTIONS = 300;

    @Test
    void sees_time_wait_sockets_made_between_two_samples() throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux procfs (/proc/net/tcp)");
        Watch watch = new Watch(new LiveHost(), 2, Duration.ofMillis(200));
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService executor = Executors.newSingleThreadExecutor();
        try (ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.INET)) {
            InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
            server.bind(new InetSocketAddress(loopback, 0), 64);
            InetSocketAddress target = (InetSocketAddress) server.getLocalAddress();
            Future<Integer> made = executor.submit(() -> timeWaits(server, target, stop));
            List<Watch.Interval> intervals = new ArrayList<>();

            watch.run(intervals::add);
            stop.set(true);
            int connections = made.get(10, TimeUnit.SECONDS);

            assertTrue(connections > 0);
            assertEquals(1, intervals.size());
            Watch.Interval interval = intervals.get(0);
            assertEquals(1, interval.index());
            assertTrue(interval.seconds() >= 0.2, () -> "seconds " + interval.seconds());
            assertTrue(interval.newTimeWait() > 0, interval::toString);
            assertTrue(interval.newTimeWaitPerSecond() > 0, interval::toString);
            assertTrue(interval.timeWait() > 0, interval::toString);
            assertTrue(interval.tcpStates().getOrDefault("LISTEN", 0L) > 0, interval::toString);
            assertTrue(interval.counterDeltas().getOrDefault("Tcp.ActiveOpens", 0L) > 0, interval::toString);
            assertTrue(interval.counterRates().getOrDefault("Tcp.PassiveOpens", 0.0) > 0, interval::toString);
        } finally {
            stop.set(true);
            executor.shutdownNow();
            assertTrue(executor.awaitTermination(10, TimeUnit.SECONDS));
        }
    }

    @Test
    void counts_time_wait_entered_as_the_change_plus_those_that_left() {
        Watch.Sample from = new Watch.Sample(1_000, 0, Map.of("TIME_WAIT", 10L), Map.of(),
                Map.of("TcpExt.TW", 100L, "TcpExt.TWKilled", 5L, "Tcp.RetransSegs", 7L));
        Watch.Sample to = new Watch.Sample(3_000, 2_000_000_000L, Map.of("TIME_WAIT", 4L), Map.of(),
                Map.of("TcpExt.TW", 110L, "TcpExt.TWKilled", 6L, "Tcp.RetransSegs", 3L));

        Watch.Interval interval = Watch.interval(1, from, to);

        assertEquals(2.0, interval.seconds());
        assertEquals(-6, interval.timeWaitDelta());
        assertEquals(5, interval.newTimeWait());
        assertEquals(2.5, interval.newTimeWaitPerSecond());
        assertEquals(0, interval.counterDeltas().get("Tcp.RetransSegs"), "a counter that went down counts 0");
        assertEquals(5.0, interval.counterRates().get("TcpExt.TW"));
        assertEquals(Map.of("TIME_WAIT", 4L), interval.tcpStates());
    }

    @Test
    void rejects_more_samples_or_shorter_intervals_than_it_allows() {
        LiveHost host = new LiveHost();
        assertEquals("samples: 3601 (expected: 2-3600)",
                assertThrows(ConfigException.class, () -> new Watch(host, 3601, Duration.ofSeconds(1))).getMessage());
        assertThrows(ConfigException.class, () -> new Watch(host, 1, Duration.ofSeconds(1)));
        assertThrows(ConfigException.class, () -> new Watch(host, 2, Duration.ofMillis(99)));
    }

    /** Connects and closes client-first until told to stop: at most {@link #MAX_CONNECTIONS}, 5 s. */
    private static int timeWaits(ServerSocketChannel server, InetSocketAddress target, AtomicBoolean stop)
            throws IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        int n = 0;
        while (!stop.get() && n < MAX_CONNECTIONS && System.nanoTime() < deadline) {
            SocketChannel client = SocketChannel.open(StandardProtocolFamily.INET);
            try (SocketChannel accepted = acceptAfter(client, server, target)) {
                client.close();
                accepted.socket().setSoTimeout(5000);
                accepted.socket().getInputStream().read();
            }
            n++;
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(3));
        }
        return n;
    }

    private static SocketChannel acceptAfter(SocketChannel client, ServerSocketChannel server,
                                             InetSocketAddress target) throws IOException {
        try {
            client.connect(target);
            return server.accept();
        } catch (IOException e) {
            client.close();
            throw e;
        }
    }
}
