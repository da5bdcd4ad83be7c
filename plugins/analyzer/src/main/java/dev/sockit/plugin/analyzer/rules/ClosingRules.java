package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Severity;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.TcpState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sockit.plugin.analyzer.rules.RuleContext.bySize;
import static dev.sockit.plugin.analyzer.rules.RuleContext.evidence;
import static dev.sockit.plugin.analyzer.rules.RuleContext.maps;
import static dev.sockit.plugin.analyzer.rules.RuleContext.peers;
import static dev.sockit.plugin.analyzer.rules.RuleContext.portList;
import static dev.sockit.plugin.analyzer.rules.RuleContext.sockets;
import static dev.sockit.plugin.analyzer.rules.Rules.MAX_FINDINGS_PER_RULE;

/**
 * Connections that do not finish closing: {@code close_wait_leak}, {@code fin_wait2_lingering},
 * {@code last_ack_lingering} and {@code half_closed_connections}.
 */
final class ClosingRules {

    /** {@link FindingCode#CLOSE_WAIT_LEAK}. */
    static final Rule CLOSE_WAIT = ClosingRules::closeWait;

    /** {@link FindingCode#FIN_WAIT2_LINGERING}. */
    static final Rule FIN_WAIT2 = ClosingRules::finWait2;

    /** {@link FindingCode#LAST_ACK_LINGERING}. */
    static final Rule LAST_ACK = ClosingRules::lastAck;

    /** {@link FindingCode#HALF_CLOSED_CONNECTIONS}. */
    static final Rule HALF_CLOSED = ClosingRules::halfClosed;

    /** This family's rules, in the order {@link Rules#ALL} runs them. */
    static final List<Rule> ALL = List.of(CLOSE_WAIT, FIN_WAIT2, LAST_ACK, HALF_CLOSED);

    private ClosingRules() {
    }

    private static void closeWait(RuleContext c, FindingSink out) {
        List<long[]> groups = c.groups(TcpState.CLOSE_WAIT);
        for (int i = 0; i < groups.size() && i < MAX_FINDINGS_PER_RULE; i++) {
            long[] g = groups.get(i);
            int port = (int) g[0];
            long pid = g[1];
            long n = g[2];
            Severity severity = bySize(n, Thresholds.CLOSE_WAIT_INFO, Thresholds.CLOSE_WAIT_WARNING,
                    Thresholds.CLOSE_WAIT_CRITICAL);
            if (severity == null) {
                continue;
            }
            Map<String, Object> e = evidence(TcpState.CLOSE_WAIT, n);
            e.put("localPort", port);
            c.putOwner(e, pid);
            e.put("topRemotes", peers(c.stats.peersByState.get(TcpState.CLOSE_WAIT), 5));
            e.put("samples", c.samples(TcpState.CLOSE_WAIT, port));
            out.add(FindingCode.CLOSE_WAIT_LEAK, severity,
                    sockets(n) + " in CLOSE_WAIT on :" + port + " held by " + c.who(pid)
                            + ": the application does not close sockets after the peer closed them",
                    "Call close() when a read returns EOF (-1 in Java, 0 from recv()) and on every error path;"
                            + " check that connection pools evict and close connections the server closed;"
                            + " list them with `ss -tanp state close-wait`.",
                    e);
        }
    }

    private static void finWait2(RuleContext c, FindingSink out) {
        long n = c.stats.count(Proto.TCP, TcpState.FIN_WAIT2);
        Severity severity = bySize(n, Thresholds.LINGER_INFO, Thresholds.LINGER_WARNING, Thresholds.LINGER_CRITICAL);
        if (severity == null) {
            return;
        }
        Map<String, Object> e = lingerEvidence(c, TcpState.FIN_WAIT2, n);
        String finTimeout = c.facts.sysctl("net.ipv4.tcp_fin_timeout");
        if (finTimeout != null) {
            e.put("net.ipv4.tcp_fin_timeout", finTimeout);
        }
        out.add(FindingCode.FIN_WAIT2_LINGERING, severity,
                sockets(n) + " in FIN_WAIT2" + mostTo(c, TcpState.FIN_WAIT2)
                        + ": this side closed and the peer never closes its side",
                "Fix the peer to close() on EOF (its end is in CLOSE_WAIT). A FIN_WAIT2 socket no process holds is"
                        + " freed after net.ipv4.tcp_fin_timeout (" + (finTimeout == null ? "60" : finTimeout)
                        + " s), but one still held after shutdown(SHUT_WR) waits for ever: close it after a timeout.",
                e);
    }

    private static void lastAck(RuleContext c, FindingSink out) {
        long n = c.stats.count(Proto.TCP, TcpState.LAST_ACK);
        Severity severity = bySize(n, Thresholds.LINGER_INFO, Thresholds.LINGER_WARNING, Thresholds.LINGER_CRITICAL);
        if (severity == null) {
            return;
        }
        out.add(FindingCode.LAST_ACK_LINGERING, severity,
                sockets(n) + " in LAST_ACK" + mostTo(c, TcpState.LAST_ACK)
                        + ": the peer does not acknowledge this side's close",
                "The peer is gone or something drops the last ACK: check reachability and stateful firewalls or NAT"
                        + " that expire the connection early; the kernel retransmits the FIN"
                        + " (net.ipv4.tcp_orphan_retries) and then frees the socket.",
                lingerEvidence(c, TcpState.LAST_ACK, n));
    }

    private static void halfClosed(RuleContext c, FindingSink out) {
        long[] pairs = {0};
        c.stats.finWait2Tuples.forEach((k, count) -> {
            if (c.stats.closeWaitTuples.get(k) > 0) {
                pairs[0]++;
            }
        });
        long n = pairs[0];
        if (n == 0) {
            return;
        }
        Severity severity = n >= Thresholds.HALF_CLOSED_WARNING ? Severity.WARNING : Severity.INFO;
        List<Map<String, Object>> samples = new ArrayList<>();
        String holder = "";
        for (SampleRow s : c.stats.samples.get(TcpState.CLOSE_WAIT)) {
            if (s.local().startsWith("127.") || s.local().startsWith("[::1]")) {
                samples.add(s.toMap());
                if (holder.isEmpty() && s.pid() >= 0) {
                    holder = ", e.g. the CLOSE_WAIT end " + s.local() + " held by " + c.who(s.pid(), s.program());
                }
            }
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", n);
        e.put("samples", samples);
        out.add(FindingCode.HALF_CLOSED_CONNECTIONS, severity,
                n + (n == 1 ? " loopback connection is" : " loopback connections are")
                        + " half closed on this host, one end in FIN_WAIT2 and the other in CLOSE_WAIT" + holder
                        + ": the process holding the CLOSE_WAIT end does not close it",
                "Both ends are local: fix the process that holds the CLOSE_WAIT end to close() on EOF (see"
                        + " close_wait_leak); `ss -tanp state close-wait` names it.",
                e);
    }

    private static Map<String, Object> lingerEvidence(RuleContext c, TcpState state, long n) {
        Map<String, Object> e = evidence(state, n);
        e.put("topLocalPorts", portList(c.portsOf(state), 5));
        e.put("topRemotes", peers(c.stats.peersByState.get(state), 5));
        e.put("samples", maps(c.stats.samples.get(state)));
        return e;
    }

    private static String mostTo(RuleContext c, TcpState state) {
        List<TopPeers.Peer> top = c.stats.peersByState.get(state).top(1);
        return top.isEmpty() ? "" : ", most to " + top.get(0).remote() + " (" + top.get(0).count() + ")";
    }
}
