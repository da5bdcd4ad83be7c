package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.Quote;
import dev.sockit.api.Severity;
import dev.sockit.net.KernelLimits;
import dev.sockit.plugin.analyzer.model.TcpState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.sockit.plugin.analyzer.rules.RuleContext.RATE;
import static dev.sockit.plugin.analyzer.rules.RuleContext.bySize;
import static dev.sockit.plugin.analyzer.rules.RuleContext.endpoint;
import static dev.sockit.plugin.analyzer.rules.RuleContext.evidence;
import static dev.sockit.plugin.analyzer.rules.RuleContext.peers;
import static dev.sockit.plugin.analyzer.rules.Rules.MAX_FINDINGS_PER_RULE;

/**
 * Listeners and handshakes: {@code listen_backlog_overflow}, {@code listen_all_interfaces}, {@code syn_recv_flood} and
 * {@code syn_sent_unanswered}.
 */
final class ListenerRules {

    /** {@link FindingCode#LISTEN_BACKLOG_OVERFLOW}. */
    static final Rule BACKLOG = ListenerRules::listenBacklog;

    /** {@link FindingCode#LISTEN_ALL_INTERFACES}. */
    static final Rule ALL_INTERFACES = ListenerRules::listenAllInterfaces;

    /** {@link FindingCode#SYN_RECV_FLOOD}. */
    static final Rule SYN_RECV = ListenerRules::synRecv;

    /** {@link FindingCode#SYN_SENT_UNANSWERED}. */
    static final Rule SYN_SENT = ListenerRules::synSent;

    /** This family's rules, in the order {@link Rules#ALL} runs them. */
    static final List<Rule> ALL = List.of(BACKLOG, ALL_INTERFACES, SYN_RECV, SYN_SENT);

    private ListenerRules() {
    }

    private static void listenBacklog(RuleContext c, FindingSink out) {
        long somaxconn = c.sysctlLong(KernelLimits.SOMAXCONN);
        int emitted = 0;
        for (Listener l : c.stats.listeners) {
            if (!"tcp".equals(l.proto()) || l.recvQ() <= 0 || emitted >= MAX_FINDINGS_PER_RULE) {
                continue;
            }
            if (l.sendQ() <= 0) {
                emitted++;
                unknownBacklog(c, out, l, somaxconn);
                continue;
            }
            long pct = l.recvQ() * 100 / l.sendQ();
            long scaled = l.recvQ() * 100;
            Severity severity = scaled >= l.sendQ() * Thresholds.BACKLOG_CRITICAL_PCT ? Severity.CRITICAL
                    : scaled >= l.sendQ() * Thresholds.BACKLOG_WARNING_PCT ? Severity.WARNING : Severity.INFO;
            emitted++;
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("state", TcpState.LISTEN.label());
            e.put("count", l.recvQ());
            e.put("local", endpoint(l));
            e.put("localPort", l.port());
            e.put("acceptQueue", l.recvQ());
            e.put(SocketOptionTable.BACKLOG.name(), l.sendQ());
            e.put("percent", pct);
            c.putOwner(e, l.pid(), l.program());
            if (somaxconn > 0) {
                e.put(KernelLimits.SOMAXCONN, somaxconn);
            }
            e.put("line", l.line());
            String capped = somaxconn > 0 && l.sendQ() == somaxconn
                    ? " (the backlog equals net.core.somaxconn, which caps what the application asked for)" : "";
            String effect = severity == Severity.CRITICAL
                    ? ": the application does not accept() fast enough and new connections are dropped"
                    : ": the application accepts more slowly than connections arrive";
            out.add(FindingCode.LISTEN_BACKLOG_OVERFLOW, severity,
                    "The accept queue of " + endpoint(l) + " held by " + c.who(l.pid(), l.program()) + " holds "
                            + l.recvQ() + " of " + l.sendQ() + " connections (" + pct + " %)" + capped + effect,
                    backlogAdvice(somaxconn), e);
        }
        long overflows = c.facts.counter("TcpExt.ListenOverflows");
        long drops = c.facts.counter("TcpExt.ListenDrops");
        long overflowRate = c.rate("TcpExt.ListenOverflows");
        long dropRate = c.rate("TcpExt.ListenDrops");
        long nowRate = Math.max(overflowRate, dropRate);
        if (nowRate <= 0 && overflows <= 0 && drops <= 0) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", nowRate > 0 ? nowRate : Math.max(overflows, drops));
        c.putCounter(e, "TcpExt.ListenOverflows");
        c.putCounter(e, "TcpExt.ListenDrops");
        c.putCounter(e, RATE + "TcpExt.ListenOverflows");
        c.putCounter(e, RATE + "TcpExt.ListenDrops");
        if (somaxconn > 0) {
            e.put(KernelLimits.SOMAXCONN, somaxconn);
        }
        if (nowRate > 0) {
            Severity severity = nowRate >= Thresholds.LISTEN_OVERFLOW_RATE_CRITICAL ? Severity.CRITICAL
                    : Severity.WARNING;
            out.add(FindingCode.LISTEN_BACKLOG_OVERFLOW, severity,
                    "Accept queues are overflowing now: " + Math.max(overflowRate, 0)
                            + " TcpExt.ListenOverflows and " + Math.max(dropRate, 0)
                            + " TcpExt.ListenDrops per second", backlogAdvice(somaxconn), e);
        } else {
            // A total says only that it happened, not that it happens now: judged by its share of the connections
            // accepted over the same span, and at most a warning.
            long lost = Math.max(overflows, drops);
            long passive = c.facts.counter("Tcp.PassiveOpens");
            c.putCounter(e, "Tcp.PassiveOpens");
            double share = passive >= 0 ? lost * 100.0 / (passive + lost) : -1;
            if (share >= 0) {
                e.put("overflowPercent", Math.round(share * 100) / 100.0);
            }
            Severity severity = share >= Thresholds.LISTEN_OVERFLOW_SHARE_WARNING_PCT
                    || share < 0 && lost >= Thresholds.LISTEN_OVERFLOW_WARNING ? Severity.WARNING : Severity.INFO;
            String of = share >= 0 ? String.format(Locale.ROOT, " (%.2f %% of the %d connections accepted)",
                    share, passive) : "";
            out.add(FindingCode.LISTEN_BACKLOG_OVERFLOW, severity,
                    "TcpExt.ListenOverflows is " + Math.max(overflows, 0) + " and TcpExt.ListenDrops "
                            + Math.max(drops, 0) + of + ": accept queues overflowed (counters "
                            + c.facts.counterSpan() + "; watch them to see whether they still grow)",
                    backlogAdvice(somaxconn), e);
        }
    }

    private static void listenAllInterfaces(RuleContext c, FindingSink out) {
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (Listener l : c.stats.listeners) {
            if (!l.wildcard()) {
                continue;
            }
            if (list.size() < 20) {
                list.add(l.toMap());
            }
            if (names.size() < 10) {
                String owner = l.program() != null ? " (" + Quote.bare(l.program()) + ")"
                        : l.pid() >= 0 ? " (pid " + l.pid() + ")" : "";
                names.add(l.proto() + " :" + l.port() + owner);
            }
        }
        if (c.stats.wildcardListeners == 0) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", c.stats.wildcardListeners);
        e.put("listeners", list);
        long more = c.stats.wildcardListeners - names.size();
        out.add(FindingCode.LISTEN_ALL_INTERFACES, Severity.INFO,
                c.stats.wildcardListeners + (c.stats.wildcardListeners == 1 ? " socket is" : " sockets are")
                        + " bound to every interface: " + String.join(", ", names)
                        + (more > 0 ? " and " + more + " more" : ""),
                "Bind services that only local clients use to 127.0.0.1 or ::1 and the others to the address that"
                        + " serves them, or firewall them: a wildcard bind is reachable from every network the host"
                        + " is on.",
                e);
    }

    private static void synRecv(RuleContext c, FindingSink out) {
        List<long[]> ports = c.portsOf(TcpState.SYN_RECV);
        List<TopPeers.Peer> sources = c.stats.peersByState.get(TcpState.SYN_RECV).top(5);
        long maxSynBacklog = c.sysctlLong("net.ipv4.tcp_max_syn_backlog");
        long syncookies = c.sysctlLong("net.ipv4.tcp_syncookies");
        for (int i = 0; i < ports.size() && i < MAX_FINDINGS_PER_RULE; i++) {
            int port = (int) ports.get(i)[0];
            long n = ports.get(i)[1];
            long backlog = backlogOf(c, port);
            Severity severity;
            String judged;
            if (backlog > 0) {
                // The SYN queue of a listener holds as many requests as its accept queue may (sk_max_ack_backlog):
                // at the bound the kernel answers with syncookies, or drops the SYN when they are off.
                severity = n >= backlog ? Severity.CRITICAL
                        : n * 100 >= backlog * Thresholds.SYN_QUEUE_WARNING_PCT ? Severity.WARNING
                        : bySize(n, Thresholds.SYN_RECV_INFO, Long.MAX_VALUE, Long.MAX_VALUE);
                judged = n >= backlog
                        ? ": the SYN queue is full (backlog " + backlog + "), so new SYNs "
                                + (syncookies == 0 ? "are dropped (net.ipv4.tcp_syncookies=0)"
                                : "are answered with syncookies, which lose TCP options such as window scaling"
                                        + " without timestamps")
                        : ": the SYN queue holds " + n * 100 / backlog + " % of its bound (backlog " + backlog + ")";
            } else {
                severity = bySize(n, Thresholds.SYN_RECV_INFO, Thresholds.SYN_RECV_WARNING,
                        Thresholds.SYN_RECV_CRITICAL);
                judged = maxSynBacklog > 0 && n >= maxSynBacklog
                        ? ": more than net.ipv4.tcp_max_syn_backlog (" + maxSynBacklog + ") half-open connections"
                        : ": handshakes do not complete (a SYN flood, or the final ACKs are lost)";
                if (severity != null && maxSynBacklog > 0 && n >= maxSynBacklog) {
                    severity = Severity.CRITICAL;
                }
            }
            if (severity == null) {
                continue;
            }
            Map<String, Object> e = evidence(TcpState.SYN_RECV, n);
            e.put("localPort", port);
            e.put("synRecv", n);
            if (backlog > 0) {
                e.put(SocketOptionTable.BACKLOG.name(), backlog);
            }
            e.put("topRemotes", peers(sources));
            c.putSysctl(e, "net.ipv4.tcp_syncookies");
            c.putSysctl(e, "net.ipv4.tcp_max_syn_backlog");
            c.putCounter(e, "TcpExt.SyncookiesSent");
            c.putCounter(e, "TcpExt.ListenDrops");
            e.put("samples", c.samples(TcpState.SYN_RECV, port));
            String top = sources.isEmpty() ? ""
                    : ", top source " + sources.get(0).remote() + " with " + sources.get(0).count();
            out.add(FindingCode.SYN_RECV_FLOOD, severity,
                    n + " half-open connections in SYN_RECV on :" + port + top + judged,
                    "Look at the sources: few sources with many half-open connections is a flood; keep"
                            + " net.ipv4.tcp_syncookies=1 (TcpExt.SyncookiesSent counts their use) and filter at the"
                            + " edge. Many legitimate clients need a larger listen backlog (listen(fd, N), capped by"
                            + " net.core.somaxconn) and net.ipv4.tcp_max_syn_backlog; `ss -tan state syn-recv` lists"
                            + " them.",
                    e);
        }
    }

    /**
     * A listener with connections in its accept queue whose backlog the input does not give (netstat prints a
     * LISTEN row's Send-Q as 0): judged against {@code net.core.somaxconn}, which caps every backlog, when known,
     * else against {@link Thresholds#ACCEPT_QUEUE_WARNING}.
     */
    private static void unknownBacklog(RuleContext c, FindingSink out, Listener l, long somaxconn) {
        Severity severity = somaxconn > 0 && l.recvQ() >= somaxconn ? Severity.CRITICAL
                : l.recvQ() >= Thresholds.ACCEPT_QUEUE_WARNING ? Severity.WARNING : Severity.INFO;
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("state", TcpState.LISTEN.label());
        e.put("count", l.recvQ());
        e.put("local", endpoint(l));
        e.put("localPort", l.port());
        e.put("acceptQueue", l.recvQ());
        e.put("acceptQueueWarning", Thresholds.ACCEPT_QUEUE_WARNING);
        c.putOwner(e, l.pid(), l.program());
        if (somaxconn > 0) {
            e.put(KernelLimits.SOMAXCONN, somaxconn);
        }
        e.put("line", l.line());
        String effect = severity == Severity.CRITICAL
                ? ": the queue is at net.core.somaxconn (" + somaxconn + "), which caps every backlog, so new"
                        + " connections are dropped"
                : ": the application accepts more slowly than connections arrive";
        out.add(FindingCode.LISTEN_BACKLOG_OVERFLOW, severity,
                "The accept queue of " + endpoint(l) + " held by " + c.who(l.pid(), l.program()) + " holds "
                        + l.recvQ() + " connections (its backlog is not in this input: `ss -ltn` prints it as"
                        + " Send-Q)" + effect,
                backlogAdvice(somaxconn), e);
    }

    /** The backlog of the TCP listeners on {@code port} (ss prints it as a LISTEN row's Send-Q), or -1. */
    private static long backlogOf(RuleContext c, int port) {
        long backlog = -1;
        for (Listener l : c.stats.listeners) {
            if ("tcp".equals(l.proto()) && l.port() == port && l.sendQ() > 0) {
                backlog = Math.max(backlog, 0) + l.sendQ();
            }
        }
        return backlog;
    }

    private static void synSent(RuleContext c, FindingSink out) {
        int emitted = 0;
        for (TopPeers.Peer p : c.stats.peersByState.get(TcpState.SYN_SENT).top(MAX_FINDINGS_PER_RULE)) {
            long n = p.guaranteed();
            Severity severity = bySize(n, Thresholds.SYN_SENT_INFO, Thresholds.SYN_SENT_WARNING, Long.MAX_VALUE);
            if (severity == null || emitted++ >= MAX_FINDINGS_PER_RULE) {
                continue;
            }
            long retries = -1;
            List<Map<String, Object>> samples = new ArrayList<>();
            String dest = endpoint(p);
            for (SampleRow s : c.stats.samples.get(TcpState.SYN_SENT)) {
                if (dest.equals(s.remote())) {
                    samples.add(s.toMap());
                    retries = Math.max(retries, s.retrans());
                }
            }
            Map<String, Object> e = evidence(TcpState.SYN_SENT, n);
            e.put("remote", p.remote());
            e.put("remotePort", p.port());
            if (retries >= 0) {
                e.put("synRetries", retries);
            }
            c.putSysctl(e, "net.ipv4.tcp_syn_retries");
            e.put("samples", samples);
            // Toward a listener of this host whose accept queue is full, the kernel drops the SYNs: the culprit is
            // that listener, not the path.
            Listener full = SocketStats.isLoopback(p.remote()) ? fullListener(c, p.port()) : null;
            if (full != null) {
                e.put("listenerAcceptQueue", full.recvQ());
                e.put(SocketOptionTable.BACKLOG.name(), full.sendQ());
            }
            out.add(FindingCode.SYN_SENT_UNANSWERED, severity,
                    n + (n == 1 ? " connection attempt" : " connection attempts") + " to " + dest + " in SYN_SENT"
                            + (retries > 0 ? " (SYN sent again " + retries + " times)" : "")
                            + (full != null ? ": the listener on :" + p.port() + " of this host has a full accept"
                                    + " queue (" + full.recvQ() + " of " + full.sendQ() + "), so its SYNs are dropped"
                                    + " (see listen_backlog_overflow)"
                                    : ": the peer does not answer"),
                    "Silence means packets are dropped (a firewall, a wrong route) or the host is down; a closed"
                            + " port would answer RST at once. Check the peer and the path (`nc -vz " + p.remote()
                            + " " + p.port() + "`, `tcptraceroute " + p.remote() + " " + p.port() + "`); "
                            + "net.ipv4.tcp_syn_retries bounds how long connect() waits.",
                    e);
        }
    }

    /** The TCP listener on {@code port} whose accept queue is at or past its backlog, or {@code null}. */
    private static Listener fullListener(RuleContext c, int port) {
        for (Listener l : c.stats.listeners) {
            if ("tcp".equals(l.proto()) && l.port() == port && l.sendQ() > 0 && l.recvQ() >= l.sendQ()) {
                return l;
            }
        }
        return null;
    }

    private static String backlogAdvice(long somaxconn) {
        return "Accept faster (more acceptor threads or event loops, no blocking work on the accept path) and raise"
                + " the listen backlog: listen(fd, N) is capped by net.core.somaxconn"
                + (somaxconn > 0 ? " (now " + somaxconn + ")" : "") + " and half-open connections by"
                + " net.ipv4.tcp_max_syn_backlog; `nstat -az TcpExtListenOverflows` shows whether overflows go on.";
    }
}
