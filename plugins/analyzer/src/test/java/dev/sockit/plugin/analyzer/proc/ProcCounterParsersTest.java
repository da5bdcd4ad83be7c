package dev.sockit.plugin.analyzer.proc;

import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@link ProcSockstatParser} and {@link ProcSnmpParser} on captured files. */
class ProcCounterParsersTest {

    private final HostFacts facts = new HostFacts();
    private final ParseReport report = new ParseReport();

    @Test
    void sockstat_and_sockstat6_become_sockstat_counters() throws IOException {
        assertTrue(ProcRows.parseFixture(new ProcSockstatParser(), "net/sockstat", facts, report).isEmpty());
        ProcRows.parseFixture(new ProcSockstatParser(), "net/sockstat6", facts, report);

        assertEquals(0, report.unparsedCount(), () -> report.samples().toString());
        assertEquals(63, facts.counter("sockstat.sockets.used"));
        assertEquals(26, facts.counter("sockstat.TCP.inuse"));
        assertEquals(0, facts.counter("sockstat.TCP.orphan"));
        assertEquals(3, facts.counter("sockstat.TCP.tw"));
        assertEquals(46, facts.counter("sockstat.TCP.alloc"));
        assertEquals(126, facts.counter("sockstat.TCP.mem"));
        assertEquals(2, facts.counter("sockstat.UDP.inuse"));
        assertEquals(0, facts.counter("sockstat.FRAG.memory"));
        assertEquals(20, facts.counter("sockstat.TCP6.inuse"));
        assertEquals(1, facts.counter("sockstat.UDP6.inuse"));
    }

    @Test
    void snmp_pairs_names_with_values_per_group() throws IOException {
        ProcRows.parseFixture(new ProcSnmpParser(), "net/snmp", facts, report);

        assertEquals(0, report.unparsedCount(), () -> report.samples().toString());
        assertEquals(12, report.lines());
        assertEquals(-1, facts.counter("Tcp.MaxConn"));
        assertTrue(facts.hasCounter("Tcp.MaxConn"));
        assertEquals(69545, facts.counter("Tcp.ActiveOpens"));
        assertEquals(69501, facts.counter("Tcp.PassiveOpens"));
        assertEquals(47526, facts.counter("Tcp.RetransSegs"));
        assertEquals(24169, facts.counter("Udp.RcvbufErrors"));
        assertEquals(752, facts.counter("IcmpMsg.InType3"));
        assertEquals(211527808, facts.counter("Ip.OutTransmits"));
    }

    @Test
    void netstat_gives_the_tcp_extension_counters() throws IOException {
        ProcRows.parseFixture(new ProcSnmpParser(), "net/netstat", facts, report);

        assertEquals(0, report.unparsedCount(), () -> report.samples().toString());
        for (String key : List.of("TcpExt.ListenOverflows", "TcpExt.ListenDrops", "TcpExt.TW", "TcpExt.TWKilled",
                "TcpExt.TWRecycled", "IpExt.InOctets", "MPTcpExt.MPCapableSYNRX")) {
            assertTrue(facts.hasCounter(key), key);
            assertTrue(facts.counter(key) >= 0, key);
        }
        assertEquals(136 - 1 + 19 - 1 + 77 - 1, facts.counters().size());
    }

    @Test
    void a_value_line_that_does_not_match_its_names_is_reported_and_what_lines_up_kept() throws IOException {
        String text = "Tcp: A B C\nTcp: 1 2\nUdp: 5 6\nIp: X\nIp: 7x\nFoo\n";
        ProcRows.parse(new ProcSnmpParser(), new ByteArrayInputStream(text.getBytes(StandardCharsets.US_ASCII)),
                facts, report);

        assertEquals(1, facts.counter("Tcp.A"));
        assertEquals(2, facts.counter("Tcp.B"));
        assertFalse(facts.hasCounter("Tcp.C"));
        assertFalse(facts.hasCounter("Udp.5"));
        assertFalse(facts.hasCounter("Ip.X"));
        assertEquals(4, report.unparsedCount());
        assertEquals("Tcp has 3 names and 2 values", report.samples().get(0).reason());
    }
}
