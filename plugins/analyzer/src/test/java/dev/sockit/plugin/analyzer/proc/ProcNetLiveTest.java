package dev.sockit.plugin.analyzer.proc;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.proc.ProcRows.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.InputStream;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.DatagramChannel;
import java.nio.channels.NetworkChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

import static dev.sockit.plugin.analyzer.proc.ProcRows.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Opens real sockets on loopback and finds exactly them, in the states and with the queues they are in, in this
 * host's {@code /proc/net/tcp}, {@code tcp6} and {@code udp}, and their inodes among this JVM's fds.
 */
@Timeout(60)
class ProcNetLiveTest {

    private static final int TIMEOUT_MS = 5000;
    private static final InetAddress LOOPBACK = loopback();

    private static long uid;

    @BeforeAll
    static void onLinux() throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/net/tcp")), "needs Linux procfs (/proc/net/tcp)");
        uid = ((Number) Files.getAttribute(Path.of("/proc/self"), "unix:uid")).longValue();
    }

    @Test
    void a_listener_that_never_accepts_shows_its_queued_connections() throws Exception {
        try (ServerSocketChannel server = listen(LOOPBACK, 8)) {
            int port = port(server);
            List<SocketChannel> clients = new ArrayList<>();
            try {
                for (int i = 0; i < 3; i++) {
                    clients.add(connect(port));
                }
                List<Row> rows = awaitTcp(rs -> where(rs, r -> r.localPort() == port && r.state().equals("LISTEN")
                        && r.recvQ() == 3).size() == 1 && where(rs, r -> r.onPort(port)).size() == 7);

                List<Row> ours = where(rows, r -> r.onPort(port));
                Row listener = where(ours, r -> r.state().equals("LISTEN")).get(0);
                assertEquals("127.0.0.1", listener.local());
                assertEquals(SocketRow.UNKNOWN, listener.sendQ());
                assertEquals(uid, listener.uid());
                assertTrue(listener.inode() > 0);
                for (SocketChannel client : clients) {
                    int clientPort = port(client);
                    List<Row> ends = where(ours, r -> r.localPort() == clientPort || r.remotePort() == clientPort);
                    assertEquals(2, ends.size(), ends::toString);
                    assertTrue(ends.stream().allMatch(r -> r.state().equals("ESTABLISHED")));
                    assertTrue(where(ends, r -> r.localPort() == clientPort).get(0).inode() > 0);
                    // Not accepted yet: the server's end has no file, so no inode.
                    assertEquals(0, where(ends, r -> r.localPort() == port).get(0).inode());
                }

                long pid = ProcessHandle.current().pid();
                List<Row> held = new ArrayList<>();
                new LiveHost().readSockets(LiveHost.Query.all().withPort(port).withPid(pid),
                        row -> held.add(Row.of(row)), new ParseReport());
                assertEquals(4, held.size(), held::toString);
                Row heldListener = where(held, r -> r.state().equals("LISTEN")).get(0);
                assertEquals(listener.inode(), heldListener.inode());
                assertEquals(pid, heldListener.pid());
                assertNotNull(heldListener.program());
                assertTrue(heldListener.fd() >= 0);
                assertTrue(held.stream().allMatch(r -> r.pid() == pid));
            } finally {
                for (SocketChannel client : clients) {
                    client.close();
                }
            }
        }
    }

    @Test
    void unread_bytes_show_in_recv_q_of_the_receiver() throws Exception {
        try (ServerSocketChannel server = listen(LOOPBACK, 8);
             SocketChannel client = connect(port(server));
             SocketChannel accepted = server.accept()) {
            assertEquals(1000, client.write(ByteBuffer.allocate(1000)));
            int port = port(client);
            List<Row> rows = awaitTcp(rs -> where(rs, r -> r.remotePort() == port && r.recvQ() == 1000).size() == 1);

            Row receiver = where(rows, r -> r.remotePort() == port).get(0);
            assertEquals(port(server), receiver.localPort());
            assertEquals("ESTABLISHED", receiver.state());
            assertTrue(receiver.inode() > 0);
            assertEquals(uid, receiver.uid());
            assertEquals(0, where(rows, r -> r.localPort() == port).get(0).recvQ());
            assertTrue(accepted.isConnected());
        }
    }

    @Test
    void a_server_that_does_not_close_after_its_peer_sits_in_close_wait() throws Exception {
        try (ServerSocketChannel server = listen(LOOPBACK, 8)) {
            SocketChannel client = connect(port(server));
            int clientPort = port(client);
            try (SocketChannel accepted = server.accept()) {
                client.close();
                List<Row> rows = awaitTcp(rs -> where(rs, r -> r.remotePort() == clientPort
                        && r.state().equals("CLOSE_WAIT")).size() == 1 && where(rs, r -> r.localPort() == clientPort
                        && r.state().equals("FIN_WAIT2")).size() == 1);

                Row closeWait = where(rows, r -> r.remotePort() == clientPort).get(0);
                assertEquals(port(server), closeWait.localPort());
                assertTrue(closeWait.inode() > 0);
                assertEquals(1, closeWait.recvQ(), "the peer's FIN takes one sequence number");
                Row finWait = where(rows, r -> r.localPort() == clientPort).get(0);
                assertEquals("FIN_WAIT2", finWait.state());
                assertTrue(accepted.isOpen());
            }
        }
    }

    @Test
    void short_connections_closed_by_the_client_first_leave_time_wait() throws Exception {
        try (ServerSocketChannel server = listen(LOOPBACK, 8)) {
            List<Integer> clientPorts = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                SocketChannel client = connect(port(server));
                clientPorts.add(port(client));
                try (SocketChannel accepted = server.accept()) {
                    client.close();
                    accepted.socket().setSoTimeout(TIMEOUT_MS);
                    assertEquals(-1, accepted.socket().getInputStream().read());
                }
            }
            int serverPort = port(server);
            List<Row> rows = awaitTcp(rs -> where(rs, r -> clientPorts.contains(r.localPort())
                    && r.remotePort() == serverPort && r.state().equals("TIME_WAIT")).size() == 3);

            for (Row tw : where(rows, r -> clientPorts.contains(r.localPort()))) {
                assertEquals("TIME_WAIT", tw.state());
                assertEquals("timewait", tw.timer());
                assertTrue(tw.timerMs() > 0 && tw.timerMs() <= 60_000, () -> "timer " + tw.timerMs());
                assertEquals(0, tw.inode());
            }
        }
    }

    @Test
    void an_ipv6_loopback_connection_shows_in_tcp6() throws Exception {
        InetAddress v6 = InetAddress.getByName("::1");
        ServerSocketChannel server;
        try {
            server = listen(v6, 8);
        } catch (IOException e) {
            assumeTrue(false, "no IPv6 loopback here: " + e);
            return;
        }
        try (server; SocketChannel client = SocketChannel.open(new InetSocketAddress(v6, port(server)))) {
            int port = port(server);
            List<Row> rows = await("tcp6", rs -> where(rs, r -> r.onPort(port)).size() == 3);

            List<Row> ours = where(rows, r -> r.onPort(port));
            assertTrue(ours.stream().allMatch(r -> r.ipv6() && r.local().equals("::1")));
            Row listener = where(ours, r -> r.state().equals("LISTEN")).get(0);
            assertEquals("::", listener.remote());
            assertEquals(1, listener.recvQ());
            assertEquals(port(client), where(ours, r -> r.remotePort() == port).get(0).localPort());
        }
    }

    @Test
    void a_dual_stack_socket_on_ipv4_loopback_shows_in_tcp6_as_ipv4_mapped() throws Exception {
        ServerSocketChannel server;
        try {
            server = ServerSocketChannel.open(StandardProtocolFamily.INET6);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no IPv6 sockets here: " + e);
            return;
        }
        try (server) {
            server.bind(new InetSocketAddress(LOOPBACK, 0), 8);
            int port = port(server);
            List<Row> rows = await("tcp6", rs -> where(rs, r -> r.localPort() == port).size() == 1);

            Row listener = where(rows, r -> r.localPort() == port).get(0);
            assertTrue(listener.ipv6());
            assertEquals("::ffff:127.0.0.1", listener.local());
            assertEquals("LISTEN", listener.state());
        }
    }

    @Test
    void unread_datagrams_queue_and_overflow_into_drops() throws Exception {
        try (DatagramChannel receiver = DatagramChannel.open(StandardProtocolFamily.INET);
             DatagramChannel sender = DatagramChannel.open(StandardProtocolFamily.INET)) {
            receiver.setOption(StandardSocketOptions.SO_RCVBUF, 1024);
            receiver.bind(new InetSocketAddress(LOOPBACK, 0));
            int port = port(receiver);
            InetSocketAddress target = new InetSocketAddress(LOOPBACK, port);
            sender.send(ByteBuffer.allocate(256), target);
            List<Row> queued = await("udp", rs -> where(rs, r -> r.localPort() == port && r.recvQ() > 0).size() == 1);
            Row one = where(queued, r -> r.localPort() == port).get(0);
            assertEquals("UNCONN", one.state());
            assertEquals("127.0.0.1", one.local());
            assertEquals(0, one.drops());
            assertEquals(uid, one.uid());

            long errorsBefore = udpRcvbufErrors();
            for (int i = 0; i < 200; i++) {
                sender.send(ByteBuffer.allocate(256), target);
            }
            List<Row> rows = await("udp", rs -> where(rs, r -> r.localPort() == port && r.drops() > 0).size() == 1);
            Row full = where(rows, r -> r.localPort() == port).get(0);
            assertTrue(full.recvQ() >= one.recvQ());
            assertTrue(full.drops() > 0 && full.drops() <= 200, () -> "drops " + full.drops());
            long errorsAfter = udpRcvbufErrors();
            assumeTrue(errorsBefore >= 0 && errorsAfter > errorsBefore,
                    "this kernel does not count Udp.RcvbufErrors for a full socket buffer");
            assertTrue(errorsAfter - errorsBefore >= full.drops(),
                    () -> "Udp.RcvbufErrors grew by " + (errorsAfter - errorsBefore) + ", drops " + full.drops());
        }
    }

    @Test
    void a_connected_udp_socket_is_established() throws Exception {
        try (DatagramChannel a = DatagramChannel.open(StandardProtocolFamily.INET);
             DatagramChannel b = DatagramChannel.open(StandardProtocolFamily.INET)) {
            a.bind(new InetSocketAddress(LOOPBACK, 0));
            b.bind(new InetSocketAddress(LOOPBACK, 0));
            a.connect(b.getLocalAddress());
            int port = port(a);
            List<Row> rows = await("udp", rs -> where(rs, r -> r.localPort() == port).size() == 1);

            Row connected = where(rows, r -> r.localPort() == port).get(0);
            assertEquals("ESTABLISHED", connected.state());
            assertEquals(port(b), connected.remotePort());
            assertEquals("127.0.0.1", connected.remote());
        }
    }

    private static long udpRcvbufErrors() throws IOException {
        HostFacts facts = new HostFacts();
        try (InputStream in = Files.newInputStream(Path.of("/proc/net/snmp"))) {
            new ProcSnmpParser().parse(in, row -> { }, facts, new ParseReport());
        }
        return facts.counter("Udp.RcvbufErrors");
    }

    private static InetAddress loopback() {
        try {
            return InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ServerSocketChannel listen(InetAddress address, int backlog) throws IOException {
        StandardProtocolFamily family = address instanceof Inet6Address
                ? StandardProtocolFamily.INET6 : StandardProtocolFamily.INET;
        ServerSocketChannel server = ServerSocketChannel.open(family);
        try {
            server.bind(new InetSocketAddress(address, 0), backlog);
        } catch (IOException e) {
            server.close();
            throw e;
        }
        return server;
    }

    /** A blocking IPv4 (AF_INET, so in /proc/net/tcp, not tcp6) connection to loopback {@code port}. */
    private static SocketChannel connect(int port) throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.INET);
        try {
            channel.connect(new InetSocketAddress(LOOPBACK, port));
        } catch (IOException e) {
            channel.close();
            throw e;
        }
        return channel;
    }

    private static int port(NetworkChannel channel) throws IOException {
        return ((InetSocketAddress) channel.getLocalAddress()).getPort();
    }

    private static List<Row> awaitTcp(Predicate<List<Row>> done) throws IOException {
        return await("tcp", done);
    }

    /**
     * Reads /proc/net/{file} until {@code done} holds for the rows seen so far (at most 100 reads, 5 s), the latest
     * read of each connection (by its 4-tuple) winning. Reading a /proc/net table is not atomic: while other
     * sockets come and go (thousands of TIME_WAIT expiring after another test), one read can miss a row, so what
     * the reads saw is joined.
     */
    private static List<Row> await(String file, Predicate<List<Row>> done) throws IOException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(TIMEOUT_MS);
        java.util.Map<String, Row> seen = new java.util.LinkedHashMap<>();
        List<Row> rows = List.of();
        for (int i = 0; i < 100 && System.nanoTime() < deadline; i++) {
            List<Row> read = ProcRows.parse(file.startsWith("udp") ? new ProcNetUdpParser(ByteOrder.nativeOrder())
                    : new ProcNetTcpParser(ByteOrder.nativeOrder()),
                    Files.newInputStream(Path.of("/proc/net", file)), new HostFacts(), new ParseReport());
            for (Row r : read) {
                seen.put(r.local() + "|" + r.localPort() + "|" + r.remote() + "|" + r.remotePort(), r);
            }
            rows = List.copyOf(seen.values());
            if (done.test(rows)) {
                return rows;
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        throw new AssertionError("/proc/net/" + file + " never showed the sockets expected; last read: " + rows);
    }
}
