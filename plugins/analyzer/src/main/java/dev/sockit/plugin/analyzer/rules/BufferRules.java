package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Severity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.sockit.plugin.analyzer.rules.RuleContext.RATE;
import static dev.sockit.plugin.analyzer.rules.RuleContext.maps;
import static dev.sockit.plugin.analyzer.rules.RuleContext.sockets;
import static dev.sockit.plugin.analyzer.rules.RuleContext.triple;

/**
 * Socket buffers that drop or limit traffic: {@code tcp_socket_drops}, {@code udp_receive_buffer_drops} and
 * {@code buffer_sizes}.
 */
final class BufferRules {

    /** {@link FindingCode#TCP_SOCKET_DROPS}. */
    static final Rule TCP_DROPS = BufferRules::tcpDrops;

    /** {@link FindingCode#UDP_RECEIVE_BUFFER_DROPS}. */
    static final Rule UDP_DROPS = BufferRules::udpDrops;

    /** {@link FindingCode#BUFFER_SIZES}. */
    static final Rule BUFFER_SIZES = BufferRules::bufferSizes;

    /** This family's rules, in the order {@link Rules#ALL} runs them. */
    static final List<Rule> ALL = List.of(TCP_DROPS, UDP_DROPS, BUFFER_SIZES);

    private BufferRules() {
    }

    private static void tcpDrops(RuleContext c, FindingSink out) {
        if (c.stats.tcpDropSockets == 0) {
            return;
        }
        Severity severity = c.stats.tcpDrops >= Thresholds.TCP_DROPS_WARNING ? Severity.WARNING : Severity.INFO;
        List<SampleRow> rows = c.stats.worstTcpDrops.rows();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", c.stats.tcpDropSockets);
        e.put("drops", c.stats.tcpDrops);
        c.putCounter(e, "TcpExt.TCPBacklogDrop");
        c.putCounter(e, "TcpExt.TCPRcvQDrop");
        e.put("samples", maps(rows));
        SampleRow s = rows.get(0);
        out.add(FindingCode.TCP_SOCKET_DROPS, severity,
                sockets(c.stats.tcpDropSockets) + " dropped " + c.stats.tcpDrops + " packets at the socket, most "
                        + s.local() + " from " + s.remote() + " held by " + c.who(s.pid(), s.program()) + " with "
                        + s.drops() + ": its receive buffer or backlog was full",
                "Make the application read faster and let the receive buffer autotune (do not fix SO_RCVBUF small);"
                        + " TcpExt.TCPBacklogDrop and TCPRcvQDrop count these drops host-wide.",
                e);
    }

    private static void udpDrops(RuleContext c, FindingSink out) {
        long errors = c.facts.counter("Udp.RcvbufErrors");
        long errorRate = c.rate("Udp.RcvbufErrors");
        if (c.stats.udpDropSockets == 0 && errors <= 0 && errorRate <= 0) {
            udpQueues(c, out);
            return;
        }
        long datagrams = c.facts.counter("Udp.InDatagrams");
        double share = errors > 0 && datagrams >= 0 ? errors * 100.0 / (datagrams + errors) : -1;
        // Totals are judged by their share of the datagrams received over the same span.
        boolean manyLost = share >= Thresholds.UDP_DROP_SHARE_WARNING_PCT
                || share < 0 && errors >= Thresholds.UDP_DROPS_WARNING;
        Severity severity = c.stats.udpDropSockets > 0 || errorRate > 0 || manyLost ? Severity.WARNING
                : Severity.INFO;
        if (errorRate >= Thresholds.UDP_DROP_RATE_CRITICAL) {
            severity = Severity.CRITICAL;
        }
        List<SampleRow> rows = c.stats.worstUdpDrops.rows();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", c.stats.udpDropSockets > 0 ? c.stats.udpDrops : Math.max(errorRate, errors));
        e.put("sockets", c.stats.udpDropSockets);
        e.put("drops", c.stats.udpDrops);
        c.putCounter(e, "Udp.RcvbufErrors");
        c.putCounter(e, RATE + "Udp.RcvbufErrors");
        c.putCounter(e, "Udp.InErrors");
        c.putCounter(e, "Udp.InDatagrams");
        if (share >= 0) {
            e.put("dropPercent", Math.round(share * 1000) / 1000.0);
        }
        c.putSysctl(e, "net.core.rmem_max");
        c.putSysctl(e, "net.core.rmem_default");
        e.put("samples", maps(rows));
        String message;
        if (!rows.isEmpty()) {
            SampleRow s = rows.get(0);
            message = c.stats.udpDropSockets + (c.stats.udpDropSockets == 1 ? " UDP socket" : " UDP sockets")
                    + " dropped " + c.stats.udpDrops + " datagrams, most " + s.local() + " held by "
                    + c.who(s.pid(), s.program()) + " with " + s.drops() + ": the receive buffer was full";
        } else if (errorRate > 0) {
            message = "UDP drops " + errorRate + " datagrams per second (Udp.RcvbufErrors): receive buffers are full";
        } else {
            message = "Udp.RcvbufErrors is " + errors
                    + (share >= 0 ? String.format(Locale.ROOT, " (%.3f %% of %d datagrams received)", share,
                            datagrams + errors) : "")
                    + ": UDP receive buffers overflowed (counters " + c.facts.counterSpan() + ")";
        }
        out.add(FindingCode.UDP_RECEIVE_BUFFER_DROPS, severity, message,
                "Read faster (more reader threads, several sockets with SO_REUSEPORT) and give the socket a larger"
                        + " receive buffer with SO_RCVBUF, which net.core.rmem_max caps (raise it with sysctl -w"
                        + " net.core.rmem_max=N; net.core.rmem_default for programs that do not set it).",
                e);
    }

    /**
     * Without drop counts (netstat, ss without {@code -m}, lsof): a UDP socket whose receive queue holds at least
     * {@link Thresholds#QUEUE_BYTES} (or half its buffer) is a reader that has stopped; once the buffer is full
     * the kernel drops what arrives.
     */
    private static void udpQueues(RuleContext c, FindingSink out) {
        if (c.stats.udpQueuedSockets == 0) {
            return;
        }
        List<SampleRow> rows = c.stats.worstUdpQueues.rows();
        SampleRow s = rows.get(0);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", c.stats.udpQueuedSockets);
        e.put("sockets", c.stats.udpQueuedSockets);
        e.put("recvQ", s.recvQ());
        e.put("queueBytes", Thresholds.QUEUE_BYTES);
        c.putSysctl(e, "net.core.rmem_max");
        c.putSysctl(e, "net.core.rmem_default");
        e.put("samples", maps(rows));
        out.add(FindingCode.UDP_RECEIVE_BUFFER_DROPS, Severity.WARNING,
                c.stats.udpQueuedSockets + (c.stats.udpQueuedSockets == 1 ? " UDP socket holds" : " UDP sockets hold")
                        + " at least " + Thresholds.QUEUE_BYTES / 1024 + " KiB (or " + Thresholds.QUEUE_BUFFER_PCT
                        + " % of the receive buffer) of unread datagrams, up to " + s.recvQ() + " bytes on "
                        + s.local() + " held by " + c.who(s.pid(), s.program())
                        + ": the application is not reading, and once the buffer is full the kernel drops what"
                        + " arrives (this input shows no drop counts)",
                "Find why the owning process stops reading (a blocked reader thread, a second program bound to the"
                        + " same port that never reads); read faster or give the socket a larger SO_RCVBUF, which"
                        + " net.core.rmem_max caps.",
                e);
    }

    private static void bufferSizes(RuleContext c, FindingSink out) {
        if (c.stats.bufferLimited == 0) {
            return;
        }
        long[] rmem = triple(c.facts.sysctl("net.ipv4.tcp_rmem"));
        boolean looksFixed = rmem != null && c.stats.bufferLimitedMinRcvBuf != Long.MAX_VALUE
                && c.stats.bufferLimitedMinRcvBuf < rmem[2] / Thresholds.RMEM_FIXED_FRACTION;
        Severity severity = c.stats.bufferLimited >= Thresholds.BUFFER_LIMITED_WARNING || looksFixed
                ? Severity.WARNING : Severity.INFO;
        List<SampleRow> rows = c.stats.worstBuffers.rows();
        SampleRow s = rows.get(0);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", c.stats.bufferLimited);
        e.put("measuredFlows", c.stats.bufferFlows);
        e.put("maxBdpBytes", c.stats.maxBdp);
        if (rmem != null) {
            e.put("net.ipv4.tcp_rmem", c.facts.sysctl("net.ipv4.tcp_rmem"));
        }
        c.putSysctl(e, "net.ipv4.tcp_wmem");
        c.putSysctl(e, "net.core.rmem_max");
        c.putSysctl(e, "net.core.wmem_max");
        e.put("samples", maps(rows));
        out.add(FindingCode.BUFFER_SIZES, severity,
                c.stats.bufferLimited + " of " + c.stats.bufferFlows + " measured flows keep at least half their socket"
                        + " buffer in flight (largest bandwidth-delay product " + c.stats.maxBdp + " bytes; e.g. "
                        + s.local() + " to " + s.remote() + ", rtt " + s.rttMs() + " ms, rb " + s.rcvBuf() + ", tb "
                        + s.sndBuf() + ")" + (looksFixed ? ", with rb far below the tcp_rmem maximum " + rmem[2]
                        + " (SO_RCVBUF set explicitly turns autotuning off)" : "")
                        + ": the socket buffer, not the network, limits their throughput",
                "Let the kernel autotune: do not set SO_RCVBUF/SO_SNDBUF (setting them turns autotuning off for that"
                        + " socket), and make the maximum of net.ipv4.tcp_rmem and tcp_wmem at least twice the"
                        + " bandwidth-delay product (rate x rtt); if the application must set them, size them for"
                        + " the product within net.core.rmem_max and wmem_max.",
                e);
    }
}
