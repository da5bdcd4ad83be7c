package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Severity;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.TcpState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

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

    /** {@link FindingCode#FIN_WAIT1_PILEUP}. */
    static final Rule FIN_WAIT1 = ClosingRules::finWait1;

    /** This family's rules, in the order {@link Rules#ALL} runs them. */
    static final List<Rule> ALL = List.of(CLOSE_WAIT, FIN_WAIT2, LAST_ACK, HALF_CLOSED, FIN_WAIT1);

    private ClosingRules() {
    }

    private static void closeWait(RuleContext c, FindingSink out) {
        Set<Integer> listening = new HashSet<>();
        for (Listener l : c.stats.listeners) {
            if ("tcp".equals(l.proto())) {
                listening.add(l.port());
            }
        }
        int[] range = c.portRange();
        int emitted = 0;
        // per pid: CLOSE_WAIT sockets not on a server-side port, which the client-side groups below may account for
        Map<Long, Long> clientSide = new HashMap<>();
        // Server side: sockets on a port this host listens on, several sockets sharing one local port (a client's
        // each have their own ephemeral port), or, with no listener in the input, a port outside the ephemeral
        // range: its clients closed, this server does not.
        for (long[] g : c.groups(TcpState.CLOSE_WAIT)) {
            int port = (int) g[0];
            long pid = g[1];
            long n = g[2];
            boolean server = listening.contains(port) || n >= 2
                    || listening.isEmpty() && (port < range[0] || port > range[1]);
            if (!server) {
                clientSide.merge(pid, n, Long::sum);
                continue;
            }
            if (emitted >= MAX_FINDINGS_PER_RULE) {
                continue;
            }
            long unread = c.stats.piles.closeWaitUnread.get((long) port << 40 | (pid < 0 ? 0xFFFFFFFFFFL : pid));
            Severity severity = closeWaitSeverity(n, unread, true);
            if (severity == null) {
                continue;
            }
            emitted++;
            Map<String, Object> e = evidence(TcpState.CLOSE_WAIT, n);
            e.put("side", "server");
            e.put("localPort", port);
            c.putOwner(e, pid);
            e.put("unread", unread);
            e.put("topRemotes", peers(c.stats.peersByState.get(TcpState.CLOSE_WAIT), 5));
            e.put("samples", c.samples(TcpState.CLOSE_WAIT, port));
            out.add(FindingCode.CLOSE_WAIT_LEAK, severity,
                    sockets(n) + " in CLOSE_WAIT on " + (port == 0 ? "a port the input names by a service no port"
                            + " is known for" : ":" + port) + " held by " + c.who(pid) + unreadText(unread, true)
                            + ": the application does not close sockets after the peer closed them",
                    CLOSE_WAIT_ADVICE, e);
        }
        // Client side: sockets toward one remote endpoint, held by one process: that server closed them, and this
        // client never closed its end. The leak is in the client; the server it talks to is only named.
        for (TopPeers.Peer p : c.stats.piles.closeWaitByOwner.top(MAX_FINDINGS_PER_RULE * 4)) {
            long n = p.guaranteed();
            long pid = Long.parseLong(p.local());
            long budget = clientSide.getOrDefault(pid, 0L);
            if (budget < n || emitted >= MAX_FINDINGS_PER_RULE || p.remote() == null || "*".equals(p.remote())) {
                continue;
            }
            clientSide.put(pid, budget - n);
            long unread = c.stats.piles.closeWaitByOwner.marked(p.local(), p.remote(), p.port());
            Severity severity = closeWaitSeverity(n, unread, false);
            if (severity == null) {
                continue;
            }
            emitted++;
            String server = RuleContext.endpoint(p);
            Map<String, Object> e = evidence(TcpState.CLOSE_WAIT, n);
            e.put("side", "client");
            e.put("remote", p.remote());
            e.put("remotePort", p.port());
            c.putOwner(e, pid);
            e.put("unread", unread);
            List<Map<String, Object>> samples = new ArrayList<>();
            for (SampleRow r : c.stats.samples.get(TcpState.CLOSE_WAIT)) {
                if (server.equals(r.remote())) {
                    samples.add(r.toMap());
                }
            }
            e.put("samples", samples);
            out.add(FindingCode.CLOSE_WAIT_LEAK, severity,
                    sockets(n) + " in CLOSE_WAIT toward " + server + " held by " + c.who(pid)
                            + unreadText(unread, false) + ": " + server + " closed these connections and this"
                            + " client never closed its end (the leak is in the client, not in the server)",
                    CLOSE_WAIT_ADVICE, e);
        }
    }

    private static final String CLOSE_WAIT_ADVICE = "Call close() when a read returns EOF (-1 in Java, 0 from recv())"
            + " and on every error path; check that connection pools evict and close connections the server closed;"
            + " list them with `ss -tanp state close-wait`.";

    /**
     * By count; on a server, requests that were never even read (unread data behind the FIN) make an info a
     * warning: the server stopped serving those connections, not only closing them.
     */
    private static Severity closeWaitSeverity(long n, long unread, boolean server) {
        Severity severity = bySize(n, Thresholds.CLOSE_WAIT_INFO, Thresholds.CLOSE_WAIT_WARNING,
                Thresholds.CLOSE_WAIT_CRITICAL);
        return server && severity == Severity.INFO && unread > 0 ? Severity.WARNING : severity;
    }

    private static String unreadText(long unread, boolean server) {
        if (unread <= 0) {
            return "";
        }
        return " (" + unread + (unread == 1 ? " holds" : " hold") + " unread data: "
                + (server ? "requests" : "answers") + " that were never read)";
    }

    private static void finWait1(RuleContext c, FindingSink out) {
        int emitted = 0;
        for (TopPeers.Peer p : c.stats.peersByState.get(TcpState.FIN_WAIT1).top(MAX_FINDINGS_PER_RULE)) {
            long n = p.guaranteed();
            Severity severity = bySize(n, Thresholds.FIN_WAIT1_INFO, Thresholds.FIN_WAIT1_WARNING,
                    Thresholds.FIN_WAIT1_CRITICAL);
            if (severity == null || emitted++ >= MAX_FINDINGS_PER_RULE) {
                continue;
            }
            long pending = c.stats.peersByState.get(TcpState.FIN_WAIT1).marked(null, p.remote(), -1);
            Map<String, Object> e = evidence(TcpState.FIN_WAIT1, n);
            e.put("remote", p.remote());
            e.put("pending", pending);
            c.putSysctl(e, "net.ipv4.tcp_orphan_retries");
            c.putSysctl(e, "net.ipv4.tcp_max_orphans");
            List<Map<String, Object>> samples = new ArrayList<>();
            for (SampleRow r : c.stats.samples.get(TcpState.FIN_WAIT1)) {
                if (r.remote() != null && (r.remote().startsWith(p.remote() + ":")
                        || r.remote().startsWith("[" + p.remote() + "]:"))) {
                    samples.add(r.toMap());
                }
            }
            e.put("samples", samples);
            String why = pending > 0
                    ? " (" + pending + " with data still queued behind the FIN: " + p.remote()
                            + " does not read what it was sent)"
                    : ": the FIN is sent and not acknowledged (the peer is gone, or the path drops it)";
            out.add(FindingCode.FIN_WAIT1_PILEUP, severity,
                    sockets(n) + " in FIN_WAIT1 toward " + p.remote() + why
                            + (pending > 0 ? ": this host closed and the peer does not take the rest" : ""),
                    "Check the peer " + p.remote() + ": a reader that stopped keeps its window closed, so the data"
                            + " and the FIN behind it never leave; a vanished peer is retried "
                            + "net.ipv4.tcp_orphan_retries times. Closed sockets count against net.ipv4.tcp_max_orphans;"
                            + " an application that must not wait can bound its close (shutdown, then a timeout) or"
                            + " set TCP_USER_TIMEOUT.",
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
