package dev.sockit.net;

import dev.sockit.api.Protocol;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@link ProcNetTable} on rows captured from Linux and on this host's live tables. */
class ProcNetTableTest {

    private static final String TCP_HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when"
            + " retrnsmt   uid  timeout inode";
    private static final String TCP_ESTABLISHED = "   1: 0100007F:1F90 0100007F:C350 01 00000010:00000020 02:000003E8"
            + " 00000003  1000        0 654321 1 0000000000000000 20 4 30 10 -1";
    private static final String TCP6_LISTEN = "   0: 00000000000000000000000001000000:1B5F"
            + " 00000000000000000000000000000000:0000 0A 00000000:00000005 00:00000000 00000000     0        0 7777 1"
            + " 0000000000000000 100 0 0 10 0";
    private static final String UDP_ROW = " 8322: 0100007F:1F90 00000000:0000 07 00000000:00000200 00:00000000"
            + " 00000000     0        0 18322 2 00000000888ec36e 3";

    @Test
    void reads_every_column_of_a_tcp_row_and_its_tail() throws IOException {
        ProcNetRow row = only(ProcNetTable.tcp(ByteOrder.LITTLE_ENDIAN), TCP_HEADER + "\n" + TCP_ESTABLISHED + "\n");
        assertEquals(1, row.slot());
        assertFalse(row.ipv6());
        assertEquals("127.0.0.1", row.localAddress());
        assertEquals(8080, row.localPort());
        assertEquals("127.0.0.1", row.remoteAddress());
        assertEquals(50000, row.remotePort());
        assertEquals(1, row.state());
        assertFalse(row.listening());
        assertEquals(0x10, row.txQueue());
        assertEquals(0x20, row.rxQueue());
        assertEquals(2, row.timer());
        assertEquals(1000, row.timerWhen());
        assertEquals(3, row.retransmits());
        assertEquals(1000, row.uid());
        assertEquals(0, row.timeout());
        assertEquals(654321, row.inode());
        assertEquals(20, row.rto());
        assertEquals(10, row.cwnd());
        assertEquals(ProcNetRow.UNKNOWN, row.ssthresh(), "an unbounded ssthresh (-1) stays unknown");
        assertEquals(ProcNetRow.UNKNOWN, row.drops());
    }

    @Test
    void reads_an_ipv6_listener_and_compares_its_address_as_bytes() throws IOException {
        ProcNetRow row = only(ProcNetTable.tcp(ByteOrder.LITTLE_ENDIAN), TCP6_LISTEN);
        assertTrue(row.ipv6());
        assertTrue(row.listening());
        assertEquals("::1", row.localAddress());
        assertEquals(7007, row.localPort());
        assertEquals(5, row.rxQueue(), "a listener's accept queue");
        assertEquals(7777, row.inode());
    }

    @Test
    void reads_the_drops_of_a_udp_row() throws IOException {
        ProcNetRow row = only(ProcNetTable.udp(ByteOrder.LITTLE_ENDIAN), UDP_ROW);
        assertEquals(7, row.state());
        assertEquals(0x200, row.rxQueue());
        assertEquals(18322, row.inode());
        assertEquals(3, row.drops());
        assertEquals(ProcNetRow.UNKNOWN, row.rto());
    }

    @Test
    void a_row_from_a_big_endian_host_reads_with_its_byte_order() throws IOException {
        ProcNetRow row = only(ProcNetTable.tcp(ByteOrder.BIG_ENDIAN), TCP_ESTABLISHED.replace("0100007F", "7F000001"));
        assertEquals("127.0.0.1", row.localAddress());
    }

    @Test
    void says_why_a_line_is_no_row() throws IOException {
        ProcNetTable table = ProcNetTable.tcp(ByteOrder.LITTLE_ENDIAN);
        assertEquals("no slot number (sl)", problem(table, "x: 0100007F:1F90"));
        assertEquals("bad local address", problem(table, "1: 0100007:1F90 0100007F:C350 01"));
        assertEquals("bad remote address", problem(table, "1: 0100007F:1F90 0100007F:C35 01"));
        assertEquals("bad state (st)", problem(table, "1: 0100007F:1F90 0100007F:C350 100"));
        assertEquals("bad tx_queue:rx_queue", problem(table, "1: 0100007F:1F90 0100007F:C350 01 00000010"));
        assertEquals("bad tr:tm->when", problem(table, "1: 0100007F:1F90 0100007F:C350 01 0:0 02"));
        assertEquals("bad retrnsmt, uid, timeout or inode",
                problem(table, "1: 0100007F:1F90 0100007F:C350 01 0:0 00:0 0 1000 0"));
        assertNull(problem(table, TCP_ESTABLISHED.trim()));
    }

    @Test
    void forEach_skips_headers_blank_and_bad_lines() throws IOException {
        List<Long> inodes = new ArrayList<>();
        String table = TCP_HEADER + "\n\n garbage\n" + TCP_ESTABLISHED + "\n" + TCP6_LISTEN;
        ProcNetTable.tcp(ByteOrder.LITTLE_ENDIAN).forEach(
                new ByteArrayInputStream(table.getBytes(StandardCharsets.US_ASCII)), r -> inodes.add(r.inode()));
        assertEquals(List.of(654321L, 7777L), inodes);
        assertFalse(ProcNetTable.tcp(ByteOrder.LITTLE_ENDIAN).forEach(Path.of("/nonexistent/net/tcp"), r -> { }));
    }

    @Test
    void finds_a_live_tcp_listener_of_this_jvm_in_the_hosts_table() throws IOException {
        Path tcp = ProcFds.PROC.resolve("net/tcp");
        assumeTrue(Files.isReadable(tcp), "no /proc/net/tcp here");
        InetAddress loopback = InetAddress.getByName("127.0.0.1");
        try (ServerSocket held = new ServerSocket(0, 50, loopback)) {
            List<Long> inodes = new ArrayList<>();
            ProcNetTable table = ProcNetTable.host(Protocol.TCP);
            // The JDK opens a dual-stack socket unless java.net.preferIPv4Stack: then the row is in tcp6.
            for (String file : table.files()) {
                table.forEach(tcp.resolveSibling(file), r -> {
                    if (r.localPort() == held.getLocalPort() && r.listening()) {
                        assertTrue(r.localIs(r.ipv6() ? ProcAddresses.mapped(loopback) : loopback));
                        assertEquals(r.ipv6() ? "::ffff:127.0.0.1" : "127.0.0.1", r.localAddress());
                        inodes.add(r.inode());
                    }
                });
            }
            assertEquals(1, inodes.size(), "one listener on port " + held.getLocalPort());
            assertTrue(inodes.get(0) > 0);
        }
    }

    @Test
    void finds_a_live_udp_socket_of_this_jvm_with_its_drops() throws IOException {
        Path udp = ProcFds.PROC.resolve("net/udp");
        assumeTrue(Files.isReadable(udp), "no /proc/net/udp here");
        try (DatagramSocket held = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
            List<Long> drops = new ArrayList<>();
            ProcNetTable table = ProcNetTable.host(Protocol.UDP);
            for (String file : table.files()) {
                table.forEach(udp.resolveSibling(file), r -> {
                    if (r.localPort() == held.getLocalPort()) {
                        drops.add(r.drops());
                    }
                });
            }
            assertEquals(List.of(0L), drops);
        }
    }

    private static ProcNetRow only(ProcNetTable table, String text) throws IOException {
        List<ProcNetRow> rows = new ArrayList<>();
        table.forEach(new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), rows::add);
        assertEquals(1, rows.size(), text);
        return rows.get(0);
    }

    private static String problem(ProcNetTable table, String line) throws IOException {
        ProcLineReader r = new ProcLineReader(new ByteArrayInputStream(line.getBytes(StandardCharsets.US_ASCII)));
        assertTrue(r.next());
        r.skipSpaces();
        return table.read(r, new ProcNetRow());
    }
}
