package dev.sockit.plugin.analyzer.parse;

import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SsParserTest {

    @Test
    void reads_ss_tanpmie_with_details_on_continuation_lines() {
        Parsed p = Parsed.fixture(new SsParser(), "ss/ss-tanpmie.txt");
        assertEquals(99, p.report.lines());
        assertEquals(49, p.report.sockets());
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(Map.of("TCP/CLOSE_WAIT", 1, "TCP/ESTABLISHED", 38, "TCP/FIN_WAIT2", 1, "TCP/LISTEN", 4,
                "TCP/TIME_WAIT", 5), p.byState());

        SocketRow listener = p.one("127.0.0.1:47001", "0.0.0.0:*");
        assertEquals(TcpState.LISTEN, listener.state);
        assertEquals(1, listener.recvQ);
        assertEquals(16, listener.sendQ);
        assertEquals(12733, listener.pid);
        assertEquals("python3", listener.program);
        assertEquals(3, listener.fd);
        assertEquals(550386, listener.inode);
        assertEquals(131072, listener.rcvBuf);
        assertEquals(16384, listener.sndBuf);
        assertEquals(0, listener.drops);
        assertEquals("bbr", listener.congestion);
        assertEquals(2, listener.line);

        SocketRow unread = p.one("127.0.0.1:47001", "127.0.0.1:33842");
        assertEquals(TcpState.ESTABLISHED, unread.state);
        assertEquals(1000, unread.recvQ);
        assertEquals(7, unread.fd);

        SocketRow load = p.one("127.0.0.1:50524", "127.0.0.1:19502");
        assertEquals(64, load.recvQ);
        assertEquals(896, load.rmemAlloc);
        assertEquals(303684, load.rcvBuf);
        assertEquals(3939840, load.sndBuf);
        assertEquals(3200, load.fwdAlloc);
        assertEquals(204, load.rtoMs);
        assertEquals(0.071, load.rttMs, 1e-9);
        assertEquals(0.034, load.rttVarMs, 1e-9);
        assertEquals(32768, load.mss);
        assertEquals(18, load.cwnd);
        assertEquals(948928, load.bytesSent);
        assertEquals(948929, load.bytesAcked);
        assertEquals(948928, load.bytesReceived);
        assertEquals(66459042254L, load.sendRateBps);
        assertEquals(311896363608L, load.pacingRateBps);
        assertEquals(37449142856L, load.deliveryRateBps);
        assertEquals(70464, load.rcvSpace);
        assertEquals(65536, load.sndWindow);
        assertEquals(148, p.one("127.0.0.1:47001", "127.0.0.1:33844").lastSendMs);
        assertFalse(load.zeroWindow);

        SocketRow tw = p.one("192.0.2.2:58506", "203.0.113.80:80");
        assertEquals(TcpState.TIME_WAIT, tw.state);
        assertEquals("timewait", tw.timer);
        assertEquals(52_000, tw.timerMs);
        assertEquals(0, tw.timerRetrans);
    }

    @Test
    void reads_the_same_sockets_without_the_header() {
        Parsed with = Parsed.fixture(new SsParser(), "ss/ss-tanpmie.txt");
        Parsed without = Parsed.fixture(new SsParser(), "ss/ss-tanpmieH.txt");
        assertEquals(with.byState(), without.byState());
        assertEquals(98, without.report.lines());
        assertEquals(0, without.report.unparsedCount());
        assertEquals(550386, without.one("127.0.0.1:47001", "0.0.0.0:*").inode);
    }

    @Test
    void reads_netid_layouts_udp_and_ipv6() {
        Parsed p = Parsed.fixture(new SsParser(), "ss/ss-tuln.txt");
        assertEquals(Map.of("TCP/LISTEN", 4, "UDP/UNCONN", 1), p.byState());
        SocketRow v6 = p.one("[::1]:47002", "[::]:*");
        assertTrue(v6.ipv6);
        assertEquals(8, v6.sendQ);
        assertEquals("::ffff:127.0.0.1", p.one(r -> r.localPort == 19502).localAddress);
        SocketRow udp = p.one(r -> r.proto == Proto.UDP);
        assertEquals("127.0.0.1", udp.localAddress);
        assertEquals(47003, udp.localPort);
        assertEquals("*", udp.remote().substring(udp.remote().length() - 1));
    }

    @Test
    void reads_without_a_state_column() {
        Parsed p = Parsed.fixture(new SsParser(), "ss/ss-tio-estab.txt");
        assertEquals(38, p.report.sockets());
        assertEquals(0, p.report.unparsedCount());
        SocketRow s = p.one("127.0.0.1:47001", "127.0.0.1:33844");
        assertEquals(437_000_000_000L, s.sendRateBps);
        assertEquals(1_250_000_000_000L, s.pacingRateBps);
    }

    @Test
    void reads_unix_sockets_with_path_and_inodes() {
        Parsed p = Parsed.fixture(new SsParser(), "ss/ss-xap.txt");
        assertEquals(Map.of("UNIX/ESTABLISHED", 5, "UNIX/LISTEN", 1), p.byState());
        SocketRow l = p.one(r -> r.state == TcpState.LISTEN);
        assertEquals("/tmp/ssfix/sockit-test.sock", l.localAddress);
        assertEquals(550402, l.inode);
        assertEquals(550402, l.localPort);
        assertEquals(4, l.sendQ);
        assertEquals(12733, l.pid);
        SocketRow pair = p.one(r -> r.inode == 1203);
        assertEquals("*", pair.localAddress);
        assertEquals(1204, pair.remotePort);
    }

    @Test
    void reads_old_ss_with_service_names_and_netlink_rows() {
        Parsed p = Parsed.fixture(new SsParser(), "ss/centos7-ss-a.txt");
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(203, p.report.sockets());
        assertEquals(42, p.count(Proto.OTHER, TcpState.UNCONN));
        assertEquals(150, p.rows.stream().filter(r -> r.proto == Proto.UNIX).count());
        SocketRow ssh = p.one("[::1]:22", "[::1]:38134");
        assertEquals(TcpState.ESTABLISHED, ssh.state);
        assertEquals(22, p.one("*:22", "*:*").localPort);
    }

    @Test
    void reads_users_with_several_processes_and_extended_fields() {
        Parsed p = Parsed.fixture(new SsParser(), "ss/ubuntu1804-ss-tulpen.txt");
        assertEquals(73, p.report.sockets());
        assertEquals(0, p.report.unparsedCount());
        SocketRow avahi = p.one(r -> "0.0.0.0".equals(r.localAddress) && r.localPort == 5353);
        assertEquals(1510, avahi.pid);
        assertEquals(112, avahi.uid);
        assertEquals(25147, avahi.inode);
        assertTrue(p.report.notes().stream().anyMatch(n -> n.contains("several processes")));
    }

    @Test
    void reads_old_ipv6_and_scoped_addresses() {
        Parsed p = Parsed.text(new SsParser(), String.join("\n",
                "tcp    LISTEN     0      128                    :::80                      :::*",
                "udp    UNCONN     0      0       fe80::1%lo:22            *:*",
                "udp    UNCONN     0      0       127.0.0.1%lo:53          0.0.0.0:*",
                "tcp    ESTAB      0      0       [fe80::5%eth0]:22        [fe80::9%eth0]:50000", ""));
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals("::", p.rows.get(0).localAddress);
        assertEquals(80, p.rows.get(0).localPort);
        assertTrue(p.rows.get(0).ipv6);
        assertEquals("fe80::1%lo", p.rows.get(1).localAddress);
        assertEquals(22, p.rows.get(1).localPort);
        assertEquals("127.0.0.1%lo", p.rows.get(2).localAddress);
        assertEquals(53, p.rows.get(2).localPort);
        assertEquals("fe80::9%eth0", p.rows.get(3).remoteAddress);
        assertEquals(50000, p.rows.get(3).remotePort);
    }

    @Test
    void reads_tcp_info_timers_and_zero_window() {
        Parsed p = Parsed.text(new SsParser(), String.join("\n",
                "State Recv-Q Send-Q Local Address:Port Peer Address:Port Process",
                "ESTAB 0 4096 10.0.0.1:5000 10.0.0.2:41000 users:((\"java\",pid=1,fd=5),(\"x\",pid=2,fd=6))"
                        + " timer:(persist,1min3sec,7) uid:1000 ino:77 sk:1",
                "\t cubic wscale:7,7 rto:204 rtt:0.03/0.015 ato:40 mss:32768 pmtu:65535 rcvmss:536 advmss:65483"
                        + " cwnd:10 ssthresh:20 bytes_sent:100 bytes_acked:90 bytes_received:80 segs_out:5"
                        + " lastsnd:11 lastrcv:12 lastack:13 pacing_rate 42Gbps delivery_rate 3.5Mbps"
                        + " send 250Kbps unacked:2 retrans:1/3 lost:4 rcv_space:14600 rcv_ssthresh:64076"
                        + " notsent:512 minrtt:0.02 snd_wnd:0 rcv_wnd:65536",
                "ESTAB 0 0 10.0.0.1:5001 10.0.0.2:41001 timer:(keepalive,119min,0)",
                "ESTAB 0 0 10.0.0.1:5002 10.0.0.2:41002 timer:(on,5.200ms,3)",
                ""));
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        SocketRow s = p.rows.get(0);
        assertEquals(1, s.pid);
        assertEquals("java", s.program);
        assertEquals(5, s.fd);
        assertEquals("persist", s.timer);
        assertEquals(63_000, s.timerMs);
        assertEquals(7, s.timerRetrans);
        assertEquals(1000, s.uid);
        assertEquals(77, s.inode);
        assertEquals("cubic", s.congestion);
        assertEquals(0.03, s.rttMs, 1e-9);
        assertEquals(20, s.ssthresh);
        assertEquals(42_000_000_000L, s.pacingRateBps);
        assertEquals(3_500_000L, s.deliveryRateBps);
        assertEquals(250_000L, s.sendRateBps);
        assertEquals(2, s.unacked);
        assertEquals(1, s.retransNow);
        assertEquals(3, s.retransTotal);
        assertEquals(4, s.lost);
        assertEquals(512, s.notSent);
        assertEquals(0, s.sndWindow);
        assertEquals(65536, s.rcvWindow);
        assertEquals(13, s.lastAckMs);
        assertTrue(s.zeroWindow);
        assertEquals(119 * 60_000L, p.rows.get(1).timerMs);
        assertFalse(p.rows.get(1).zeroWindow);
        assertEquals(5_200, p.rows.get(2).timerMs);
        assertEquals(3, p.rows.get(2).timerRetrans);
    }

    @Test
    void reads_the_users_format_of_old_ss_and_short_timers() {
        Parsed p = Parsed.text(new SsParser(), String.join("\n",
                "Netid State Recv-Q Send-Q Local Address:Port Peer Address:Port",
                "tcp ESTAB 0 0 10.0.0.1:22 10.0.0.2:50000 users:((\"sshd\",1206,3)) timer:(on,200ms,3)",
                "p_raw UNCONN 0 0 *:eth0 *",
                "nl UNCONN 0 0 rtnl:kernel *", ""));
        assertEquals(0, p.report.unparsedCount(), p.report.samples().toString());
        assertEquals(1206, p.rows.get(0).pid);
        assertEquals(3, p.rows.get(0).fd);
        assertEquals("on", p.rows.get(0).timer);
        assertEquals(200, p.rows.get(0).timerMs);
        assertEquals(3, p.rows.get(0).timerRetrans);
        assertEquals(Proto.RAW, p.rows.get(1).proto);
        assertEquals("rtnl:kernel", p.rows.get(2).localAddress);
        assertEquals(Proto.OTHER, p.rows.get(2).proto);
    }

    @Test
    void counts_bad_lines_and_keeps_going() {
        Parsed p = Parsed.text(new SsParser(), String.join("\n",
                "tcp LISTEN x y 1.2.3.4:80 *:*",
                "\t skmem:(r0,rb1,t0,tb2,f0,w0,o0,bl0,d0)",
                "tcp LISTEN 0 5 1.2.3.4:80 *:*",
                "garbage"));
        assertEquals(1, p.report.sockets());
        assertEquals(3, p.report.unparsedCount());
        assertEquals(1, p.report.samples().get(0).line());
        assertNull(p.rows.get(0).program);
    }
}
