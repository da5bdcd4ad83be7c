package dev.sockit.plugin.analyzer.proc;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.proc.ProcRows.Row;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ProcNetUdpParser} on captured files. */
class ProcNetUdpParserTest {

    private final ParseReport report = new ParseReport();

    @Test
    void an_overflowed_receiver_shows_its_queue_and_its_drops() throws IOException {
        List<Row> rows = ProcRows.parseFixture(new ProcNetUdpParser(), "net/udp", new HostFacts(), report);

        assertEquals(2, rows.size());
        assertEquals(0, report.unparsedCount(), () -> report.samples().toString());
        Row full = ProcRows.where(rows, r -> r.localPort() == 40792).get(0);
        assertEquals(Proto.UDP, full.proto());
        assertEquals("UNCONN", full.state());
        assertEquals("127.0.0.1", full.local());
        assertEquals(0x500, full.recvQ());
        assertEquals(0, full.sendQ());
        assertEquals(49, full.drops());
        assertEquals(566296, full.inode());
        assertNull(full.timer());
        Row wildcard = ProcRows.where(rows, r -> r.localPort() == 0x91A1).get(0);
        assertEquals("0.0.0.0", wildcard.local());
        assertEquals(0, wildcard.drops());
    }

    @Test
    void a_connected_udp6_socket_is_established() throws IOException {
        List<Row> rows = ProcRows.parseFixture(new ProcNetUdpParser(), "net/udp6", new HostFacts(), report);

        assertEquals(1, rows.size());
        Row connected = rows.get(0);
        assertTrue(connected.ipv6());
        assertEquals("ESTABLISHED", connected.state());
        assertEquals("::1", connected.local());
        assertEquals(39809, connected.localPort());
        assertEquals("::1", connected.remote());
        assertEquals(9, connected.remotePort());
    }

    @Test
    void a_line_without_the_drops_column_still_reads() throws IOException {
        String text = "   12: 0100007F:0035 00000000:0000 07 00000000:00000000 00:00000000 00000000   101        0 77\n";
        List<Row> rows = ProcRows.parse(new ProcNetUdpParser(),
                new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)), new HostFacts(), report);

        assertEquals(53, rows.get(0).localPort());
        assertEquals(101, rows.get(0).uid());
        assertEquals(SocketRow.UNKNOWN, rows.get(0).drops());
    }
}
