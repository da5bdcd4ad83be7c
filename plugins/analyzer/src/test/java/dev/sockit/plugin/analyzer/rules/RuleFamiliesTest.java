package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Finding;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rule families, each run alone over one input that trips all 21 codes: a family finds exactly its own codes,
 * and the families together are {@link Rules#ALL}, which finds what {@link Rules#evaluate} returns.
 */
class RuleFamiliesTest {

    private final SocketStats stats = new SocketStats();
    private final HostFacts facts = new HostFacts();
    private final ParseReport report = new ParseReport();

    /** A host with every problem the rules know, as ss prints its sockets. */
    private RuleContext everything() {
        SsLines ss = new SsLines(stats);
        ss.tcp("LISTEN 0 128 *:8080 *:* users:((\"java\",pid=4711,fd=12))");
        ss.tcp(150, "CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.2:%d users:((\"java\",pid=4711,fd=40))");
        ss.tcp(30000, 30999, "TIME-WAIT 0 0 10.0.0.1:%d 10.0.0.5:80");
        facts.sysctl("net.ipv4.ip_local_port_range", "40000 40099");
        ss.tcp(40000, 40060, "ESTAB 0 0 10.0.0.1:%d 10.0.0.5:5432");
        facts.counter("sockstat.TCP.tw", 3200);
        ss.tcp("LISTEN 129 128 127.0.0.1:8081 0.0.0.0:* users:((\"java\",pid=4711,fd=12))");
        facts.counter("TcpExt.ListenOverflows", 532);
        ss.tcp(100, "SYN-RECV 0 0 10.0.0.1:443 198.51.100.7:%d");
        ss.tcp(8, "SYN-SENT 0 1 10.0.0.1:%d 192.0.2.10:5432");
        ss.tcp(10, "FIN-WAIT-1 0 2000 10.0.0.1:8080 10.0.0.12:%d");
        ss.tcp(50000, 50500, "ESTAB 0 0 10.0.0.1:8080 10.0.0.13:%d");
        ss.tcp("ESTAB 65536 0 10.0.0.1:8080 10.0.0.2:40001 users:((\"java\",pid=4711,fd=51))");
        ss.tcp("ESTAB 0 400000 10.0.0.1:40001 10.0.0.9:9092 users:((\"java\",pid=4711,fd=7)) rtt:85.2/3.1");
        SocketRow zero = ss.read(Proto.TCP, "ESTAB 0 131072 10.0.0.1:41000 10.0.0.9:9093");
        zero.zeroWindow = true;
        stats.accept(zero);
        ss.tcp("ESTAB 0 5000 10.0.0.1:40002 10.0.0.9:443 timer:(on,51sec,6)");
        ss.tcp(100, "LAST-ACK 1 1 10.0.0.1:8082 10.0.0.8:%d");
        ss.tcp(10, "FIN-WAIT-2 0 0 10.0.0.1:8080 10.0.0.8:%d");
        ss.tcp("FIN-WAIT-2 0 0 127.0.0.1:46001 127.0.0.1:7007 users:((\"curl\",pid=30,fd=3))");
        ss.tcp("CLOSE-WAIT 1 0 127.0.0.1:7007 127.0.0.1:46001 users:((\"java\",pid=4711,fd=9))");
        facts.sysctl("net.ipv4.tcp_max_orphans", "1000");
        facts.counter("sockstat.TCP.orphan", 500);
        facts.sysctl("net.ipv4.tcp_mem", "1000 2000 3000");
        facts.counter("sockstat.TCP.mem", 2000);
        ss.tcp("ESTAB 0 0 10.0.0.1:8080 10.0.0.2:40000 skmem:(r0,rb131072,t0,tb87040,f0,w0,o0,bl0,d1)");
        ss.udp("UNCONN 0 0 127.0.0.1:8125 0.0.0.0:* users:((\"statsd\",pid=901,fd=6)) skmem:(r0,rb212992,d123)");
        ss.tcp("ESTAB 0 0 10.0.0.1:40100 203.0.113.5:443 skmem:(r0,rb250000,t0,tb4194304) rtt:100/5"
                + " delivery_rate 10Mbps");
        report.format("ss");
        report.line();
        report.unparsed(7, "garbage", "no state column");
        return new RuleContext(stats, facts, report);
    }

    private static Set<String> codes(List<Finding> findings) {
        return new TreeSet<>(findings.stream().map(Finding::code).toList());
    }

    private void assertFamily(List<Rule> family, String... codes) {
        assertEquals(new TreeSet<>(List.of(codes)), codes(Rules.evaluate(family, everything())));
    }

    @Test
    void closing_rules_find_sockets_that_do_not_finish_closing() {
        assertFamily(ClosingRules.ALL, FindingCode.CLOSE_WAIT_LEAK, FindingCode.FIN_WAIT2_LINGERING,
                FindingCode.LAST_ACK_LINGERING, FindingCode.HALF_CLOSED_CONNECTIONS, FindingCode.FIN_WAIT1_PILEUP);
    }

    @Test
    void port_rules_find_local_ports_used_up_by_short_connections() {
        assertFamily(PortRules.ALL, FindingCode.TIME_WAIT_STORM, FindingCode.EPHEMERAL_PORT_EXHAUSTION,
                FindingCode.MANY_SHORT_CONNECTIONS, FindingCode.ESTABLISHED_PILEUP);
    }

    @Test
    void listener_rules_find_full_accept_queues_wildcard_binds_and_stuck_handshakes() {
        assertFamily(ListenerRules.ALL, FindingCode.LISTEN_BACKLOG_OVERFLOW, FindingCode.LISTEN_ALL_INTERFACES,
                FindingCode.SYN_RECV_FLOOD, FindingCode.SYN_SENT_UNANSWERED);
    }

    @Test
    void queue_rules_find_data_that_does_not_move() {
        assertFamily(QueueRules.ALL, FindingCode.RECEIVE_BUFFER_FULL, FindingCode.SEND_QUEUE_BACKLOG,
                FindingCode.ZERO_WINDOW, FindingCode.RETRANSMISSIONS);
    }

    @Test
    void host_rules_find_kernel_limits_near_their_end() {
        assertFamily(HostRules.ALL, FindingCode.ORPHANED_SOCKETS, FindingCode.SOCKET_MEMORY_PRESSURE);
    }

    @Test
    void buffer_rules_find_drops_and_buffers_that_limit_a_flow() {
        assertFamily(BufferRules.ALL, FindingCode.TCP_SOCKET_DROPS, FindingCode.UDP_RECEIVE_BUFFER_DROPS,
                FindingCode.BUFFER_SIZES);
    }

    @Test
    void input_rules_find_lines_the_parser_could_not_read() {
        assertFamily(InputRules.ALL, FindingCode.UNPARSED_INPUT);
    }

    @Test
    void the_families_together_are_every_rule_once_and_find_every_code() {
        List<Rule> families = new ArrayList<>();
        for (List<Rule> family : List.of(ClosingRules.ALL, PortRules.ALL, ListenerRules.ALL, QueueRules.ALL,
                HostRules.ALL, BufferRules.ALL, InputRules.ALL)) {
            families.addAll(family);
        }
        assertEquals(Rules.ALL.size(), families.size());
        assertEquals(new HashSet<>(Rules.ALL), new HashSet<>(families), "each rule in one family, none left out");
        RuleContext context = everything();
        List<Finding> all = Rules.evaluate(Rules.ALL, context);
        assertEquals(new TreeSet<>(FindingCode.ALL), codes(all));
        List<Finding> byFamily = Rules.evaluate(families, context);
        Comparator<Finding> exact = Rules.WORST_FIRST.thenComparing(Finding::code).thenComparing(Finding::message);
        assertEquals(all.stream().sorted(exact).toList(), byFamily.stream().sorted(exact).toList());
        assertTrue(all.size() >= FindingCode.ALL.size());
    }
}
