package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.HostFacts;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** nstat in each of its shapes, captured on the build machine (fixtures/nstat/SOURCES.md). */
class NstatParserTest {

    @Test
    void reads_totals_with_and_without_zeros_under_the_proc_names() {
        for (String fixture : new String[] {"nstat/nstat-asz.txt", "nstat/nstat-as.txt"}) {
            Parsed p = Parsed.fixture(new NstatParser(), fixture);
            assertEquals(0, p.report.unparsedCount(), fixture + ": " + p.report.samples());
            assertEquals("nstat", p.report.format());
            assertEquals(240, p.facts.counter("TcpExt.ListenOverflows"), fixture);
            assertEquals(70886, p.facts.counter("Udp.RcvbufErrors"), fixture);
            assertEquals(90410, p.facts.counter("Tcp.RetransSegs"), fixture);
            assertEquals(247133, p.facts.counter("Tcp.ActiveOpens"), fixture);
            assertEquals(240638, p.facts.counter("TcpExt.TW"), fixture);
            assertEquals(2524, p.facts.counter("Ip6.InReceives"), fixture);
            assertEquals(865, p.facts.counter("IcmpMsg.OutType3"), fixture);
            assertEquals(HostFacts.NSTAT_SPAN, p.facts.counterSpan());
        }
        // -z prints every counter, zeros too: one fact per row
        Parsed all = Parsed.fixture(new NstatParser(), "nstat/nstat-asz.txt");
        assertEquals(rows("nstat/nstat-asz.txt"), all.facts.counters().size());
        assertEquals(0, all.facts.counter("UdpLite6.InDatagrams"));
        assertEquals(0, all.facts.counter("MPTcpExt.MPCapableSYNRX"));
        Parsed some = Parsed.fixture(new NstatParser(), "nstat/nstat-as.txt");
        assertEquals(rows("nstat/nstat-as.txt"), some.facts.counters().size());
        assertEquals(-1, some.facts.counter("UdpLite6.InDatagrams"), "without -z a zero counter is not printed");
    }

    @Test
    void reads_the_deltas_of_a_run_after_a_previous_one() {
        Parsed p = Parsed.fixture(new NstatParser(), "nstat/nstat-delta.txt");
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        // five loopback connections and one datagram to a closed port between the two runs
        assertEquals(5, p.facts.counter("Tcp.ActiveOpens"));
        assertEquals(5, p.facts.counter("Tcp.PassiveOpens"));
        assertEquals(5, p.facts.counter("TcpExt.TW"));
        assertEquals(1, p.facts.counter("Udp.NoPorts"));
        assertEquals(42, p.facts.counter("Ip.InReceives"));
        assertEquals(7248, p.facts.counter("IpExt.InOctets"));
        Parsed z = Parsed.fixture(new NstatParser(), "nstat/nstat-z-delta.txt");
        assertEquals(0, z.report.unparsedCount(), z.report.samples().toString());
        assertEquals(rows("nstat/nstat-z-delta.txt"), z.facts.counters().size());
    }

    @Test
    void reads_json_on_one_line_and_pretty_printed_as_the_text_says() {
        Parsed line = Parsed.fixture(new NstatParser(), "nstat/nstat-asj.json");
        Parsed pretty = Parsed.fixture(new NstatParser(), "nstat/nstat-asjpz.json");
        Parsed text = Parsed.fixture(new NstatParser(), "nstat/nstat-as.txt");
        assertEquals(0, line.report.unparsedCount(), line.report.samples().toString());
        assertEquals(0, pretty.report.unparsedCount(), pretty.report.samples().toString());
        assertEquals(2187697, line.facts.counter("TcpExt.TCPPureAcks"));
        assertEquals(2413, line.facts.counter("Ip6.OutRequests"));
        assertEquals(text.facts.counters().keySet(), line.facts.counters().keySet(), "-asj and -as name the same");
        // iproute2 6.1's JSON writes each counter as 32 bits: the text has IpExtInOctets whole, the JSON wrapped
        text.facts.counters().forEach((k, v) -> assertEquals(v & 0xffffffffL, line.facts.counter(k), k));
        assertEquals(552340207144L, text.facts.counter("IpExt.InOctets"));
        assertEquals(552340207144L % (1L << 32), line.facts.counter("IpExt.InOctets"));
        assertTrue(line.report.notes().stream().anyMatch(n -> n.contains("32 bits")), line.report.notes().toString());
        assertEquals(rows("nstat/nstat-asz.txt"), pretty.facts.counters().size(), "-asjpz has every counter");
        assertEquals(240, pretty.facts.counter("TcpExt.ListenOverflows"));
    }

    @Test
    void reads_a_daemon_header_and_a_wrapped_counter_and_refuses_what_is_not_a_row() {
        Parsed p = Parsed.text(new NstatParser(), String.join("\n",
                "#4242.1804289383 sampling_interval=5 time_const=60",
                "TcpExtListenOverflows           12                 2.4",
                "UdpRcvbufErrors                 3                  0.0 (overflow)",
                "TcpExtTCPBacklogDrop            7",
                "this is not a counter",
                "TcpInSegs                       -5                 0.0",
                ""));
        assertEquals(12, p.facts.counter("TcpExt.ListenOverflows"));
        assertEquals(3, p.facts.counter("Udp.RcvbufErrors"));
        assertEquals(7, p.facts.counter("TcpExt.TCPBacklogDrop"));
        assertEquals(2, p.report.unparsedCount());
        assertTrue(p.report.notes().stream().anyMatch(n -> n.contains("(overflow)")), p.report.notes().toString());
    }

    @Test
    void splits_each_group_nstat_glued_to_a_name() {
        assertEquals("TcpExt.ListenOverflows", NstatParser.key("TcpExtListenOverflows"));
        assertEquals("Tcp.RetransSegs", NstatParser.key("TcpRetransSegs"));
        assertEquals("IcmpMsg.InType3", NstatParser.key("IcmpMsgInType3"));
        assertEquals("Icmp.InMsgs", NstatParser.key("IcmpInMsgs"));
        assertEquals("Icmp6.InMsgs", NstatParser.key("Icmp6InMsgs"));
        assertEquals("Ip6.InReceives", NstatParser.key("Ip6InReceives"));
        assertEquals("IpExt.InOctets", NstatParser.key("IpExtInOctets"));
        assertEquals("Ip.InReceives", NstatParser.key("IpInReceives"));
        assertEquals("UdpLite6.InDatagrams", NstatParser.key("UdpLite6InDatagrams"));
        assertEquals("UdpLite.InDatagrams", NstatParser.key("UdpLiteInDatagrams"));
        assertEquals("Udp6.InDatagrams", NstatParser.key("Udp6InDatagrams"));
        assertEquals("MPTcpExt.MPCapableSYNRX", NstatParser.key("MPTcpExtMPCapableSYNRX"));
        assertEquals("SctpCurrEstab", NstatParser.key("SctpCurrEstab"), "an unknown group stays whole");
    }

    /** The counter rows of a text fixture, or the names in a JSON one. */
    private static long rows(String fixture) {
        String text = new String(Parsed.bytes(fixture), StandardCharsets.UTF_8);
        return text.lines().filter(l -> !l.isBlank() && !l.startsWith("#") && Character.isUpperCase(l.charAt(0)))
                .count();
    }
}
