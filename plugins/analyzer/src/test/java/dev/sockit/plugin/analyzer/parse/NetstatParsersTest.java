package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NetstatParsersTest {

    @Test
    void reads_linux_netstat_tanpe_with_user_inode_and_pid() {
        Parsed p = Parsed.fixture(new NetstatLinuxParser(), "netstat-linux/netstat-tanpe.txt");
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(Map.of("TCP/CLOSE_WAIT", 1, "TCP/ESTABLISHED", 38, "TCP/FIN_WAIT2", 1, "TCP/LISTEN", 4,
                "TCP/TIME_WAIT", 5), p.byState());
        SocketRow l = p.one("127.0.0.1:47001", "0.0.0.0:*");
        assertEquals(1, l.recvQ);
        assertEquals(0, l.uid);
        assertEquals(550386, l.inode);
        assertEquals(12733, l.pid);
        assertEquals("python3", l.program);
        assertEquals(-1, p.one("0.0.0.0:2024", "0.0.0.0:*").pid);
        assertEquals(1000, p.one("127.0.0.1:47001", "127.0.0.1:33842").recvQ);
    }

    @Test
    void reads_linux_netstat_an_with_the_unix_section() {
        Parsed p = Parsed.fixture(new NetstatLinuxParser(), "netstat-linux/netstat-an.txt");
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(6, p.rows.stream().filter(r -> r.proto == Proto.UNIX).count());
        SocketRow l = p.one(r -> r.proto == Proto.UNIX && r.state == TcpState.LISTEN);
        assertEquals("/tmp/ssfix/sockit-test.sock", l.localAddress);
        assertEquals(550402, l.inode);
        SocketRow v6 = p.one("[::1]:47002", "[::]:*");
        assertTrue(v6.ipv6);
        assertEquals(TcpState.LISTEN, v6.state);
        assertEquals(TcpState.UNCONN, p.one(r -> r.proto == Proto.UDP).state);
    }

    @Test
    void reads_linux_netstat_tulpn_and_names() {
        Parsed p = Parsed.fixture(new NetstatLinuxParser(), "netstat-linux/netstat-tulpn.txt");
        assertEquals(5, p.report.sockets());
        SocketRow udp = p.one(r -> r.proto == Proto.UDP);
        assertEquals(12733, udp.pid);
        assertEquals(47003, udp.localPort);
        assertEquals("java", p.one(r -> r.localPort == 19502).program);

        Parsed names = Parsed.fixture(new NetstatLinuxParser(), "netstat-linux/centos7-netstat-aeep.txt");
        assertEquals(0, names.report.unparsedCount(), names.report.samples().toString());
        assertEquals(160, names.report.sockets());
        SocketRow smtp = names.one(r -> "localhost".equals(r.localAddress) && r.localPort == 25 && !r.ipv6);
        assertEquals(25, smtp.localPort);
        assertEquals(1489, smtp.pid);
        assertEquals("master", smtp.program);
        assertEquals(22606, smtp.inode);
        assertEquals(List.of("sshd: kbrazil"), names.rows.stream().filter(r -> r.pid == 6492).map(r -> r.program)
                .distinct().toList());
        SocketRow docker = names.one(r -> r.inode == 22040);
        assertEquals("/var/run/docker.sock", docker.localAddress);
        assertEquals("dockerd-curren", docker.program);
        assertEquals(TcpState.LISTEN, docker.state);
        assertEquals("*", names.one(r -> r.inode == 63240).localAddress);

        Parsed timers = Parsed.text(new NetstatLinuxParser(),
                "tcp   0   0 127.0.0.1:22   127.0.0.1:5000  ESTABLISHED 1234/sshd: user  keepalive (7169.62/0/2)\n"
                + "raw6  0   0 :::58          :::*            7           -                off (0.00/0/0)\n");
        assertEquals(0, timers.report.unparsedCount(), timers.report.samples().toString());
        assertEquals("sshd: user", timers.rows.get(0).program);
        assertEquals("keepalive", timers.rows.get(0).timer);
        assertEquals(7_169_620, timers.rows.get(0).timerMs);
        assertEquals(0, timers.rows.get(0).timerRetrans);
        assertEquals(Proto.RAW, timers.rows.get(1).proto);
        assertEquals("off", timers.rows.get(1).timer);
    }

    @Test
    void reads_the_states_and_titles_of_translated_linux_netstat() {
        // net-tools' po/ files: de "VERBUNDEN", sv "LYSSNAR", pt_BR "ESPERANDO_FECHAR", cs "NASLOUCHÁ"
        Parsed p = Parsed.text(new NetstatLinuxParser(), String.join("\n",
                "Aktive Internetverbindungen (Server und stehende Verbindungen)",
                "Proto Recv-Q Send-Q Local Address           Foreign Address         State",
                "tcp6       0      0 44.225.164.27:52673     44.224.57.198:53551     VERBUNDEN",
                "tcp        0      0 0.0.0.0:22              0.0.0.0:*               LYSSNAR",
                "tcp        5      0 10.0.0.1:8080           10.0.0.2:41000          ESPERANDO_FECHAR",
                "tcp        0      0 0.0.0.0:80              0.0.0.0:*               NASLOUCHÁ",
                "tcp        0      0 10.0.0.1:8080           10.0.0.3:41000          UNBEKANNT",
                "Aktive Sockets in der UNIX-Domäne (Server und stehende Verbindungen)", ""));
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(Map.of("TCP/CLOSE_WAIT", 1, "TCP/ESTABLISHED", 1, "TCP/LISTEN", 2, "TCP/UNKNOWN", 1),
                p.byState());
        assertTrue(p.report.notes().stream().anyMatch(n -> n.contains("Aktive Internetverbindungen")),
                p.report.notes().toString());
        // a line with digits that is no socket row is still unread input, whatever the language
        Parsed junk = Parsed.text(new NetstatLinuxParser(), "tcp 0 0 10.0.0.1:1 10.0.0.2:2 ESTABLISHED\nfoo 12 bar\n");
        assertEquals(1, junk.report.unparsedCount(), junk.report.samples().toString());
    }

    @Test
    void reads_windows_netstat_whose_title_and_header_are_in_another_language() {
        Parsed p = Parsed.fixture(new NetstatWindowsParser(), "netstat-windows/zh-cn-netstat-ano.txt");
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(Map.of("TCP/TIME_WAIT", 2), p.byState());
        assertEquals(8411, p.one("127.0.0.1:8411", "127.0.0.1:58296").localPort);
    }

    @Test
    void reads_netstat_s_sentences_and_named_counters() {
        Parsed p = Parsed.fixture(new NetstatStatisticsParser(), "netstat-s/netstat-s.txt");
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(4356, p.facts.counter("TcpExt.ListenOverflows"));
        assertEquals(4356, p.facts.counter("TcpExt.ListenDrops"));
        assertEquals(47385, p.facts.counter("Tcp.RetransSegs"));
        assertEquals(68056, p.facts.counter("Tcp.ActiveOpens"));
        assertEquals(68012, p.facts.counter("Tcp.PassiveOpens"));
        assertEquals(3, p.facts.counter("Tcp.AttemptFails"));
        assertEquals(48260, p.facts.counter("Tcp.EstabResets"));
        assertEquals(39, p.facts.counter("Tcp.CurrEstab"));
        assertEquals(0, p.facts.counter("Tcp.InErrs"));
        assertEquals(26229, p.facts.counter("Tcp.OutRsts"));
        assertEquals(23921, p.facts.counter("Udp.RcvbufErrors"));
        assertEquals(0, p.facts.counter("Udp.SndbufErrors"));
        assertEquals(23921, p.facts.counter("Udp.InErrors"));
        assertEquals(750, p.facts.counter("Udp.NoPorts"));
        assertEquals(4652, p.facts.counter("TcpExt.TCPTimeouts"));
        assertEquals(23289, p.facts.counter("TcpExt.PruneCalled"));
        assertEquals(43825, p.facts.counter("TcpExt.TW"));
        assertEquals(22268, p.facts.counter("TcpExt.TCPAbortOnClose"));
        assertEquals(42711, p.facts.counter("TcpExt.DelayedACKLost"));
        assertEquals(474, p.facts.counter("TcpExt.TCPSACKReorder"));
        assertEquals(2, p.facts.counter("Ip.Forwarding"));
        assertEquals(752, p.facts.counter("IcmpMsg.InType3"));
    }

    @Test
    void reads_netstat_s_sentences_of_other_versions() {
        Parsed p = Parsed.text(new NetstatStatisticsParser(), String.join("\n",
                "Tcp:", "    10 segments retransmited", "    2 bad segments received.",
                "TcpExt:", "    5 SYN cookies sent", "    6 connections aborted due to memory pressure",
                "    7 SYNs to LISTEN sockets ignored", "    TCPBacklogDrop: 8", "    TCPRcvQDrop: 9",
                "Udp:", "    99999999999999999999 packets received", ""));
        assertEquals(10, p.facts.counter("Tcp.RetransSegs"));
        assertEquals(2, p.facts.counter("Tcp.InErrs"));
        assertEquals(5, p.facts.counter("TcpExt.SyncookiesSent"));
        assertEquals(6, p.facts.counter("TcpExt.TCPAbortOnMemory"));
        assertEquals(7, p.facts.counter("TcpExt.ListenDrops"));
        assertEquals(8, p.facts.counter("TcpExt.TCPBacklogDrop"));
        assertEquals(9, p.facts.counter("TcpExt.TCPRcvQDrop"));
        assertEquals(1, p.report.unparsedCount());
    }

    @Test
    void reads_lsof_service_names_as_their_ports_and_notes_a_name_it_does_not_know() {
        Parsed p = Parsed.fixture(new LsofParser(), "lsof/lsof-i-names.txt");
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(8, p.rows.size());
        SocketRow https = p.rows.get(0);
        assertEquals("localhost", https.localAddress);
        assertEquals(443, https.localPort);
        assertEquals(TcpState.LISTEN, https.state);
        assertEquals(8080, p.rows.get(1).localPort);
        assertEquals(1234, p.rows.get(2).localPort);
        assertEquals(37818, p.rows.get(3).localPort);
        assertEquals(443, p.rows.get(3).remotePort);
        assertEquals(8080, p.rows.get(6).localPort);
        assertEquals(47364, p.rows.get(6).remotePort);
        assertTrue(p.report.notes().stream().noneMatch(n -> n.contains("service names")), p.report.notes().toString());

        // macOS prints IANA names Debian does not list; one no table knows reads as 0, with a note
        Parsed mac = Parsed.text(new LsofParser(), String.join("\n",
                "COMMAND   PID USER   FD   TYPE             DEVICE SIZE/OFF NODE NAME",
                "java    61006 dev   57u  IPv6 0x5f3e1b0e1c2d3a4b      0t0  TCP *:search-agent (LISTEN)",
                "Python  61010 dev    4u  IPv4 0x5f3e1b0e1c2d3a4c      0t0  TCP *:commplex-main (LISTEN)",
                "node    61011 dev   21u  IPv4 0x5f3e1b0e1c2d3a4d      0t0  TCP *:no-such-service (LISTEN)", ""));
        assertEquals(0, mac.report.unparsedCount(), mac.report.samples().toString());
        assertEquals(1234, mac.rows.get(0).localPort);
        assertEquals(5000, mac.rows.get(1).localPort);
        assertEquals(0, mac.rows.get(2).localPort);
        assertTrue(mac.report.notes().stream().anyMatch(n -> n.contains("use lsof -P")), mac.report.notes().toString());
    }

    @Test
    void reads_the_state_of_lsof_E_rows_after_the_peer_endpoint() {
        Parsed p = Parsed.fixture(new LsofParser(), "lsof/lsof-i-E-n-P.txt");
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(8, p.rows.size());
        assertEquals(3, p.rows.stream().filter(r -> r.state == TcpState.LISTEN).count());
        assertEquals(4, p.rows.stream().filter(r -> r.state == TcpState.ESTABLISHED).count());
        assertEquals(TcpState.UNCONN, p.rows.get(7).state);
        assertTrue(p.rows.stream().noneMatch(r -> r.state == TcpState.UNKNOWN));
        assertEquals(443, p.rows.get(3).remotePort);
    }

    @Test
    void quotes_netstats_banner_and_an_elision_as_notes_not_as_unparsed_lines() {
        Parsed p = Parsed.text(new NetstatLinuxParser(), String.join("\n",
                "(Not all processes could be identified, non-owned process info",
                " will not be shown, you would have to be root to see it all.)",
                "Active Internet connections (servers and established)",
                "Proto Recv-Q Send-Q Local Address           Foreign Address         State       PID/Program name",
                "tcp        0      0 127.0.0.1:25            0.0.0.0:*               LISTEN      -",
                "...",
                "tcp        0      0 127.0.0.1:5000          127.0.0.1:41000         ESTABLISHED 42/java",
                "\u2026",
                "garbage that is no row", ""));
        assertEquals(2, p.rows.size());
        assertEquals(1, p.report.unparsedCount(), "only the garbage line: " + p.report.samples());
        assertTrue(p.report.notes().contains("(Not all processes could be identified, non-owned process info"),
                p.report.notes().toString());
        assertTrue(p.report.notes().contains("will not be shown, you would have to be root to see it all.)"));
        assertEquals(1, p.report.notes().stream().filter(n -> n.startsWith("lines elided")).count());
    }

    @Test
    void reads_ss_summary() {
        Parsed p = Parsed.fixture(new SsSummaryParser(), "ss-summary/ss-s.txt");
        assertEquals(0, p.report.unparsedCount());
        assertEquals(63, p.facts.counter("ss.total"));
        assertEquals(43, p.facts.counter("ss.TCP.total"));
        assertEquals(39, p.facts.counter("ss.TCP.estab"));
        assertEquals(6, p.facts.counter("ss.TCP.closed"));
        assertEquals(0, p.facts.counter("ss.TCP.orphaned"));
        assertEquals(6, p.facts.counter("ss.TCP.timewait"));
        assertEquals(23, p.facts.counter("ss.TCP.ip"));
        assertEquals(20, p.facts.counter("ss.TCP.ipv6"));
        assertEquals(1, p.facts.counter("ss.UDP.total"));
        assertEquals(44, p.facts.counter("ss.INET.total"));

        Parsed old = Parsed.text(new SsSummaryParser(), "Total: 194 (kernel 210)\n"
                + "TCP:   7 (estab 1, closed 0, orphaned 0, synrecv 0, timewait 3/0), ports 0\n");
        assertEquals(210, old.facts.counter("ss.kernel"));
        assertEquals(3, old.facts.counter("ss.TCP.timewait"));
        assertEquals(0, old.facts.counter("ss.TCP.synrecv"));
    }

    @Test
    void reads_freebsd_netstat_and_skips_the_unix_section() {
        Parsed p = Parsed.fixture(new NetstatBsdParser(), "netstat-bsd/freebsd12-netstat-an.txt");
        assertEquals(0, p.report.unparsedCount());
        assertEquals(Map.of("TCP/ESTABLISHED", 1, "TCP/LISTEN", 3, "UDP/UNCONN", 2), p.byState());
        SocketRow e = p.one("192.168.71.163:22", "192.168.71.1:56321");
        assertEquals(3, e.line);
        assertEquals("127.0.0.1", p.one(r -> r.localPort == 25).localAddress);
        assertTrue(p.one(r -> r.state == TcpState.LISTEN && r.ipv6).localAddress.equals("*"));
        assertTrue(p.report.notes().contains("skipped section: Active UNIX domain sockets"));

        Parsed a = Parsed.fixture(new NetstatBsdParser(), "netstat-bsd/freebsd12-netstat-AanP.txt");
        assertEquals(p.byState(), a.byState());
    }

    @Test
    void reads_macos_netstat_and_its_sections() {
        Parsed p = Parsed.fixture(new NetstatBsdParser(), "netstat-bsd/macos-netstat.txt");
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(158, p.report.sockets());
        assertEquals(5, p.count(Proto.TCP, TcpState.CLOSE_WAIT));
        assertEquals(47, p.count(Proto.TCP, TcpState.ESTABLISHED));
        SocketRow cw = p.one(r -> r.recvQ == 31 && r.localPort == 62664);
        assertEquals(TcpState.CLOSE_WAIT, cw.state);
        assertEquals(443, p.one(r -> r.localPort == 62979).remotePort);
        assertTrue(p.report.notes().contains("skipped section: Active kernel control sockets"));
    }

    @Test
    void reads_bsd_addresses_with_zones_and_ipv6() {
        Parsed p = Parsed.text(new NetstatBsdParser(), String.join("\n",
                "Active Internet connections (including servers)",
                "Proto Recv-Q Send-Q  Local Address          Foreign Address        (state)",
                "tcp6       0      0  ::1.8080               ::1.50000              ESTABLISHED",
                "udp6       0      0  fe80::1%lo0.123        *.*",
                "tcp46      3      0  *.8080                 *.*                    LISTEN", ""));
        assertEquals(0, p.report.unparsedCount());
        assertEquals("::1", p.rows.get(0).localAddress);
        assertEquals(50000, p.rows.get(0).remotePort);
        assertEquals("fe80::1%lo0", p.rows.get(1).localAddress);
        assertEquals(123, p.rows.get(1).localPort);
        assertEquals(3, p.rows.get(2).recvQ);
    }

    @Test
    void reads_windows_netstat_with_pids_and_programs() {
        Parsed an = Parsed.fixture(new NetstatWindowsParser(), "netstat-windows/win10-netstat-an.txt");
        assertEquals(0, an.report.unparsedCount());
        assertEquals(Map.of("TCP/ESTABLISHED", 32, "TCP/LISTEN", 48, "UDP/UNCONN", 180), an.byState());

        Parsed aon = Parsed.fixture(new NetstatWindowsParser(), "netstat-windows/win10-netstat-aon.txt");
        SocketRow scoped = aon.one(r -> "fe80::244e:2f1e:2096:62b2%9".equals(r.localAddress));
        assertEquals(1900, scoped.localPort);
        assertEquals(8844, scoped.pid);
        assertTrue(scoped.ipv6);
        assertEquals(0, aon.report.unparsedCount());
        assertEquals(208, aon.report.sockets());
        assertEquals(1712, aon.one(r -> r.localPort == 135 && !r.ipv6).pid);
        assertEquals(-1, aon.one(r -> r.localPort == 135 && !r.ipv6).recvQ);

        Parsed aonb = Parsed.fixture(new NetstatWindowsParser(), "netstat-windows/win10-netstat-aonb.txt");
        assertEquals(0, aonb.report.unparsedCount(), aonb.report.samples().toString());
        assertEquals(318, aonb.report.sockets());
        SocketRow rpc = aonb.one(r -> r.localPort == 135 && !r.ipv6);
        assertEquals("svchost.exe", rpc.program);
        assertEquals(1712, rpc.pid);
        assertEquals(null, aonb.one(r -> r.localPort == 445 && !r.ipv6).program);
    }

    @Test
    void reads_lsof_inet_listings() {
        Parsed p = Parsed.fixture(new LsofParser(), "lsof/lsof-i-n-P.txt");
        assertEquals(0, p.report.unparsedCount());
        assertEquals(Map.of("TCP/ESTABLISHED", 38, "TCP/LISTEN", 3, "UDP/UNCONN", 1), p.byState());
        SocketRow l = p.one("127.0.0.1:47001", "*:*");
        assertEquals(12733, l.pid);
        assertEquals("python3", l.program);
        assertEquals(3, l.fd);
        assertEquals(550386, l.inode);
        assertEquals(-1, l.recvQ);
        SocketRow v6 = p.one("[::1]:43134", "[::1]:47002");
        assertTrue(v6.ipv6);
        assertEquals(TcpState.ESTABLISHED, v6.state);
        assertEquals(47003, p.one(r -> r.proto == Proto.UDP).localPort);

        Parsed listen = Parsed.fixture(new LsofParser(), "lsof/lsof-listen.txt");
        assertEquals(3, listen.count(Proto.TCP, TcpState.LISTEN));

        Parsed tid = Parsed.fixture(new LsofParser(), "lsof/ubuntu1804-lsof-inet.txt");
        assertEquals(0, tid.report.unparsedCount(), tid.report.samples().toString());
        assertEquals(16, tid.report.sockets());
        SocketRow dns = tid.one(r -> r.proto == Proto.TCP && r.localPort == 53);
        assertEquals(885, dns.pid);
        assertEquals(13, dns.fd);
        assertEquals(TcpState.LISTEN, dns.state);
    }
}
