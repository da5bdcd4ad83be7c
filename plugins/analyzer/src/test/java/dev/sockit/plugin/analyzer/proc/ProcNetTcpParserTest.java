package dev.sockit.plugin.analyzer.proc;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.parse.Format;
import dev.sockit.plugin.analyzer.proc.ProcRows.Row;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static dev.sockit.plugin.analyzer.proc.ProcRows.where;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ProcNetTcpParser} on captured files and on lines that show one field each. */
class ProcNetTcpParserTest {

    private static final String HEADER = "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt"
            + "   uid  timeout inode\n";

    private final ParseReport report = new ParseReport();

    @Test
    void reads_every_line_of_the_captured_tcp_file() throws IOException {
        List<Row> rows = ProcRows.parseFixture(new ProcNetTcpParser(), "net/tcp", new HostFacts(), report);

        assertEquals(29, rows.size());
        assertEquals(30, report.lines());
        assertEquals(0, report.unparsedCount(), () -> report.samples().toString());
        assertEquals(Format.PROC_TCP.cliName(), report.format());
        assertTrue(rows.stream().allMatch(r -> r.proto() == Proto.TCP && !r.ipv6()));
    }

    @Test
    void a_listener_shows_its_accept_queue_as_recv_q_and_no_limit() throws IOException {
        List<Row> rows = ProcRows.parseFixture(new ProcNetTcpParser(), "net/tcp", new HostFacts(), report);

        Row listener = where(rows, r -> r.localPort() == 53369 && r.state().equals("LISTEN")).get(0);
        assertEquals("127.0.0.1", listener.local());
        assertEquals("0.0.0.0", listener.remote());
        assertEquals(0, listener.remotePort());
        assertEquals(3, listener.recvQ());
        assertEquals(SocketRow.UNKNOWN, listener.sendQ());
        assertEquals(0, listener.uid());
        assertEquals(566282, listener.inode());
        assertNull(listener.timer());
        assertEquals(2, listener.line());
        // The three connections it has not accepted: the clients' ends and the server's ends (no inode yet).
        assertEquals(3, where(rows, r -> r.remotePort() == 53369 && r.state().equals("ESTABLISHED")).size());
        assertEquals(3, where(rows, r -> r.localPort() == 53369 && r.state().equals("ESTABLISHED")
                && r.inode() == 0).size());
    }

    @Test
    void time_wait_rows_carry_the_timewait_timer_in_milliseconds() throws IOException {
        List<Row> rows = ProcRows.parseFixture(new ProcNetTcpParser(), "net/tcp", new HostFacts(), report);

        List<Row> timeWait = where(rows, r -> r.remotePort() == 41309 && r.state().equals("TIME_WAIT"));
        assertEquals(2, timeWait.size());
        Row tw = timeWait.get(0);
        assertEquals(46664, tw.localPort());
        assertEquals("timewait", tw.timer());
        assertEquals(0x1766 * 10L, tw.timerMs());
        assertEquals(0, tw.inode());
        assertEquals(SocketRow.UNKNOWN, tw.rtoMs());
        Row finWait2 = where(rows, r -> r.remotePort() == 41309 && r.state().equals("FIN_WAIT2")).get(0);
        assertEquals("timewait", finWait2.timer());
    }

    @Test
    void close_wait_keeps_the_peer_fin_in_recv_q_and_reads_rto_and_cwnd() throws IOException {
        List<Row> rows = ProcRows.parseFixture(new ProcNetTcpParser(), "net/tcp", new HostFacts(), report);

        Row closeWait = where(rows, r -> r.state().equals("CLOSE_WAIT")).get(0);
        assertEquals(41309, closeWait.localPort());
        assertEquals(0xB662, closeWait.remotePort());
        assertEquals(1, closeWait.recvQ());
        assertEquals(0, closeWait.sendQ());
        assertEquals(566295, closeWait.inode());
        assertEquals(200, closeWait.rtoMs());
        assertEquals(10, closeWait.cwnd());
        assertEquals(SocketRow.UNKNOWN, closeWait.ssthresh());
    }

    @Test
    void unacknowledged_data_shows_in_send_q_with_the_retransmit_timer() throws IOException {
        List<Row> rows = ProcRows.parseFixture(new ProcNetTcpParser(), "net/tcp", new HostFacts(), report);

        Row sending = where(rows, r -> r.localPort() == 0x842A).get(0);
        assertEquals(0x40, sending.sendQ());
        assertEquals("on", sending.timer());
        assertEquals(200, sending.timerMs());
        assertEquals(0, sending.timerRetrans());
        assertEquals(18, sending.cwnd());
    }

    @Test
    void reads_tcp6_with_ipv4_mapped_and_loopback_addresses() throws IOException {
        List<Row> rows = ProcRows.parseFixture(new ProcNetTcpParser(), "net/tcp6", new HostFacts(), report);

        assertEquals(20, rows.size());
        assertEquals(0, report.unparsedCount(), () -> report.samples().toString());
        assertTrue(rows.stream().allMatch(Row::ipv6));
        Row mapped = rows.get(0);
        assertEquals("::ffff:127.0.0.1", mapped.local());
        assertEquals(19503, mapped.localPort());
        assertEquals("::", mapped.remote());
        Row listener = where(rows, r -> r.localPort() == 53849 && r.state().equals("LISTEN")).get(0);
        assertEquals("::1", listener.local());
        assertEquals(566286, listener.inode());
        Row unread = where(rows, r -> r.localPort() == 53849 && r.state().equals("ESTABLISHED")).get(0);
        assertEquals("::1", unread.remote());
        assertEquals(0xC226, unread.remotePort());
        assertEquals(1000, unread.recvQ());
    }

    @Test
    void names_the_keepalive_and_zero_window_probe_timers_and_counts_their_probes() throws IOException {
        List<Row> rows = parse(HEADER
                + "   0: 0100007F:1F90 0100007F:D431 01 00000000:00000000 02:000003E8 00000005  1000        2 4242"
                + " 1 0000000000000000 20 4 30 10 7\n"
                + "   1: 0100007F:1F90 0100007F:D432 01 00000010:00000000 04:00000064 00000005  1000        1 4243"
                + " 1 0000000000000000 20 4 30 1 -1\n");

        assertEquals(2, rows.size());
        Row keepalive = rows.get(0);
        assertEquals("keepalive", keepalive.timer());
        assertEquals(10_000, keepalive.timerMs());
        assertEquals(2, keepalive.timerRetrans());
        assertFalse(keepalive.zeroWindow());
        assertEquals(1000, keepalive.uid());
        assertEquals(7, keepalive.ssthresh());
        Row probing = rows.get(1);
        assertEquals("persist", probing.timer());
        assertEquals(1000, probing.timerMs());
        assertEquals(1, probing.timerRetrans());
        assertTrue(probing.zeroWindow());
        assertEquals(16, probing.sendQ());
    }

    @Test
    void writes_ipv6_addresses_as_rfc_5952_says() throws IOException {
        List<Row> rows = parse(HEADER
                + "   0: 000080FE000000000000000001000000:0050 B80D0120000000000000010001000000:C000 01 "
                + "00000000:00000000 00:00000000 00000000     0        0 1 1 0000000000000000 20 4 30 10 -1\n");

        assertEquals("fe80::1", rows.get(0).local());
        assertEquals("2001:db8::1:0:0:1", rows.get(0).remote());
        assertEquals(80, rows.get(0).localPort());
    }

    @Test
    void reads_addresses_of_a_big_endian_host_when_told() throws IOException {
        String line = "   0: 7F000001:1F90 00000000:0000 0A 00000000:00000002 00:00000000 00000000 0 0 99\n";
        List<Row> rows = ProcRows.parse(new ProcNetTcpParser(ByteOrder.BIG_ENDIAN),
                new ByteArrayInputStream(line.getBytes(StandardCharsets.US_ASCII)), new HostFacts(), report);

        assertEquals("127.0.0.1", rows.get(0).local());
        assertEquals(8080, rows.get(0).localPort());
        assertEquals(2, rows.get(0).recvQ());
    }

    @Test
    void counts_and_quotes_lines_it_cannot_read_and_goes_on() throws IOException {
        List<Row> rows = parse(HEADER
                + "   0: 0100007F:XYZW 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 1\n"
                + "\n"
                + "   1: 0100007F:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000 0 0 2\r\n"
                + "   2: 0100007F:1F90 00000000:0000 0A 00000000\n");

        assertEquals(1, rows.size());
        assertEquals(4, rows.get(0).line());
        assertEquals(2, rows.get(0).inode());
        assertEquals(2, report.unparsedCount());
        assertEquals(2, report.samples().get(0).line());
        assertEquals("bad local address", report.samples().get(0).reason());
        assertTrue(report.samples().get(1).text().startsWith("   2: 0100007F:1F90"));
    }

    private List<Row> parse(String text) throws IOException {
        return ProcRows.parse(new ProcNetTcpParser(), new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
                new HostFacts(), report);
    }
}
