package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Finding;
import dev.sockit.api.Severity;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Each rule fed with rows shaped as ss prints them, on both sides of each threshold. */
class RulesTest {

    private final SocketStats stats = new SocketStats();
    private final SsLines ss = new SsLines(stats);
    private final HostFacts facts = new HostFacts();
    private final ParseReport report = new ParseReport();

    private List<Finding> evaluate() {
        return Rules.evaluate(stats, facts, report);
    }

    private List<Finding> findings(String code) {
        return evaluate().stream().filter(f -> f.code().equals(code)).toList();
    }

    private Finding only(String code) {
        List<Finding> found = findings(code);
        assertEquals(1, found.size(), () -> code + ": " + found);
        return found.get(0);
    }

    // ---- close_wait_leak

    @Test
    void a_java_process_holding_150_close_wait_sockets_on_8080_is_a_critical_leak() {
        ss.tcp("LISTEN 0 128 *:8080 *:* users:((\"java\",pid=4711,fd=12))");
        ss.tcp(150, "CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.2:%d users:((\"java\",pid=4711,fd=40))");
        ss.tcp(20, "ESTAB 0 0 10.0.0.1:8080 10.0.0.3:%d users:((\"java\",pid=4711,fd=41))");
        Finding f = only(FindingCode.CLOSE_WAIT_LEAK);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("150 sockets in CLOSE_WAIT on :8080 held by pid 4711 (java): the application does not close"
                + " sockets after the peer closed them", f.message());
        assertTrue(f.recommendation().contains("ss -tanp state close-wait"), f.recommendation());
        assertEquals(150L, f.evidence().get("count"));
        assertEquals(8080, f.evidence().get("localPort"));
        assertEquals(4711L, f.evidence().get("pid"));
        assertEquals("java", f.evidence().get("program"));
        assertEquals("CLOSE_WAIT", f.evidence().get("state"));
        List<?> samples = (List<?>) f.evidence().get("samples");
        assertEquals(SocketStats.SAMPLES, samples.size());
        assertEquals("10.0.0.1:8080", ((Map<?, ?>) samples.get(0)).get("local"));
    }

    @Test
    void a_client_leaking_close_wait_toward_one_server_is_one_finding_naming_the_client_not_the_server() {
        ss.tcp("LISTEN 0 128 0.0.0.0:8080 0.0.0.0:* users:((\"java\",pid=4711,fd=12))");
        // a Java service's pool toward PostgreSQL: one ephemeral port each, all toward 10.0.0.9:5432
        ss.tcp(33068, 33080, "CLOSE-WAIT 1 0 10.0.0.5:%d 10.0.0.9:5432 users:((\"java\",pid=4711,fd=60))");
        ss.tcp(20, "ESTAB 0 0 10.0.0.5:8080 10.0.0.3:%d users:((\"java\",pid=4711,fd=41))");
        Finding f = only(FindingCode.CLOSE_WAIT_LEAK);
        assertEquals(Severity.WARNING, f.severity(), "12 sockets toward one server");
        assertEquals("12 sockets in CLOSE_WAIT toward 10.0.0.9:5432 held by pid 4711 (java): 10.0.0.9:5432 closed"
                + " these connections and this client never closed its end (the leak is in the client, not in the"
                + " server)", f.message());
        assertEquals("client", f.evidence().get("side"));
        assertEquals("10.0.0.9", f.evidence().get("remote"));
        assertEquals(5432, f.evidence().get("remotePort"));
        assertEquals(4711L, f.evidence().get("pid"));
        assertEquals(12L, f.evidence().get("count"));
        assertEquals(SocketStats.SAMPLES, ((List<?>) f.evidence().get("samples")).size());
    }

    @Test
    void close_wait_with_unread_requests_on_a_server_is_worth_a_warning_even_when_few() {
        ss.tcp("LISTEN 0 128 0.0.0.0:8080 0.0.0.0:* users:((\"java\",pid=4711,fd=12))");
        ss.tcp("CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.2:40001 users:((\"java\",pid=4711,fd=40))");
        assertEquals(Severity.INFO, only(FindingCode.CLOSE_WAIT_LEAK).severity(), "Recv-Q 1 is the FIN alone");
        ss.tcp("CLOSE-WAIT 517 0 10.0.0.1:8080 10.0.0.2:40002 users:((\"java\",pid=4711,fd=41))");
        Finding f = only(FindingCode.CLOSE_WAIT_LEAK);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("2 sockets in CLOSE_WAIT on :8080 held by pid 4711 (java) (1 holds unread data: requests that"
                + " were never read): the application does not close sockets after the peer closed them",
                f.message());
        assertEquals(1L, f.evidence().get("unread"));
        assertEquals("server", f.evidence().get("side"));
    }

    @Test
    void fin_wait1_piling_up_toward_one_peer_says_whether_data_waits_behind_the_fin() {
        ss.tcp(9, "FIN-WAIT-1 0 1 10.0.0.1:8080 10.0.0.9:%d");
        assertTrue(findings(FindingCode.FIN_WAIT1_PILEUP).isEmpty());
        ss.tcp(50, 51, "FIN-WAIT-1 0 1 10.0.0.1:8080 10.0.0.9:%d");
        Finding f = only(FindingCode.FIN_WAIT1_PILEUP);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("10 sockets in FIN_WAIT1 toward 10.0.0.9: the FIN is sent and not acknowledged (the peer is"
                + " gone, or the path drops it)", f.message());
        ss.tcp(100, 190, "FIN-WAIT-1 0 65536 10.0.0.1:8080 10.0.0.9:%d");
        f = only(FindingCode.FIN_WAIT1_PILEUP);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("100 sockets in FIN_WAIT1 toward 10.0.0.9 (90 with data still queued behind the FIN: 10.0.0.9"
                + " does not read what it was sent): this host closed and the peer does not take the rest",
                f.message());
        assertEquals(90L, f.evidence().get("pending"));
        assertEquals("10.0.0.9", f.evidence().get("remote"));
        assertEquals(SocketStats.SAMPLES, ((List<?>) f.evidence().get("samples")).size());
    }

    @Test
    void established_piling_up_from_one_peer_on_one_port_is_a_leak_that_state_counts_call_healthy() {
        ss.tcp("LISTEN 0 4096 0.0.0.0:6379 0.0.0.0:* users:((\"redis-server\",pid=700,fd=6))");
        ss.tcp(40000, 42500, "ESTAB 0 0 10.0.0.1:6379 10.0.0.7:%d");
        ss.tcp(40000, 40100, "ESTAB 0 0 10.0.0.1:6379 10.0.0.8:%d");
        ss.tcp(42500, 42510, "ESTAB 12 0 10.0.0.1:6379 10.0.0.7:%d");
        Finding f = only(FindingCode.ESTABLISHED_PILEUP);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("2510 ESTABLISHED connections from 10.0.0.7 on :6379 (the listener is pid 700 (redis-server)),"
                + " 2500 of them with nothing queued either way, of 2610 on that port: one peer holds connections"
                + " open and does not close them (a connection leak in 10.0.0.7, or a pool without a maximum)",
                f.message());
        assertEquals(2500L, f.evidence().get("idle"));
        assertEquals(2610L, f.evidence().get("onPort"));
        assertEquals(700L, f.evidence().get("pid"));
        SocketStats few = new SocketStats();
        new SsLines(few).tcp(40000, 40499, "ESTAB 0 0 10.0.0.1:6379 10.0.0.7:%d");
        assertTrue(Rules.evaluate(few, facts, report).stream()
                .noneMatch(x -> x.code().equals(FindingCode.ESTABLISHED_PILEUP)), "499 from a proxy is normal");
    }

    @Test
    void close_wait_severity_turns_at_1_10_and_100_per_port_and_pid() {
        int[] counts = {1, 9, 10, 99, 100};
        Severity[] expected = {Severity.INFO, Severity.INFO, Severity.WARNING, Severity.WARNING, Severity.CRITICAL};
        for (int i = 0; i < counts.length; i++) {
            SocketStats s = new SocketStats();
            new SsLines(s).tcp(counts[i], "CLOSE-WAIT 1 0 127.0.0.1:9000 127.0.0.1:%d users:((\"nginx\",pid=99,fd=3))");
            List<Finding> f = Rules.evaluate(s, facts, report);
            assertEquals(expected[i], f.get(0).severity(), "count " + counts[i]);
            assertEquals((long) counts[i], Rules.count(f.get(0)));
        }
        assertTrue(findings(FindingCode.CLOSE_WAIT_LEAK).isEmpty());
    }

    @Test
    void close_wait_is_grouped_per_port_and_pid_and_an_unknown_owner_is_said_so() {
        ss.tcp(12, "CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.2:%d users:((\"java\",pid=4711,fd=5))");
        ss.tcp(3, "CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.2:%d users:((\"python3\",pid=812,fd=5))");
        ss.tcp(2, "CLOSE-WAIT 0 0 10.0.0.1:5432 10.0.0.9:%d");
        List<Finding> f = findings(FindingCode.CLOSE_WAIT_LEAK);
        assertEquals(3, f.size());
        assertEquals("12 sockets in CLOSE_WAIT on :8080 held by pid 4711 (java): the application does not close"
                + " sockets after the peer closed them", f.get(0).message());
        assertTrue(f.get(1).message().startsWith("3 sockets in CLOSE_WAIT on :8080 held by pid 812 (python3)"));
        assertTrue(f.get(2).message().startsWith("2 sockets in CLOSE_WAIT on :5432 held by an unknown process"),
                f.get(2).message());
    }

    // ---- time_wait_storm, ephemeral_port_exhaustion, many_short_connections

    @Test
    void time_wait_turns_info_at_1000_and_warning_at_5000_or_at_5_percent_of_the_ports_toward_one_destination() {
        ss.tcp(30000, 30999, "TIME-WAIT 0 0 10.0.0.1:%d 10.0.0.5:80");
        assertTrue(findings(FindingCode.TIME_WAIT_STORM).isEmpty());
        ss.tcp("TIME-WAIT 0 0 10.0.0.1:39999 10.0.0.5:80");
        assertEquals(Severity.INFO, only(FindingCode.TIME_WAIT_STORM).severity(), "1000 toward :80, 3 % of the range");
        ss.tcp(40000, 41411, "TIME-WAIT 0 0 10.0.0.1:%d 10.0.0.6:443");
        assertEquals(Severity.INFO, only(FindingCode.TIME_WAIT_STORM).severity(), "1411 toward :443, 4 %");
        ss.tcp("TIME-WAIT 0 0 10.0.0.1:50000 10.0.0.6:443");
        Finding f = only(FindingCode.TIME_WAIT_STORM);
        assertEquals(Severity.WARNING, f.severity(), "1412 toward :443, 5 % of the ports toward it");
        assertEquals("2412 sockets in TIME_WAIT, most to 10.0.0.6:443 (1412, 5 % of the 28232 ephemeral ports a"
                + " client has toward it)", f.message());
        assertEquals("10.0.0.6:443", f.evidence().get("destination"));
        assertEquals(1412L, f.evidence().get("destinationTimeWait"));
        assertEquals(5L, f.evidence().get("percentOfRange"));
        // spread over many destinations, 5000 on the host is a warning by itself
        SocketStats spread = new SocketStats();
        for (int d = 0; d < 50; d++) {
            new SsLines(spread).tcp(30000, 30100, "TIME-WAIT 0 0 10.0.0.1:%d 10.0.1." + d + ":80");
        }
        assertEquals(Severity.WARNING, Rules.evaluate(spread, facts, report).stream()
                .filter(x -> x.code().equals(FindingCode.TIME_WAIT_STORM)).findFirst().orElseThrow().severity());
        assertTrue(f.recommendation().contains("tcp_tw_recycle was removed in Linux 4.12"), f.recommendation());
        assertTrue(f.recommendation().contains("net.ipv4.tcp_tw_reuse=1 helps outgoing connections only"));
        assertTrue(f.recommendation().contains("SO_LINGER"));
    }

    @Test
    void time_wait_against_tcp_max_tw_buckets_and_sockstat_turns_warning_at_25_and_critical_at_80_percent() {
        facts.sysctl("net.ipv4.tcp_max_tw_buckets", "4000");
        facts.counter("sockstat.TCP.tw", 999);
        assertTrue(findings(FindingCode.TIME_WAIT_STORM).isEmpty());
        facts.counter("sockstat.TCP.tw", 1000);
        assertEquals(Severity.WARNING, only(FindingCode.TIME_WAIT_STORM).severity());
        facts.counter("sockstat.TCP.tw", 3199);
        assertEquals(Severity.WARNING, only(FindingCode.TIME_WAIT_STORM).severity());
        facts.counter("sockstat.TCP.tw", 3200);
        Finding f = only(FindingCode.TIME_WAIT_STORM);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("3200 sockets in TIME_WAIT (80 % of net.ipv4.tcp_max_tw_buckets 4000)", f.message());
    }

    @Test
    void the_timewait_count_of_ss_s_is_read_as_the_host_total() {
        facts.counter("ss.TCP.timewait", 5200);
        Finding f = only(FindingCode.TIME_WAIT_STORM);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("5200 sockets in TIME_WAIT", f.message());
        assertEquals(5200L, f.evidence().get("ss.TCP.timewait"));
    }

    @Test
    void a_watched_rate_of_new_time_wait_is_rated_by_where_the_count_settles_against_the_port_range() {
        facts.sysctl("net.ipv4.ip_local_port_range", "32768\t60999");
        ss.tcp(30000, 30300, "TIME-WAIT 0 0 10.0.0.1:%d 10.0.0.5:80");
        // 235/s x 60 s = 14100, 49 % of the 28232 ports: below the warning.
        facts.counter("rate.TimeWait.new", 235);
        assertTrue(findings(FindingCode.TIME_WAIT_STORM).isEmpty());
        // 236/s x 60 s = 14160, 50 %.
        facts.counter("rate.TimeWait.new", 236);
        Finding f = only(FindingCode.TIME_WAIT_STORM);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("300 sockets in TIME_WAIT, most to 10.0.0.5:80 (300, 1 % of the 28232 ephemeral ports a client"
                + " has toward it); during the watch 236 sockets/s entered"
                + " TIME_WAIT, so it settles near 14160 (60 s each), 50 % of the 28232 ephemeral ports one"
                + " destination can use", f.message());
        assertEquals(14160L, f.evidence().get("projected"));
        // 471/s x 60 s = 28260: more than the range.
        facts.counter("rate.TimeWait.new", 471);
        assertEquals(Severity.CRITICAL, only(FindingCode.TIME_WAIT_STORM).severity());
    }

    @Test
    void time_wait_on_a_listening_port_says_the_server_closes_first() {
        ss.tcp("LISTEN 0 4096 0.0.0.0:8080 0.0.0.0:*");
        ss.tcp(1200, "TIME-WAIT 0 0 10.0.0.1:8080 10.0.0.7:%d");
        assertEquals("1200 sockets in TIME_WAIT, most on local :8080 (1200): this server closes first",
                only(FindingCode.TIME_WAIT_STORM).message());
    }

    @Test
    void one_destination_using_more_than_half_the_port_range_is_exhaustion_and_over_80_percent_critical() {
        facts.sysctl("net.ipv4.ip_local_port_range", "40000\t40099");
        ss.tcp(40000, 40030, "ESTAB 0 0 10.0.0.1:%d 10.0.0.5:5432");
        ss.tcp(40030, 40050, "TIME-WAIT 0 0 10.0.0.1:%d 10.0.0.5:5432");
        assertTrue(findings(FindingCode.EPHEMERAL_PORT_EXHAUSTION).isEmpty(), "50 of 100 is not more than half");
        ss.tcp("TIME-WAIT 0 0 10.0.0.1:40099 10.0.0.5:5432");
        Finding f = only(FindingCode.EPHEMERAL_PORT_EXHAUSTION);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("51 connections from 10.0.0.1 to 10.0.0.5:5432 (21 in TIME_WAIT) use 51 % of the 100 ephemeral"
                + " ports (40000-40099): new connections to it will fail with EADDRNOTAVAIL", f.message());
        ss.tcp(40051, 40080, "ESTAB 0 0 10.0.0.1:%d 10.0.0.5:5432");
        assertEquals(Severity.WARNING, only(FindingCode.EPHEMERAL_PORT_EXHAUSTION).severity(), "80 of 100");
        ss.tcp("ESTAB 0 0 10.0.0.1:40080 10.0.0.5:5432");
        assertEquals(Severity.CRITICAL, only(FindingCode.EPHEMERAL_PORT_EXHAUSTION).severity(), "81 of 100");
    }

    @Test
    void server_side_connections_from_one_client_are_not_exhaustion() {
        facts.sysctl("net.ipv4.ip_local_port_range", "40000 40099");
        ss.tcp(90, "ESTAB 0 0 10.0.0.1:8080 10.0.0.5:%d");
        assertTrue(findings(FindingCode.EPHEMERAL_PORT_EXHAUSTION).isEmpty());
    }

    @Test
    void many_time_wait_to_one_peer_and_port_are_short_connections_from_100_and_a_warning_from_1000() {
        ss.tcp(99, "TIME-WAIT 0 0 10.0.0.1:%d 10.0.0.5:80");
        assertTrue(findings(FindingCode.MANY_SHORT_CONNECTIONS).isEmpty());
        ss.tcp("TIME-WAIT 0 0 10.0.0.1:50000 10.0.0.5:80");
        Finding f = only(FindingCode.MANY_SHORT_CONNECTIONS);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("100 connections to 10.0.0.5:80 are in TIME_WAIT, each from its own local port: a client opens"
                + " a new connection per request", f.message());
        ss.tcp(51000, 51900, "TIME-WAIT 0 0 10.0.0.1:%d 10.0.0.5:80");
        assertEquals(Severity.WARNING, only(FindingCode.MANY_SHORT_CONNECTIONS).severity());
    }

    // ---- listen_backlog_overflow, listen_all_interfaces

    @Test
    void an_accept_queue_at_90_percent_of_its_backlog_is_critical_at_50_a_warning_and_below_info() {
        long[] queues = {63, 64, 115, 116, 129};
        Severity[] expected = {Severity.INFO, Severity.WARNING, Severity.WARNING, Severity.CRITICAL,
            Severity.CRITICAL};
        for (int i = 0; i < queues.length; i++) {
            SocketStats s = new SocketStats();
            new SsLines(s).tcp("LISTEN " + queues[i] + " 128 127.0.0.1:8080 0.0.0.0:* "
                    + "users:((\"java\",pid=4711,fd=12))");
            List<Finding> f = Rules.evaluate(s, facts, report);
            assertEquals(1, f.size(), f::toString);
            assertEquals(FindingCode.LISTEN_BACKLOG_OVERFLOW, f.get(0).code());
            assertEquals(expected[i], f.get(0).severity(), "Recv-Q " + queues[i]);
        }
    }

    @Test
    void a_full_accept_queue_names_the_listener_and_somaxconn() {
        facts.sysctl("net.core.somaxconn", "128");
        ss.tcp("LISTEN 129 128 127.0.0.1:8080 0.0.0.0:* users:((\"java\",pid=4711,fd=12))");
        Finding f = only(FindingCode.LISTEN_BACKLOG_OVERFLOW);
        assertEquals("The accept queue of 127.0.0.1:8080 held by pid 4711 (java) holds 129 of 128 connections"
                + " (100 %) (the backlog equals net.core.somaxconn, which caps what the application asked for):"
                + " the application does not accept() fast enough and new connections are dropped", f.message());
        assertEquals(128L, f.evidence().get("backlog"));
        assertTrue(f.recommendation().contains("net.core.somaxconn (now 128)"), f.recommendation());
    }

    @Test
    void listen_overflow_totals_are_judged_by_their_share_of_accepts_and_a_rate_is_critical_from_10_per_second() {
        facts.counter("TcpExt.ListenOverflows", 532);
        facts.counter("TcpExt.ListenDrops", 532);
        Finding f = only(FindingCode.LISTEN_BACKLOG_OVERFLOW);
        assertEquals(Severity.INFO, f.severity(), "532 and nothing to compare them with");
        assertTrue(f.message().contains("totals since boot"), f.message());
        facts.counter("Tcp.PassiveOpens", 100_000);
        f = only(FindingCode.LISTEN_BACKLOG_OVERFLOW);
        assertEquals(Severity.INFO, f.severity(), "0.53 % of accepts");
        assertEquals(100_000L, f.evidence().get("Tcp.PassiveOpens"));
        assertEquals(0.53, f.evidence().get("overflowPercent"));
        facts.counter("TcpExt.ListenOverflows", 5_000_000);
        facts.counter("TcpExt.ListenDrops", 5_000_000);
        f = only(FindingCode.LISTEN_BACKLOG_OVERFLOW);
        assertEquals(Severity.WARNING, f.severity(), "5 million overflows against 100,000 accepts");
        assertTrue(f.message().contains("(98.04 % of the 100000 connections accepted)"), f.message());
        facts.counter("Tcp.PassiveOpens", -1);
        facts.counter("TcpExt.ListenOverflows", 532);
        facts.counter("TcpExt.ListenDrops", 532);
        facts.counter("rate.TcpExt.ListenOverflows", 0);
        assertEquals(Severity.INFO, only(FindingCode.LISTEN_BACKLOG_OVERFLOW).severity());
        facts.counter("rate.TcpExt.ListenOverflows", 9);
        assertEquals(Severity.WARNING, only(FindingCode.LISTEN_BACKLOG_OVERFLOW).severity());
        facts.counter("rate.TcpExt.ListenOverflows", 10);
        f = only(FindingCode.LISTEN_BACKLOG_OVERFLOW);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("Accept queues are overflowing now: 10 TcpExt.ListenOverflows and 0 TcpExt.ListenDrops per"
                + " second", f.message());
    }

    @Test
    void wildcard_listeners_are_listed_as_info_and_loopback_ones_are_not() {
        ss.tcp("LISTEN 0 128 0.0.0.0:22 0.0.0.0:* users:((\"sshd\",pid=800,fd=3))");
        ss.tcp("LISTEN 0 511 [::]:80 [::]:* users:((\"nginx\",pid=900,fd=6))");
        ss.tcp("LISTEN 0 4096 127.0.0.1:5432 0.0.0.0:* users:((\"postgres\",pid=700,fd=5))");
        ss.udp("UNCONN 0 0 *:5353 *:* users:((\"avahi-daemon\",pid=600,fd=12))");
        Finding f = only(FindingCode.LISTEN_ALL_INTERFACES);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("3 sockets are bound to every interface: tcp :22 (sshd), tcp :80 (nginx), udp :5353"
                + " (avahi-daemon)", f.message());
        assertEquals(3L, f.evidence().get("count"));
    }

    // ---- syn_recv_flood, syn_sent_unanswered

    @Test
    void syn_recv_is_judged_against_the_listeners_backlog_when_ss_shows_it() {
        ss.tcp("LISTEN 0 32 0.0.0.0:8443 0.0.0.0:* users:((\"java\",pid=4711,fd=12))");
        ss.tcp(33, "SYN-RECV 0 0 10.0.0.1:8443 198.51.100.7:%d");
        facts.sysctl("net.ipv4.tcp_syncookies", "1");
        Finding f = only(FindingCode.SYN_RECV_FLOOD);
        assertEquals(Severity.CRITICAL, f.severity(), "33 half-open on a backlog of 32: the SYN queue is full");
        assertEquals(32L, f.evidence().get("backlog"));
        assertEquals(33L, f.evidence().get("synRecv"));
        assertTrue(f.message().contains("the SYN queue is full (backlog 32), so new SYNs are answered with syncookies"),
                f.message());
        SocketStats half = new SocketStats();
        new SsLines(half).tcp("LISTEN 0 32 0.0.0.0:8443 0.0.0.0:*");
        new SsLines(half).tcp(16, "SYN-RECV 0 0 10.0.0.1:8443 198.51.100.7:%d");
        List<Finding> h = Rules.evaluate(half, facts, report).stream()
                .filter(x -> x.code().equals(FindingCode.SYN_RECV_FLOOD)).toList();
        assertEquals(Severity.WARNING, h.get(0).severity(), "half the backlog");
        assertTrue(h.get(0).message().endsWith(": the SYN queue holds 50 % of its bound (backlog 32)"),
                h.get(0).message());
    }

    @Test
    void syn_recv_per_listening_port_turns_info_at_10_warning_at_100_and_critical_at_1000() {
        int[] counts = {9, 10, 100, 1000};
        Severity[] expected = {null, Severity.INFO, Severity.WARNING, Severity.CRITICAL};
        for (int i = 0; i < counts.length; i++) {
            SocketStats s = new SocketStats();
            new SsLines(s).tcp(counts[i], "SYN-RECV 0 0 10.0.0.1:443 198.51.100.7:%d");
            List<Finding> f = Rules.evaluate(s, facts, report).stream()
                    .filter(x -> x.code().equals(FindingCode.SYN_RECV_FLOOD)).toList();
            assertEquals(expected[i], f.isEmpty() ? null : f.get(0).severity(), "count " + counts[i]);
        }
        facts.sysctl("net.ipv4.tcp_syncookies", "1");
        ss.tcp(100, "SYN-RECV 0 0 10.0.0.1:443 198.51.100.7:%d");
        Finding f = only(FindingCode.SYN_RECV_FLOOD);
        assertEquals("100 half-open connections in SYN_RECV on :443, top source 198.51.100.7 with 100: handshakes do"
                + " not complete (a SYN flood, or the final ACKs are lost)", f.message());
        assertEquals("1", f.evidence().get("net.ipv4.tcp_syncookies"));
    }

    @Test
    void unanswered_syns_toward_a_local_listener_with_a_full_accept_queue_name_that_listener() {
        ss.tcp("LISTEN 5 4 127.0.0.1:8080 0.0.0.0:* users:((\"java\",pid=4711,fd=12))");
        ss.tcp(40000, 40005, "SYN-SENT 0 1 127.0.0.1:%d 127.0.0.1:8080 timer:(on,1.2sec,3)");
        Finding f = only(FindingCode.SYN_SENT_UNANSWERED);
        assertEquals("5 connection attempts to 127.0.0.1:8080 in SYN_SENT (SYN sent again 3 times): the listener on"
                + " :8080 of this host has a full accept queue (5 of 4), so its SYNs are dropped (see"
                + " listen_backlog_overflow)", f.message());
        assertEquals(5L, f.evidence().get("listenerAcceptQueue"));
        assertEquals(4L, f.evidence().get("backlog"));
    }

    @Test
    void unanswered_syns_are_info_from_one_and_a_warning_from_10_per_destination() {
        ss.tcp("SYN-SENT 0 1 10.0.0.1:51000 192.0.2.10:5432 users:((\"psql\",pid=321,fd=3)) timer:(on,1.2sec,3)");
        Finding f = only(FindingCode.SYN_SENT_UNANSWERED);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("1 connection attempt to 192.0.2.10:5432 in SYN_SENT (SYN sent again 3 times): the peer does"
                + " not answer", f.message());
        ss.tcp(8, "SYN-SENT 0 1 10.0.0.1:%d 192.0.2.10:5432");
        assertEquals(Severity.INFO, only(FindingCode.SYN_SENT_UNANSWERED).severity());
        ss.tcp("SYN-SENT 0 1 10.0.0.1:52000 192.0.2.10:5432");
        assertEquals(Severity.WARNING, only(FindingCode.SYN_SENT_UNANSWERED).severity());
    }

    @Test
    void unanswered_syns_recommend_commands_that_exist_with_the_destination() {
        ss.tcp("SYN-SENT 0 1 10.0.0.1:51000 192.0.2.10:5432");
        String what = only(FindingCode.SYN_SENT_UNANSWERED).recommendation();
        assertTrue(what.contains("`nc -vz 192.0.2.10 5432`"), what);
        assertFalse(what.contains("sockit probe"), what);
    }

    // ---- input in messages

    @Test
    void a_program_name_with_terminal_escapes_is_escaped_and_cut_in_the_message() {
        String evil = "ev\u001b[31mil\u0000" + "x".repeat(200);
        ss.tcp(12, "CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.2:%d users:((\"" + evil + "\",pid=4711,fd=5))");
        Finding f = only(FindingCode.CLOSE_WAIT_LEAK);
        assertTrue(f.message().contains("held by pid 4711 (ev\\e[31mil\\0" + "x".repeat(70) + "…(130 more)):"),
                f.message());
        assertTrue(f.message().chars().noneMatch(c -> c < 0x20), f.message());
    }

    // ---- receive_buffer_full, send_queue_backlog, zero_window

    @Test
    void a_recv_q_of_64_KiB_means_the_local_reader_is_stuck_and_65535_bytes_do_not() {
        ss.tcp("ESTAB 65535 0 10.0.0.1:8080 10.0.0.2:40000 users:((\"java\",pid=4711,fd=50))");
        assertTrue(findings(FindingCode.RECEIVE_BUFFER_FULL).isEmpty());
        ss.tcp("ESTAB 65536 0 10.0.0.1:8080 10.0.0.2:40001 users:((\"java\",pid=4711,fd=51))");
        Finding f = only(FindingCode.RECEIVE_BUFFER_FULL);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("1 ESTABLISHED socket holds at least 64 KiB (or 50 % of the receive buffer) of unread data,"
                + " up to 65536 bytes on 10.0.0.1:8080 from 10.0.0.2:40001 held by pid 4711 (java): the local"
                + " application is not reading", f.message());
    }

    @Test
    void a_recv_q_at_half_the_receive_buffer_is_full_and_50_such_sockets_are_critical() {
        ss.tcp("ESTAB 999 0 10.0.0.1:8080 10.0.0.2:40000 skmem:(r1500,rb2000,t0,tb46080,f0,w0,o0,bl0,d0)");
        assertTrue(findings(FindingCode.RECEIVE_BUFFER_FULL).isEmpty());
        ss.tcp(48, "ESTAB 1000 0 10.0.0.1:8080 10.0.0.2:%d users:((\"java\",pid=4711,fd=9)) "
                + "skmem:(r1500,rb2000,t0,tb46080,f0,w0,o0,bl0,d0)");
        ss.tcp("ESTAB 1000 0 10.0.0.1:8080 10.0.0.3:1 users:((\"python3\",pid=5,fd=9)) skmem:(r1,rb2000,d0)");
        Finding f = only(FindingCode.RECEIVE_BUFFER_FULL);
        assertEquals(Severity.WARNING, f.severity());
        assertTrue(f.message().contains("(48 of them held by pid 4711 java)"), f.message());
        ss.tcp("ESTAB 1000 0 10.0.0.1:8080 10.0.0.3:2 skmem:(r1,rb2000,d0)");
        assertEquals(Severity.CRITICAL, only(FindingCode.RECEIVE_BUFFER_FULL).severity());
    }

    @Test
    void a_send_q_of_64_KiB_means_the_peer_is_not_reading_or_the_path_is_slow() {
        ss.tcp("ESTAB 0 65535 10.0.0.1:40000 10.0.0.9:9092");
        assertTrue(findings(FindingCode.SEND_QUEUE_BACKLOG).isEmpty());
        ss.tcp("ESTAB 0 400000 10.0.0.1:40001 10.0.0.9:9092 users:((\"java\",pid=4711,fd=7)) rtt:85.2/3.1"
                + " retrans:0/12");
        Finding f = only(FindingCode.SEND_QUEUE_BACKLOG);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("1 ESTABLISHED socket holds at least 64 KiB (or 50 % of the send buffer) of unacknowledged"
                + " data, up to 400000 bytes from 10.0.0.1:40001 to 10.0.0.9:9092 (rtt 85.2 ms, 12 retransmissions)"
                + " held by pid 4711 (java): the peer is not reading or the path is slow", f.message());
    }

    @Test
    void a_zero_window_is_a_warning_and_50_are_critical() {
        for (int i = 0; i < 50; i++) {
            SocketRow row = ss.read(Proto.TCP, "ESTAB 0 131072 10.0.0.1:" + (40000 + i) + " 10.0.0.9:9092 "
                    + "users:((\"java\",pid=4711,fd=7))");
            row.zeroWindow = true;
            stats.accept(row);
            if (i == 0) {
                Finding f = only(FindingCode.ZERO_WINDOW);
                assertEquals(Severity.WARNING, f.severity());
                assertEquals("1 socket sees a zero receive window from the peer, e.g. 10.0.0.1:40000 to"
                        + " 10.0.0.9:9092 held by pid 4711 (java) with 131072 bytes waiting: the peer's application"
                        + " does not read", f.message());
            }
        }
        assertEquals(Severity.CRITICAL, only(FindingCode.ZERO_WINDOW).severity());
    }

    // ---- retransmissions

    @Test
    void timer_retransmissions_turn_warning_at_3_and_critical_at_6() {
        ss.tcp("ESTAB 0 5000 10.0.0.1:40000 10.0.0.9:443 timer:(on,3.2sec,2)");
        assertTrue(findings(FindingCode.RETRANSMISSIONS).isEmpty(), "2 timer retries alone say little");
        ss.tcp("ESTAB 0 5000 10.0.0.1:40001 10.0.0.9:443 timer:(on,6.4sec,3)");
        assertEquals(Severity.WARNING, only(FindingCode.RETRANSMISSIONS).severity());
        ss.tcp("ESTAB 0 5000 10.0.0.1:40002 10.0.0.9:443 timer:(on,51sec,6)");
        Finding f = only(FindingCode.RETRANSMISSIONS);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("2 sockets retransmitting on the timer, up to 6 times in a row, worst 10.0.0.1:40002 to"
                + " 10.0.0.9:443: segments are lost on the path or the peer does not answer", f.message());
    }

    @Test
    void the_retransmitted_share_turns_info_at_0_1_warning_at_1_and_critical_at_5_percent_only_in_an_interval() {
        facts.counter("Tcp.OutSegs", 100000);
        facts.counter("Tcp.RetransSegs", 99);
        assertTrue(findings(FindingCode.RETRANSMISSIONS).isEmpty());
        facts.counter("Tcp.RetransSegs", 100);
        assertEquals(Severity.INFO, only(FindingCode.RETRANSMISSIONS).severity());
        facts.counter("Tcp.RetransSegs", 1000);
        assertEquals(Severity.WARNING, only(FindingCode.RETRANSMISSIONS).severity());
        facts.counter("Tcp.RetransSegs", 6800);
        Finding f = only(FindingCode.RETRANSMISSIONS);
        assertEquals(Severity.WARNING, f.severity(), "a share over the whole uptime is at most a warning");
        assertTrue(f.message().startsWith("6.80 % of segments sent were retransmissions since boot"), f.message());
        facts.counter("rate.Tcp.OutSegs", 1000);
        facts.counter("rate.Tcp.RetransSegs", 50);
        assertEquals(Severity.CRITICAL, only(FindingCode.RETRANSMISSIONS).severity(), "5 % in the last interval");
        facts.counter("rate.Tcp.RetransSegs", 2);
        f = only(FindingCode.RETRANSMISSIONS);
        assertEquals(Severity.INFO, f.severity(), "the rate wins over the totals");
        assertTrue(f.message().contains("in the last interval"), f.message());
    }

    // ---- closing states

    @Test
    void fin_wait2_and_last_ack_turn_info_at_10_warning_at_100_and_critical_at_1000() {
        int[] counts = {9, 10, 100, 1000};
        Severity[] expected = {null, Severity.INFO, Severity.WARNING, Severity.CRITICAL};
        for (int i = 0; i < counts.length; i++) {
            SocketStats s = new SocketStats();
            new SsLines(s).tcp(counts[i], "FIN-WAIT-2 0 0 10.0.0.1:8080 10.0.0.8:%d timer:(timewait,50sec,0)")
                    .tcp(counts[i], "LAST-ACK 1 1 10.0.0.1:8081 10.0.0.8:%d");
            for (String code : List.of(FindingCode.FIN_WAIT2_LINGERING, FindingCode.LAST_ACK_LINGERING)) {
                List<Finding> f = Rules.evaluate(s, facts, report).stream().filter(x -> x.code().equals(code))
                        .toList();
                assertEquals(expected[i], f.isEmpty() ? null : f.get(0).severity(), code + " " + counts[i]);
            }
        }
        ss.tcp(100, "LAST-ACK 1 1 10.0.0.1:8081 10.0.0.8:%d");
        assertEquals("100 sockets in LAST_ACK, most to 10.0.0.8 (100): the peer does not acknowledge this side's"
                + " close", only(FindingCode.LAST_ACK_LINGERING).message());
        facts.sysctl("net.ipv4.tcp_fin_timeout", "60");
        ss.tcp(10, "FIN-WAIT-2 0 0 10.0.0.1:8080 10.0.0.8:%d");
        Finding f = only(FindingCode.FIN_WAIT2_LINGERING);
        assertEquals("10 sockets in FIN_WAIT2, most to 10.0.0.8 (10): this side closed and the peer never closes its"
                + " side", f.message());
        assertEquals("60", f.evidence().get("net.ipv4.tcp_fin_timeout"));
    }

    @Test
    void both_ends_of_a_loopback_connection_in_fin_wait2_and_close_wait_are_half_closed() {
        for (int i = 0; i < 10; i++) {
            int port = 45000 + i;
            ss.tcp("FIN-WAIT-2 0 0 127.0.0.1:" + port + " 127.0.0.1:7007 users:((\"curl\",pid=30,fd=3))");
            ss.tcp("CLOSE-WAIT 1 0 127.0.0.1:7007 127.0.0.1:" + port + " users:((\"java\",pid=4711,fd=9))");
        }
        ss.tcp("FIN-WAIT-2 0 0 127.0.0.1:46000 127.0.0.1:7007");
        Finding f = only(FindingCode.HALF_CLOSED_CONNECTIONS);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("10 loopback connections are half closed on this host, one end in FIN_WAIT2 and the other in"
                + " CLOSE_WAIT, e.g. the CLOSE_WAIT end 127.0.0.1:7007 held by pid 4711 (java): the process"
                + " holding the CLOSE_WAIT end does not close it", f.message());
    }

    // ---- host-wide limits

    @Test
    void orphans_turn_warning_at_50_and_critical_at_80_percent_of_tcp_max_orphans() {
        facts.sysctl("net.ipv4.tcp_max_orphans", "1000");
        facts.counter("sockstat.TCP.orphan", 499);
        assertTrue(findings(FindingCode.ORPHANED_SOCKETS).isEmpty());
        facts.counter("sockstat.TCP.orphan", 500);
        assertEquals(Severity.WARNING, only(FindingCode.ORPHANED_SOCKETS).severity());
        facts.counter("ss.TCP.orphaned", 800);
        Finding f = only(FindingCode.ORPHANED_SOCKETS);
        assertEquals(Severity.CRITICAL, f.severity());
        assertEquals("800 orphaned TCP sockets (closed by their process, still finishing the close), 80 % of"
                + " net.ipv4.tcp_max_orphans 1000: beyond the limit the kernel resets connections (\"too many"
                + " orphaned sockets\")", f.message());
    }

    @Test
    void tcp_memory_above_the_pressure_threshold_is_a_warning_and_at_the_maximum_critical() {
        facts.sysctl("net.ipv4.tcp_mem", "1000\t2000\t3000");
        facts.counter("sockstat.TCP.mem", 1999);
        assertTrue(findings(FindingCode.SOCKET_MEMORY_PRESSURE).isEmpty());
        facts.counter("sockstat.TCP.mem", 2000);
        assertEquals(Severity.WARNING, only(FindingCode.SOCKET_MEMORY_PRESSURE).severity());
        facts.counter("sockstat.TCP.mem", 3000);
        Finding f = only(FindingCode.SOCKET_MEMORY_PRESSURE);
        assertEquals(Severity.CRITICAL, f.severity());
        assertTrue(f.message().startsWith("TCP uses 3000 pages of memory, at or above the maximum of net.ipv4.tcp_mem"
                + " (1000 2000 3000)"), f.message());
    }

    @Test
    void memory_counters_since_boot_are_info_and_their_rates_warnings() {
        facts.counter("TcpExt.TCPAbortOnMemory", 3);
        assertEquals(Severity.INFO, only(FindingCode.SOCKET_MEMORY_PRESSURE).severity());
        facts.counter("rate.TcpExt.PruneCalled", 4);
        assertEquals(Severity.WARNING, only(FindingCode.SOCKET_MEMORY_PRESSURE).severity());
    }

    @Test
    void tcp_sockets_with_skmem_drops_are_info_and_1000_drops_a_warning() {
        ss.tcp("ESTAB 0 0 10.0.0.1:8080 10.0.0.2:40000 users:((\"java\",pid=4711,fd=9)) skmem:(r0,rb131072,t0,"
                + "tb87040,f0,w0,o0,bl0,d999)");
        Finding f = only(FindingCode.TCP_SOCKET_DROPS);
        assertEquals(Severity.INFO, f.severity());
        ss.tcp("ESTAB 0 0 10.0.0.1:8080 10.0.0.2:40001 skmem:(r0,rb131072,t0,tb87040,f0,w0,o0,bl0,d1)");
        f = only(FindingCode.TCP_SOCKET_DROPS);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("2 sockets dropped 1000 packets at the socket, most 10.0.0.1:8080 from 10.0.0.2:40000 held by"
                + " pid 4711 (java) with 999: its receive buffer or backlog was full", f.message());
    }

    @Test
    void udp_sockets_that_drop_name_port_and_pid_and_the_counter_since_boot_is_judged_by_its_share() {
        facts.counter("Udp.RcvbufErrors", 12);
        assertEquals(Severity.INFO, only(FindingCode.UDP_RECEIVE_BUFFER_DROPS).severity());
        facts.counter("Udp.InDatagrams", 1_000_000);
        assertEquals(Severity.INFO, only(FindingCode.UDP_RECEIVE_BUFFER_DROPS).severity(), "12 of a million");
        facts.counter("Udp.RcvbufErrors", 300_000);
        Finding big = only(FindingCode.UDP_RECEIVE_BUFFER_DROPS);
        assertEquals(Severity.WARNING, big.severity(), "hundreds of thousands lost, 23 % of what arrived");
        assertEquals(23.077, big.evidence().get("dropPercent"));
        assertTrue(big.message().contains("(23.077 % of 1300000 datagrams received)"), big.message());
        facts.counter("Udp.RcvbufErrors", 12);
        ss.udp("UNCONN 0 0 0.0.0.0:514 0.0.0.0:* users:((\"rsyslogd\",pid=900,fd=6)) skmem:(r0,rb212992,t0,tb212992,"
                + "f0,w0,o0,bl0,d5000)");
        ss.udp("UNCONN 0 0 127.0.0.1:8125 0.0.0.0:* users:((\"statsd\",pid=901,fd=6)) skmem:(r0,rb212992,d123)");
        Finding f = only(FindingCode.UDP_RECEIVE_BUFFER_DROPS);
        assertEquals(Severity.WARNING, f.severity());
        assertEquals("2 UDP sockets dropped 5123 datagrams, most 0.0.0.0:514 held by pid 900 (rsyslogd) with 5000:"
                + " the receive buffer was full", f.message());
        assertTrue(f.recommendation().contains("SO_RCVBUF") && f.recommendation().contains("net.core.rmem_max"));
        facts.counter("rate.Udp.RcvbufErrors", 100);
        assertEquals(Severity.CRITICAL, only(FindingCode.UDP_RECEIVE_BUFFER_DROPS).severity());
    }

    @Test
    void a_buffer_no_larger_than_twice_the_bandwidth_delay_product_limits_the_flow() {
        // 10 Mbit/s over 100 ms is 125000 bytes in flight.
        ss.tcp("ESTAB 0 0 10.0.0.1:40000 203.0.113.5:443 skmem:(r0,rb250001,t0,tb4194304) rtt:100/5"
                + " delivery_rate 10Mbps");
        assertTrue(findings(FindingCode.BUFFER_SIZES).isEmpty());
        ss.tcp("ESTAB 0 0 10.0.0.1:40001 203.0.113.5:443 skmem:(r0,rb250000,t0,tb4194304) rtt:100/5"
                + " delivery_rate 10Mbps");
        Finding f = only(FindingCode.BUFFER_SIZES);
        assertEquals(Severity.INFO, f.severity());
        assertEquals(125000L, f.evidence().get("maxBdpBytes"));
        facts.sysctl("net.ipv4.tcp_rmem", "4096 131072 6291456");
        f = only(FindingCode.BUFFER_SIZES);
        assertEquals(Severity.WARNING, f.severity(), "rb 250000 is far below the autotuning maximum");
        assertEquals("1 of 2 measured flows keep at least half their socket buffer in flight (largest"
                + " bandwidth-delay product 125000 bytes; e.g. 10.0.0.1:40001 to 203.0.113.5:443, rtt 100.0 ms,"
                + " rb 250000, tb 4194304), with rb far below the tcp_rmem maximum 6291456 (SO_RCVBUF set explicitly"
                + " turns autotuning off): the socket buffer, not the network, limits their throughput", f.message());
    }

    // ---- unparsed_input

    @Test
    void unparsed_lines_are_info_below_10_percent_and_a_warning_from_it() {
        report.format("ss");
        for (int i = 1; i <= 100; i++) {
            report.line();
            report.socket();
        }
        for (int i = 0; i < 9; i++) {
            report.unparsed(7 + i, "garbage " + i, "no state column");
        }
        Finding f = only(FindingCode.UNPARSED_INPUT);
        assertEquals(Severity.INFO, f.severity());
        assertEquals("9 of 100 input lines could not be read as ss, the first at line 7 (no state column): the"
                + " findings leave them out", f.message());
        assertEquals(ParseReport.MAX_SAMPLES, ((List<?>) f.evidence().get("samples")).size());
        report.unparsed(99, "more", "no state column");
        assertEquals(Severity.WARNING, only(FindingCode.UNPARSED_INPUT).severity());
    }

    // ---- order

    @Test
    void findings_come_worst_first_then_by_count() {
        ss.tcp("LISTEN 0 128 0.0.0.0:8080 0.0.0.0:* users:((\"java\",pid=4711,fd=12))");
        ss.tcp(12, "CLOSE-WAIT 1 0 10.0.0.1:8080 10.0.0.2:%d users:((\"java\",pid=4711,fd=5))");
        ss.tcp(150, "CLOSE-WAIT 1 0 10.0.0.1:9090 10.0.0.2:%d users:((\"java\",pid=4711,fd=5))");
        ss.tcp(40, "CLOSE-WAIT 1 0 10.0.0.1:7070 10.0.0.2:%d users:((\"java\",pid=4711,fd=5))");
        ss.tcp("SYN-SENT 0 1 10.0.0.1:51000 192.0.2.10:5432");
        facts.counter("TcpExt.ListenOverflows", 5);
        List<Finding> f = evaluate();
        List<String> order = f.stream().map(x -> x.severity() + " " + x.code() + " " + Rules.count(x)).toList();
        assertEquals(List.of("CRITICAL close_wait_leak 150", "WARNING close_wait_leak 40",
                "WARNING close_wait_leak 12", "INFO listen_backlog_overflow 5", "INFO syn_sent_unanswered 1",
                "INFO listen_all_interfaces 1"), order);
    }

    @Test
    void an_empty_input_has_no_findings() {
        assertTrue(evaluate().isEmpty());
        assertTrue(Rules.evaluate(new SocketStats(), null, null).isEmpty());
    }
}
