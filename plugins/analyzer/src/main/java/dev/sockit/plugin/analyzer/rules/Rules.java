package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Finding;
import dev.sockit.api.Quote;
import dev.sockit.api.Severity;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The expert rules: they read a {@link SocketStats} aggregate, the {@link HostFacts} and the {@link ParseReport}
 * and name the problems they show as {@link Finding}s, worst first. Thresholds are in {@link Thresholds}; what
 * each code means is documented in {@code docs/analyzer-findings.md}.
 *
 * <p>Kernel counters are totals since boot; a key prefixed {@code rate.} ({@code rate.TcpExt.ListenOverflows}),
 * which a watch computes from two readings, is a rate per second and is what shows a problem happening now.
 */
public final class Rules {

    /** How many findings one rule emits at most for separate ports, pids or destinations. */
    public static final int MAX_FINDINGS_PER_RULE = 10;

    /** Worst first: by severity, then by the evidence's count. */
    public static final Comparator<Finding> WORST_FIRST = Comparator.comparing(Finding::severity).reversed()
            .thenComparing(Comparator.comparingLong(Rules::count).reversed());

    private static final String RATE = "rate.";

    private final SocketStats stats;
    private final HostFacts facts;
    private final ParseReport report;
    private final List<Finding> out = new ArrayList<>();

    private Rules(SocketStats stats, HostFacts facts, ParseReport report) {
        this.stats = stats;
        this.facts = facts == null ? new HostFacts() : facts;
        this.report = report == null ? new ParseReport() : report;
    }

    /** Applies every rule and returns the findings, worst first ({@link #WORST_FIRST}). */
    public static List<Finding> evaluate(SocketStats stats, HostFacts facts, ParseReport report) {
        Rules r = new Rules(stats, facts, report);
        r.closeWait();
        r.timeWait();
        r.ephemeralPorts();
        r.listenBacklog();
        r.synRecv();
        r.synSent();
        r.receiveQueue();
        r.sendQueue();
        r.zeroWindow();
        r.retransmissions();
        r.finWait2();
        r.lastAck();
        r.orphans();
        r.memoryPressure();
        r.tcpDrops();
        r.udpDrops();
        r.bufferSizes();
        r.shortConnections();
        r.listenAllInterfaces();
        r.halfClosed();
        r.unparsed();
        List<Finding> sorted = new ArrayList<>(r.out);
        sorted.sort(WORST_FIRST);
        return sorted;
    }

    /** The evidence's {@code count}, or 0 when it has none; findings of one severity sort by it. */
    public static long count(Finding f) {
        return f.evidence().get("count") instanceof Number n ? n.longValue() : 0;
    }

    // ---- CLOSE_WAIT

    private void closeWait() {
        List<long[]> groups = groups(TcpState.CLOSE_WAIT);
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
            putOwner(e, pid);
            e.put("topRemotes", peers(stats.peersByState.get(TcpState.CLOSE_WAIT), 5));
            e.put("samples", samples(TcpState.CLOSE_WAIT, port));
            add(FindingCode.CLOSE_WAIT_LEAK, severity,
                    sockets(n) + " in CLOSE_WAIT on :" + port + " held by " + who(pid)
                            + ": the application does not close sockets after the peer closed them",
                    "Call close() when a read returns EOF (-1 in Java, 0 from recv()) and on every error path;"
                            + " check that connection pools evict and close connections the server closed;"
                            + " list them with `ss -tanp state close-wait`.",
                    e);
        }
    }

    // ---- TIME_WAIT

    private void timeWait() {
        long rowsTw = stats.count(Proto.TCP, TcpState.TIME_WAIT);
        long sockstatTw = facts.counter("sockstat.TCP.tw");
        // ss -s prints the same count as "timewait"
        long summaryTw = facts.counter("ss.TCP.timewait");
        long n = Math.max(rowsTw, Math.max(sockstatTw, summaryTw));
        long buckets = sysctlLong("net.ipv4.tcp_max_tw_buckets");
        long pct = buckets > 0 ? n * 100 / buckets : -1;
        Severity severity = null;
        if (n >= Thresholds.TIME_WAIT_INFO) {
            severity = Severity.INFO;
        }
        if (n >= Thresholds.TIME_WAIT_WARNING || pct >= Thresholds.TIME_WAIT_BUCKETS_WARNING_PCT) {
            severity = Severity.WARNING;
        }
        if (pct >= Thresholds.TIME_WAIT_BUCKETS_CRITICAL_PCT || rate("TcpExt.TCPTimeWaitOverflow") > 0) {
            severity = Severity.CRITICAL;
        }
        // A watch measures how fast sockets enter TIME_WAIT: each stays 60 s, so the count settles at rate x 60.
        long newPerSecond = rate("TimeWait.new");
        long projected = newPerSecond > 0 ? newPerSecond * Thresholds.TIME_WAIT_SECONDS : -1;
        int[] range = portRange();
        long rangeSize = range[1] - range[0] + 1L;
        long projectedPct = projected > 0 ? projected * 100 / rangeSize : -1;
        if (projectedPct >= Thresholds.TIME_WAIT_PROJECTED_WARNING_PCT && severity != Severity.CRITICAL) {
            severity = Severity.WARNING;
        }
        if (projectedPct >= Thresholds.TIME_WAIT_PROJECTED_CRITICAL_PCT) {
            severity = Severity.CRITICAL;
        }
        if (severity == null || n == 0 && projectedPct < Thresholds.TIME_WAIT_PROJECTED_WARNING_PCT) {
            return;
        }
        Map<String, Object> e = evidence(TcpState.TIME_WAIT, n);
        if (sockstatTw >= 0) {
            e.put("sockstat.TCP.tw", sockstatTw);
        }
        if (summaryTw >= 0) {
            e.put("ss.TCP.timewait", summaryTw);
        }
        if (buckets > 0) {
            e.put("net.ipv4.tcp_max_tw_buckets", buckets);
            e.put("percentOfBuckets", pct);
        }
        putCounter(e, "TcpExt.TCPTimeWaitOverflow");
        if (newPerSecond >= 0) {
            e.put("newPerSecond", newPerSecond);
            e.put("projected", Math.max(projected, 0));
            e.put("portRangeSize", rangeSize);
        }
        List<long[]> ports = portsOf(TcpState.TIME_WAIT);
        e.put("topLocalPorts", portList(ports, 5));
        List<TopPeers.Peer> top = stats.peersByState.get(TcpState.TIME_WAIT).top(5);
        e.put("topRemotes", peers(top));
        StringBuilder m = new StringBuilder().append(sockets(n)).append(" in TIME_WAIT");
        if (buckets > 0) {
            m.append(" (").append(pct).append(" % of net.ipv4.tcp_max_tw_buckets ").append(buckets).append(')');
        }
        if (!ports.isEmpty() && ports.get(0)[1] * 2 > rowsTw && isListening(ports.get(0)[0])) {
            m.append(", most on local :").append(ports.get(0)[0]).append(" (").append(ports.get(0)[1])
                    .append("): this server closes first");
        } else if (!top.isEmpty()) {
            m.append(", most to ").append(endpoint(top.get(0))).append(" (").append(top.get(0).count()).append(')');
        }
        if (projectedPct >= Thresholds.TIME_WAIT_PROJECTED_WARNING_PCT) {
            m.append("; during the watch ").append(newPerSecond).append(" sockets/s entered TIME_WAIT, so it settles"
                    + " near ").append(projected).append(" (60 s each), ").append(projectedPct)
                    .append(" % of the ").append(rangeSize).append(" ephemeral ports one destination can use");
        }
        add(FindingCode.TIME_WAIT_STORM, severity, m.toString(),
                "Reuse connections (a connection pool, HTTP keep-alive) instead of one connection per request, and"
                        + " let clients close first so that TIME_WAIT stays with them; net.ipv4.tcp_tw_reuse=1"
                        + " helps outgoing connections only, and widening net.ipv4.ip_local_port_range gives clients"
                        + " more ports. tcp_tw_recycle was removed in Linux 4.12 and must not be used; SO_LINGER"
                        + " with a zero timeout skips TIME_WAIT only by sending RST and is a last resort.",
                e);
    }

    private void ephemeralPorts() {
        int[] range = portRange();
        long size = range[1] - range[0] + 1L;
        int emitted = 0;
        for (TopPeers.Peer d : stats.destinations.top(MAX_FINDINGS_PER_RULE * 2)) {
            long n = d.guaranteed();
            long pct = n * 100 / size;
            Severity severity = n * 100 > size * Thresholds.EPHEMERAL_CRITICAL_PCT ? Severity.CRITICAL
                    : n * 100 > size * Thresholds.EPHEMERAL_WARNING_PCT ? Severity.WARNING : null;
            if (severity == null || emitted++ >= MAX_FINDINGS_PER_RULE) {
                continue;
            }
            long tw = stats.peersByState.get(TcpState.TIME_WAIT).count(null, d.remote(), d.port());
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("count", n);
            e.put("local", d.local());
            e.put("remote", d.remote());
            e.put("remotePort", d.port());
            e.put("timeWait", tw);
            e.put("portRangeLow", range[0]);
            e.put("portRangeHigh", range[1]);
            e.put("portRangeSize", size);
            e.put("percentOfRange", pct);
            add(FindingCode.EPHEMERAL_PORT_EXHAUSTION, severity,
                    n + " connections from " + d.local() + " to " + endpoint(d) + " (" + tw + " in TIME_WAIT) use "
                            + pct + " % of the " + size + " ephemeral ports (" + range[0] + "-" + range[1]
                            + "): new connections to it will fail with EADDRNOTAVAIL",
                    "Reuse connections to this destination (pooling, keep-alive); widen net.ipv4.ip_local_port_range;"
                            + " net.ipv4.tcp_tw_reuse=1 lets outgoing connections reuse ports in TIME_WAIT; spread the"
                            + " load over more source or destination addresses, and do not bind() a client socket to"
                            + " a port before connect() (use IP_BIND_ADDRESS_NO_PORT if it must bind an address).",
                    e);
        }
    }

    // ---- listeners

    private void listenBacklog() {
        long somaxconn = sysctlLong("net.core.somaxconn");
        int emitted = 0;
        for (SocketStats.Listener l : stats.listeners) {
            if (!"tcp".equals(l.proto()) || l.recvQ() <= 0 || l.sendQ() <= 0 || emitted >= MAX_FINDINGS_PER_RULE) {
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
            e.put("backlog", l.sendQ());
            e.put("percent", pct);
            putOwner(e, l.pid(), l.program());
            if (somaxconn > 0) {
                e.put("net.core.somaxconn", somaxconn);
            }
            e.put("line", l.line());
            String capped = somaxconn > 0 && l.sendQ() == somaxconn
                    ? " (the backlog equals net.core.somaxconn, which caps what the application asked for)" : "";
            String effect = severity == Severity.CRITICAL
                    ? ": the application does not accept() fast enough and new connections are dropped"
                    : ": the application accepts more slowly than connections arrive";
            add(FindingCode.LISTEN_BACKLOG_OVERFLOW, severity,
                    "The accept queue of " + endpoint(l) + " held by " + who(l.pid(), l.program()) + " holds "
                            + l.recvQ() + " of " + l.sendQ() + " connections (" + pct + " %)" + capped + effect,
                    backlogAdvice(somaxconn), e);
        }
        long overflows = facts.counter("TcpExt.ListenOverflows");
        long drops = facts.counter("TcpExt.ListenDrops");
        long overflowRate = rate("TcpExt.ListenOverflows");
        long dropRate = rate("TcpExt.ListenDrops");
        long nowRate = Math.max(overflowRate, dropRate);
        if (nowRate <= 0 && overflows <= 0 && drops <= 0) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", nowRate > 0 ? nowRate : Math.max(overflows, drops));
        putCounter(e, "TcpExt.ListenOverflows");
        putCounter(e, "TcpExt.ListenDrops");
        putCounter(e, RATE + "TcpExt.ListenOverflows");
        putCounter(e, RATE + "TcpExt.ListenDrops");
        if (somaxconn > 0) {
            e.put("net.core.somaxconn", somaxconn);
        }
        if (nowRate > 0) {
            Severity severity = nowRate >= Thresholds.LISTEN_OVERFLOW_RATE_CRITICAL ? Severity.CRITICAL
                    : Severity.WARNING;
            add(FindingCode.LISTEN_BACKLOG_OVERFLOW, severity,
                    "Accept queues are overflowing now: " + Math.max(overflowRate, 0)
                            + " TcpExt.ListenOverflows and " + Math.max(dropRate, 0)
                            + " TcpExt.ListenDrops per second", backlogAdvice(somaxconn), e);
        } else {
            add(FindingCode.LISTEN_BACKLOG_OVERFLOW, Severity.INFO,
                    "TcpExt.ListenOverflows is " + Math.max(overflows, 0) + " and TcpExt.ListenDrops "
                            + Math.max(drops, 0) + ": an accept queue overflowed at some time (these counters are"
                            + " totals since boot; watch them to see whether they still grow)",
                    backlogAdvice(somaxconn), e);
        }
    }

    private static String backlogAdvice(long somaxconn) {
        return "Accept faster (more acceptor threads or event loops, no blocking work on the accept path) and raise"
                + " the listen backlog: listen(fd, N) is capped by net.core.somaxconn"
                + (somaxconn > 0 ? " (now " + somaxconn + ")" : "") + " and half-open connections by"
                + " net.ipv4.tcp_max_syn_backlog; `nstat -az TcpExtListenOverflows` shows whether overflows go on.";
    }

    private void listenAllInterfaces() {
        List<String> names = new ArrayList<>();
        List<Map<String, Object>> list = new ArrayList<>();
        for (SocketStats.Listener l : stats.listeners) {
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
        if (stats.wildcardListeners == 0) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", stats.wildcardListeners);
        e.put("listeners", list);
        long more = stats.wildcardListeners - names.size();
        add(FindingCode.LISTEN_ALL_INTERFACES, Severity.INFO,
                stats.wildcardListeners + (stats.wildcardListeners == 1 ? " socket is" : " sockets are")
                        + " bound to every interface: " + String.join(", ", names)
                        + (more > 0 ? " and " + more + " more" : ""),
                "Bind services that only local clients use to 127.0.0.1 or ::1 and the others to the address that"
                        + " serves them, or firewall them: a wildcard bind is reachable from every network the host"
                        + " is on.",
                e);
    }

    // ---- handshakes

    private void synRecv() {
        List<long[]> ports = portsOf(TcpState.SYN_RECV);
        List<TopPeers.Peer> sources = stats.peersByState.get(TcpState.SYN_RECV).top(5);
        for (int i = 0; i < ports.size() && i < MAX_FINDINGS_PER_RULE; i++) {
            int port = (int) ports.get(i)[0];
            long n = ports.get(i)[1];
            Severity severity = bySize(n, Thresholds.SYN_RECV_INFO, Thresholds.SYN_RECV_WARNING,
                    Thresholds.SYN_RECV_CRITICAL);
            if (severity == null) {
                continue;
            }
            Map<String, Object> e = evidence(TcpState.SYN_RECV, n);
            e.put("localPort", port);
            e.put("topRemotes", peers(sources));
            putSysctl(e, "net.ipv4.tcp_syncookies");
            putSysctl(e, "net.ipv4.tcp_max_syn_backlog");
            putCounter(e, "TcpExt.SyncookiesSent");
            putCounter(e, "TcpExt.ListenDrops");
            e.put("samples", samples(TcpState.SYN_RECV, port));
            String top = sources.isEmpty() ? ""
                    : ", top source " + sources.get(0).remote() + " with " + sources.get(0).count();
            add(FindingCode.SYN_RECV_FLOOD, severity,
                    n + " half-open connections in SYN_RECV on :" + port + top
                            + ": handshakes do not complete (a SYN flood, or the final ACKs are lost)",
                    "Look at the sources: few sources with many half-open connections is a flood; keep"
                            + " net.ipv4.tcp_syncookies=1 (TcpExt.SyncookiesSent counts their use) and filter at the"
                            + " edge. Many legitimate clients need a larger net.ipv4.tcp_max_syn_backlog and listen"
                            + " backlog; `ss -tan state syn-recv` lists them.",
                    e);
        }
    }

    private void synSent() {
        int emitted = 0;
        for (TopPeers.Peer p : stats.peersByState.get(TcpState.SYN_SENT).top(MAX_FINDINGS_PER_RULE)) {
            long n = p.guaranteed();
            Severity severity = bySize(n, Thresholds.SYN_SENT_INFO, Thresholds.SYN_SENT_WARNING, Long.MAX_VALUE);
            if (severity == null || emitted++ >= MAX_FINDINGS_PER_RULE) {
                continue;
            }
            long retries = -1;
            List<Map<String, Object>> samples = new ArrayList<>();
            String dest = endpoint(p);
            for (SampleRow s : stats.samples.get(TcpState.SYN_SENT)) {
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
            putSysctl(e, "net.ipv4.tcp_syn_retries");
            e.put("samples", samples);
            add(FindingCode.SYN_SENT_UNANSWERED, severity,
                    n + (n == 1 ? " connection attempt" : " connection attempts") + " to " + dest + " in SYN_SENT"
                            + (retries > 0 ? " (SYN sent again " + retries + " times)" : "")
                            + ": the peer does not answer",
                    "Silence means packets are dropped (a firewall, a wrong route) or the host is down; a closed"
                            + " port would answer RST at once. Check the peer and the path (`nc -vz " + p.remote()
                            + " " + p.port() + "`, `tcptraceroute " + p.remote() + " " + p.port() + "`); "
                            + "net.ipv4.tcp_syn_retries bounds how long connect() waits.",
                    e);
        }
    }

    // ---- queues and windows

    private void receiveQueue() {
        SocketStats.Quantity q = stats.recvQ;
        if (q.over == 0) {
            return;
        }
        Severity severity = q.over >= Thresholds.QUEUE_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Object> e = queueEvidence(q);
        SampleRow worst = q.worst.rows().get(0);
        add(FindingCode.RECEIVE_BUFFER_FULL, severity,
                established(q.over) + " at least " + Thresholds.QUEUE_BYTES / 1024 + " KiB (or "
                        + Thresholds.QUEUE_BUFFER_PCT + " % of the receive buffer) of unread data, up to "
                        + q.max + " bytes on " + worst.local() + " from " + worst.remote() + " held by "
                        + who(worst.pid(), worst.program()) + mostly(q) + ": the local application is not reading",
                "Find why the owning process stops reading: a blocked or busy reader thread, a stalled event loop,"
                        + " back-pressure that never lifts (take thread dumps of the pid); `ss -tnmp state"
                        + " established` shows the queues.",
                e);
    }

    private void sendQueue() {
        SocketStats.Quantity q = stats.sendQ;
        if (q.over == 0) {
            return;
        }
        Severity severity = q.over >= Thresholds.QUEUE_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Object> e = queueEvidence(q);
        SampleRow worst = q.worst.rows().get(0);
        StringBuilder path = new StringBuilder();
        if (worst.rttMs() >= 0) {
            path.append("rtt ").append(worst.rttMs()).append(" ms");
        }
        if (worst.retrans() > 0) {
            path.append(path.length() > 0 ? ", " : "").append(worst.retrans()).append(" retransmissions");
        }
        add(FindingCode.SEND_QUEUE_BACKLOG, severity,
                established(q.over) + " at least " + Thresholds.QUEUE_BYTES / 1024 + " KiB (or "
                        + Thresholds.QUEUE_BUFFER_PCT + " % of the send buffer) of unacknowledged data, up to "
                        + q.max + " bytes from " + worst.local() + " to " + worst.remote()
                        + (path.length() > 0 ? " (" + path + ")" : "") + " held by "
                        + who(worst.pid(), worst.program()) + mostly(q)
                        + ": the peer is not reading or the path is slow",
                "Check the peer first: one that does not read advertises a zero window (see zero_window); otherwise"
                        + " the path is slow or lossy (rtt, retransmissions in `ss -tni`). Bound what the"
                        + " application queues (write back-pressure, TCP_NOTSENT_LOWAT) and time out stuck peers"
                        + " (TCP_USER_TIMEOUT).",
                e);
    }

    private Map<String, Object> queueEvidence(SocketStats.Quantity q) {
        Map<String, Object> e = evidence(TcpState.ESTABLISHED, q.over);
        e.put("nonEmpty", q.sockets);
        e.put("maxBytes", q.max);
        e.put("totalBytes", q.sum);
        e.put("thresholdBytes", Thresholds.QUEUE_BYTES);
        e.put("byPid", pidList(q.overPerPid, 5));
        e.put("samples", maps(q.worst.rows()));
        return e;
    }

    private String mostly(SocketStats.Quantity q) {
        List<Map<String, Object>> byPid = pidList(q.overPerPid, 1);
        if (q.over < 2 || byPid.isEmpty() || !(byPid.get(0).get("pid") instanceof Long pid)
                || (Long) byPid.get(0).get("count") * 2 < q.over) {
            return "";
        }
        return " (" + byPid.get(0).get("count") + " of them held by pid " + pid
                + (stats.program(pid) != null ? " " + Quote.bare(stats.program(pid)) : "") + ")";
    }

    private void zeroWindow() {
        long n = stats.zeroWindow;
        if (n == 0) {
            return;
        }
        Severity severity = n >= Thresholds.ZERO_WINDOW_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Object> e = evidence(TcpState.ESTABLISHED, n);
        List<SampleRow> rows = stats.zeroWindowRows.rows();
        e.put("samples", maps(rows));
        SampleRow s = rows.get(0);
        add(FindingCode.ZERO_WINDOW, severity,
                sockets(n) + (n == 1 ? " sees" : " see") + " a zero receive window from the peer, e.g. " + s.local() + " to " + s.remote()
                        + " held by " + who(s.pid(), s.program())
                        + (s.sendQ() >= 0 ? " with " + s.sendQ() + " bytes waiting" : "")
                        + ": the peer's application does not read",
                "Fix the reader on the peer (it is the side with a full Recv-Q); meanwhile the sender should bound"
                        + " its queue and time out (TCP_USER_TIMEOUT) rather than wait for ever.",
                e);
    }

    private void retransmissions() {
        Severity severity = null;
        List<String> parts = new ArrayList<>();
        Map<String, Object> e = new LinkedHashMap<>();
        long count = Math.max(stats.retransSockets, stats.timerRetransSockets);
        e.put("count", count);
        if (stats.timerRetransSockets > 0) {
            e.put("timerRetransSockets", stats.timerRetransSockets);
            e.put("timerRetransMax", stats.timerRetransMax);
            if (stats.timerRetransMax >= Thresholds.RETRANS_TIMER_WARNING) {
                severity = stats.timerRetransMax >= Thresholds.RETRANS_TIMER_CRITICAL ? Severity.CRITICAL
                        : Severity.WARNING;
                parts.add(stats.timerRetransOverWarning + " sockets retransmitting on the timer, up to "
                        + stats.timerRetransMax + " times in a row");
            }
        }
        if (stats.retransSockets > 0) {
            e.put("retransSockets", stats.retransSockets);
            e.put("retransTotal", stats.retransTotal);
            e.put("retransNowSockets", stats.retransNowSockets);
            e.put("retransNow", stats.retransNow);
            severity = worst(severity, Severity.INFO);
            parts.add(stats.retransSockets + " sockets with " + stats.retransTotal + " retransmissions");
        }
        double ratio = ratioPct("Tcp.RetransSegs", "Tcp.OutSegs");
        if (ratio >= 0) {
            e.put("retransPercent", Math.round(ratio * 100) / 100.0);
            putCounter(e, "Tcp.RetransSegs");
            putCounter(e, "Tcp.OutSegs");
            putCounter(e, RATE + "Tcp.RetransSegs");
            putCounter(e, RATE + "Tcp.OutSegs");
            Severity byRatio = ratio >= Thresholds.RETRANS_RATIO_CRITICAL_PCT ? Severity.CRITICAL
                    : ratio >= Thresholds.RETRANS_RATIO_WARNING_PCT ? Severity.WARNING
                    : ratio >= Thresholds.RETRANS_RATIO_INFO_PCT ? Severity.INFO : null;
            if (byRatio != null) {
                severity = worst(severity, byRatio);
                parts.add(String.format(Locale.ROOT, "%.2f %% of segments sent were retransmissions%s", ratio,
                        facts.hasCounter(RATE + "Tcp.OutSegs") ? " in the last interval" : " since boot"));
            }
        }
        if (severity == null) {
            return;
        }
        if (stats.rttSockets > 0) {
            e.put("rtt", stats.rtt());
        }
        List<SampleRow> rows = new ArrayList<>(stats.worstTimerRetrans.rows());
        rows.addAll(stats.worstRetrans.rows());
        e.put("samples", maps(rows.subList(0, Math.min(rows.size(), SocketStats.SAMPLES))));
        String where = rows.isEmpty() ? "" : ", worst " + rows.get(0).local() + " to " + rows.get(0).remote();
        add(FindingCode.RETRANSMISSIONS, severity,
                String.join("; ", parts) + where + ": segments are lost on the path or the peer does not answer",
                "Look for loss and congestion on the path (interface errors, `ss -tni` rtt and cwnd, `mtr` to the"
                        + " peer) and for an unreachable or overloaded peer; a socket retransmitting on the timer"
                        + " gives up after net.ipv4.tcp_retries2 attempts (about 15 minutes by default)"
                        + " unless TCP_USER_TIMEOUT is set.",
                e);
    }

    // ---- closing states

    private void finWait2() {
        long n = stats.count(Proto.TCP, TcpState.FIN_WAIT2);
        Severity severity = bySize(n, Thresholds.LINGER_INFO, Thresholds.LINGER_WARNING, Thresholds.LINGER_CRITICAL);
        if (severity == null) {
            return;
        }
        Map<String, Object> e = lingerEvidence(TcpState.FIN_WAIT2, n);
        String finTimeout = facts.sysctl("net.ipv4.tcp_fin_timeout");
        if (finTimeout != null) {
            e.put("net.ipv4.tcp_fin_timeout", finTimeout);
        }
        add(FindingCode.FIN_WAIT2_LINGERING, severity,
                sockets(n) + " in FIN_WAIT2" + mostTo(TcpState.FIN_WAIT2)
                        + ": this side closed and the peer never closes its side",
                "Fix the peer to close() on EOF (its end is in CLOSE_WAIT). A FIN_WAIT2 socket no process holds is"
                        + " freed after net.ipv4.tcp_fin_timeout (" + (finTimeout == null ? "60" : finTimeout)
                        + " s), but one still held after shutdown(SHUT_WR) waits for ever: close it after a timeout.",
                e);
    }

    private void lastAck() {
        long n = stats.count(Proto.TCP, TcpState.LAST_ACK);
        Severity severity = bySize(n, Thresholds.LINGER_INFO, Thresholds.LINGER_WARNING, Thresholds.LINGER_CRITICAL);
        if (severity == null) {
            return;
        }
        add(FindingCode.LAST_ACK_LINGERING, severity,
                sockets(n) + " in LAST_ACK" + mostTo(TcpState.LAST_ACK)
                        + ": the peer does not acknowledge this side's close",
                "The peer is gone or something drops the last ACK: check reachability and stateful firewalls or NAT"
                        + " that expire the connection early; the kernel retransmits the FIN"
                        + " (net.ipv4.tcp_orphan_retries) and then frees the socket.",
                lingerEvidence(TcpState.LAST_ACK, n));
    }

    private Map<String, Object> lingerEvidence(TcpState state, long n) {
        Map<String, Object> e = evidence(state, n);
        e.put("topLocalPorts", portList(portsOf(state), 5));
        e.put("topRemotes", peers(stats.peersByState.get(state), 5));
        e.put("samples", maps(stats.samples.get(state)));
        return e;
    }

    private String mostTo(TcpState state) {
        List<TopPeers.Peer> top = stats.peersByState.get(state).top(1);
        return top.isEmpty() ? "" : ", most to " + top.get(0).remote() + " (" + top.get(0).count() + ")";
    }

    private void halfClosed() {
        long[] pairs = {0};
        stats.finWait2Tuples.forEach((k, c) -> {
            if (stats.closeWaitTuples.get(k) > 0) {
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
        for (SampleRow s : stats.samples.get(TcpState.CLOSE_WAIT)) {
            if (s.local().startsWith("127.") || s.local().startsWith("[::1]")) {
                samples.add(s.toMap());
                if (holder.isEmpty() && s.pid() >= 0) {
                    holder = ", e.g. the CLOSE_WAIT end " + s.local() + " held by " + who(s.pid(), s.program());
                }
            }
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", n);
        e.put("samples", samples);
        add(FindingCode.HALF_CLOSED_CONNECTIONS, severity,
                n + (n == 1 ? " loopback connection is" : " loopback connections are")
                        + " half closed on this host, one end in FIN_WAIT2 and the other in CLOSE_WAIT" + holder
                        + ": the process holding the CLOSE_WAIT end does not close it",
                "Both ends are local: fix the process that holds the CLOSE_WAIT end to close() on EOF (see"
                        + " close_wait_leak); `ss -tanp state close-wait` names it.",
                e);
    }

    // ---- host-wide limits

    private void orphans() {
        long n = Math.max(facts.counter("sockstat.TCP.orphan"), facts.counter("ss.TCP.orphaned"));
        if (n <= 0) {
            return;
        }
        long max = sysctlLong("net.ipv4.tcp_max_orphans");
        long pct = max > 0 ? n * 100 / max : -1;
        Severity severity = pct >= Thresholds.ORPHANS_CRITICAL_PCT ? Severity.CRITICAL
                : pct >= Thresholds.ORPHANS_WARNING_PCT ? Severity.WARNING
                : n >= Thresholds.ORPHANS_INFO ? Severity.INFO : null;
        if (severity == null) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", n);
        if (max > 0) {
            e.put("net.ipv4.tcp_max_orphans", max);
            e.put("percent", pct);
        }
        putCounter(e, "sockstat.TCP.orphan");
        putCounter(e, "ss.TCP.orphaned");
        putCounter(e, "TcpExt.TCPAbortOnMemory");
        add(FindingCode.ORPHANED_SOCKETS, severity,
                n + " orphaned TCP sockets (closed by their process, still finishing the close)"
                        + (max > 0 ? ", " + pct + " % of net.ipv4.tcp_max_orphans " + max : "")
                        + ": beyond the limit the kernel resets connections (\"too many orphaned sockets\")",
                "Find what closes so many connections whose peers do not finish the close (FIN_WAIT1/FIN_WAIT2,"
                        + " LAST_ACK, CLOSING); lower net.ipv4.tcp_fin_timeout and net.ipv4.tcp_orphan_retries,"
                        + " and raise net.ipv4.tcp_max_orphans only with the memory for it (about 64 KiB each).",
                e);
    }

    private void memoryPressure() {
        long pages = facts.counter("sockstat.TCP.mem");
        long[] tcpMem = triple(facts.sysctl("net.ipv4.tcp_mem"));
        Severity severity = null;
        String level = null;
        if (pages >= 0 && tcpMem != null) {
            if (pages >= tcpMem[2]) {
                severity = Severity.CRITICAL;
                level = "at or above the maximum";
            } else if (pages >= tcpMem[1]) {
                severity = Severity.WARNING;
                level = "above the pressure threshold";
            }
        }
        String[] keys = {"TcpExt.TCPMemoryPressures", "TcpExt.TCPAbortOnMemory", "TcpExt.PruneCalled",
            "TcpExt.RcvPruned", "TcpExt.TCPRcvQDrop"};
        List<String> seen = new ArrayList<>();
        for (String k : keys) {
            if (rate(k) > 0) {
                severity = worst(severity, Severity.WARNING);
                seen.add(k + " " + rate(k) + "/s");
            } else if (facts.counter(k) > 0) {
                severity = worst(severity, Severity.INFO);
                seen.add(k + " " + facts.counter(k));
            }
        }
        if (severity == null) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", Math.max(pages, 0));
        putCounter(e, "sockstat.TCP.mem");
        putSysctl(e, "net.ipv4.tcp_mem");
        for (String k : keys) {
            putCounter(e, k);
            putCounter(e, RATE + k);
        }
        StringBuilder m = new StringBuilder();
        if (level != null) {
            m.append("TCP uses ").append(pages).append(" pages of memory, ").append(level).append(" of net.ipv4.tcp_mem (")
                    .append(tcpMem[0]).append(' ').append(tcpMem[1]).append(' ').append(tcpMem[2]).append(')');
        } else {
            m.append("TCP memory was short at some time");
        }
        if (!seen.isEmpty()) {
            m.append(level != null ? "; " : " (").append(String.join(", ", seen)).append(level != null ? "" : ")");
        }
        m.append(": under pressure the kernel shrinks buffers, and at the maximum it drops data and aborts connections");
        add(FindingCode.SOCKET_MEMORY_PRESSURE, severity, m.toString(),
                "Find the sockets that hold memory (`ss -tmn`: large Recv-Q or Send-Q) and make their readers keep up;"
                        + " raise net.ipv4.tcp_mem only when the host has the memory. Counters without a rate are"
                        + " totals since boot.",
                e);
    }

    private void tcpDrops() {
        if (stats.tcpDropSockets == 0) {
            return;
        }
        Severity severity = stats.tcpDrops >= Thresholds.TCP_DROPS_WARNING ? Severity.WARNING : Severity.INFO;
        List<SampleRow> rows = stats.worstTcpDrops.rows();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", stats.tcpDropSockets);
        e.put("drops", stats.tcpDrops);
        putCounter(e, "TcpExt.TCPBacklogDrop");
        putCounter(e, "TcpExt.TCPRcvQDrop");
        e.put("samples", maps(rows));
        SampleRow s = rows.get(0);
        add(FindingCode.TCP_SOCKET_DROPS, severity,
                sockets(stats.tcpDropSockets) + " dropped " + stats.tcpDrops + " packets at the socket, most "
                        + s.local() + " from " + s.remote() + " held by " + who(s.pid(), s.program()) + " with "
                        + s.drops() + ": its receive buffer or backlog was full",
                "Make the application read faster and let the receive buffer autotune (do not fix SO_RCVBUF small);"
                        + " TcpExt.TCPBacklogDrop and TCPRcvQDrop count these drops host-wide.",
                e);
    }

    private void udpDrops() {
        long errors = facts.counter("Udp.RcvbufErrors");
        long errorRate = rate("Udp.RcvbufErrors");
        if (stats.udpDropSockets == 0 && errors <= 0 && errorRate <= 0) {
            return;
        }
        Severity severity = stats.udpDropSockets > 0 || errorRate > 0 ? Severity.WARNING : Severity.INFO;
        if (errorRate >= Thresholds.UDP_DROP_RATE_CRITICAL) {
            severity = Severity.CRITICAL;
        }
        List<SampleRow> rows = stats.worstUdpDrops.rows();
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", stats.udpDropSockets > 0 ? stats.udpDrops : Math.max(errorRate, errors));
        e.put("sockets", stats.udpDropSockets);
        e.put("drops", stats.udpDrops);
        putCounter(e, "Udp.RcvbufErrors");
        putCounter(e, RATE + "Udp.RcvbufErrors");
        putCounter(e, "Udp.InErrors");
        putSysctl(e, "net.core.rmem_max");
        putSysctl(e, "net.core.rmem_default");
        e.put("samples", maps(rows));
        String message;
        if (!rows.isEmpty()) {
            SampleRow s = rows.get(0);
            message = stats.udpDropSockets + (stats.udpDropSockets == 1 ? " UDP socket" : " UDP sockets")
                    + " dropped " + stats.udpDrops + " datagrams, most " + s.local() + " held by "
                    + who(s.pid(), s.program()) + " with " + s.drops() + ": the receive buffer was full";
        } else if (errorRate > 0) {
            message = "UDP drops " + errorRate + " datagrams per second (Udp.RcvbufErrors): receive buffers are full";
        } else {
            message = "Udp.RcvbufErrors is " + errors + ": UDP receive buffers overflowed at some time (a total since"
                    + " boot)";
        }
        add(FindingCode.UDP_RECEIVE_BUFFER_DROPS, severity, message,
                "Read faster (more reader threads, several sockets with SO_REUSEPORT) and give the socket a larger"
                        + " receive buffer with SO_RCVBUF, which net.core.rmem_max caps (raise it with sysctl -w"
                        + " net.core.rmem_max=N; net.core.rmem_default for programs that do not set it).",
                e);
    }

    private void bufferSizes() {
        if (stats.bufferLimited == 0) {
            return;
        }
        long[] rmem = triple(facts.sysctl("net.ipv4.tcp_rmem"));
        boolean looksFixed = rmem != null && stats.bufferLimitedMinRcvBuf != Long.MAX_VALUE
                && stats.bufferLimitedMinRcvBuf < rmem[2] / Thresholds.RMEM_FIXED_FRACTION;
        Severity severity = stats.bufferLimited >= Thresholds.BUFFER_LIMITED_WARNING || looksFixed
                ? Severity.WARNING : Severity.INFO;
        List<SampleRow> rows = stats.worstBuffers.rows();
        SampleRow s = rows.get(0);
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", stats.bufferLimited);
        e.put("measuredFlows", stats.bufferFlows);
        e.put("maxBdpBytes", stats.maxBdp);
        if (rmem != null) {
            e.put("net.ipv4.tcp_rmem", facts.sysctl("net.ipv4.tcp_rmem"));
        }
        putSysctl(e, "net.ipv4.tcp_wmem");
        putSysctl(e, "net.core.rmem_max");
        putSysctl(e, "net.core.wmem_max");
        e.put("samples", maps(rows));
        add(FindingCode.BUFFER_SIZES, severity,
                stats.bufferLimited + " of " + stats.bufferFlows + " measured flows keep at least half their socket"
                        + " buffer in flight (largest bandwidth-delay product " + stats.maxBdp + " bytes; e.g. "
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

    private void shortConnections() {
        int emitted = 0;
        for (TopPeers.Peer p : stats.peersByState.get(TcpState.TIME_WAIT).top(MAX_FINDINGS_PER_RULE)) {
            long n = p.guaranteed();
            Severity severity = bySize(n, Thresholds.SHORT_CONNECTIONS_INFO, Thresholds.SHORT_CONNECTIONS_WARNING,
                    Long.MAX_VALUE);
            if (severity == null || emitted++ >= MAX_FINDINGS_PER_RULE) {
                continue;
            }
            Map<String, Object> e = evidence(TcpState.TIME_WAIT, n);
            e.put("remote", p.remote());
            e.put("remotePort", p.port());
            add(FindingCode.MANY_SHORT_CONNECTIONS, severity,
                    n + " connections to " + endpoint(p) + " are in TIME_WAIT, each from its own local port:"
                            + " a client opens a new connection per request",
                    "Keep connections to " + endpoint(p) + " open and reuse them (a connection pool, HTTP keep-alive,"
                            + " multiplexing) instead of connecting per request.",
                    e);
        }
    }

    private void unparsed() {
        long n = report.unparsedCount();
        if (n == 0) {
            return;
        }
        long lines = Math.max(report.lines(), n);
        long pct = n * 100 / lines;
        Severity severity = pct >= Thresholds.UNPARSED_WARNING_PCT || report.sockets() == 0 ? Severity.WARNING
                : Severity.INFO;
        List<Map<String, Object>> samples = new ArrayList<>();
        for (ParseReport.Unparsed u : report.samples()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("line", u.line());
            m.put("text", u.text());
            m.put("reason", u.reason());
            samples.add(m);
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", n);
        e.put("lines", report.lines());
        e.put("format", report.format());
        e.put("samples", samples);
        String first = report.samples().isEmpty() ? ""
                : ", the first at line " + report.samples().get(0).line() + " (" + report.samples().get(0).reason() + ")";
        add(FindingCode.UNPARSED_INPUT, severity,
                n + " of " + report.lines() + " input lines could not be read"
                        + (report.format() != null ? " as " + report.format() : "") + first
                        + ": the findings leave them out",
                "Check that the input is complete output of one supported tool; name its format with --format if"
                        + " the detection guessed wrong.",
                e);
    }

    // ---- helpers

    private void add(String code, Severity severity, String message, String recommendation,
                     Map<String, Object> evidence) {
        // Escaped here: the sentences quote input, and a finding must not drive the terminal it is printed on.
        out.add(new Finding(code, severity, Quote.escape(message), Quote.escape(recommendation), evidence));
    }

    private static Severity bySize(long n, long info, long warning, long critical) {
        return n >= critical ? Severity.CRITICAL : n >= warning ? Severity.WARNING : n >= info ? Severity.INFO : null;
    }

    private static Severity worst(Severity a, Severity b) {
        return a == null ? b : a.worst(b);
    }

    private static Map<String, Object> evidence(TcpState state, long count) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("state", state.label());
        e.put("count", count);
        return e;
    }

    /** {port, pid, count} of TCP sockets in {@code state}, largest first. */
    private List<long[]> groups(TcpState state) {
        List<long[]> groups = new ArrayList<>();
        stats.statePortPid.forEach((key, count) -> {
            if ((key >>> 56) == state.ordinal()) {
                long pid = key & 0xFFFFFFFFFFL;
                groups.add(new long[] {(key >>> 40) & 0xFFFF, pid == 0xFFFFFFFFFFL ? -1 : pid, count});
            }
        });
        groups.sort(Comparator.comparingLong((long[] g) -> -g[2]).thenComparingLong(g -> g[0]));
        return groups;
    }

    /** {port, count} of TCP sockets in {@code state}, largest first. */
    private List<long[]> portsOf(TcpState state) {
        List<long[]> ports = new ArrayList<>();
        stats.statePort.forEach((key, count) -> {
            if ((key >>> 16) == state.ordinal()) {
                ports.add(new long[] {key & 0xFFFF, count});
            }
        });
        ports.sort(Comparator.comparingLong((long[] p) -> -p[1]).thenComparingLong(p -> p[0]));
        return ports;
    }

    private static List<Map<String, Object>> portList(List<long[]> ports, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < ports.size() && i < n; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("port", ports.get(i)[0]);
            m.put("count", ports.get(i)[1]);
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> pidList(LongCounts perPid, int n) {
        List<long[]> pids = new ArrayList<>();
        perPid.forEach((pid, count) -> pids.add(new long[] {pid, count}));
        pids.sort(Comparator.comparingLong((long[] p) -> -p[1]).thenComparingLong(p -> p[0]));
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < pids.size() && i < n; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            putOwner(m, pids.get(i)[0]);
            m.put("count", pids.get(i)[1]);
            out.add(m);
        }
        return out;
    }

    private boolean isListening(long port) {
        return stats.count(TcpState.LISTEN, (int) port) > 0;
    }

    private static List<Map<String, Object>> peers(TopPeers table, int n) {
        return peers(table.top(n));
    }

    private static List<Map<String, Object>> peers(List<TopPeers.Peer> top) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (TopPeers.Peer p : top) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("remote", p.remote());
            if (p.port() >= 0) {
                m.put("remotePort", p.port());
            }
            m.put("count", p.count());
            out.add(m);
        }
        return out;
    }

    private List<Map<String, Object>> samples(TcpState state, int localPort) {
        List<Map<String, Object>> out = new ArrayList<>();
        String suffix = ":" + localPort;
        for (SampleRow s : stats.samples.get(state)) {
            if (s.local() != null && s.local().endsWith(suffix)) {
                out.add(s.toMap());
            }
        }
        return out;
    }

    private static List<Map<String, Object>> maps(List<SampleRow> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (SampleRow r : rows) {
            out.add(r.toMap());
        }
        return out;
    }

    private void putOwner(Map<String, Object> e, long pid) {
        putOwner(e, pid, pid >= 0 ? stats.program(pid) : null);
    }

    private static void putOwner(Map<String, Object> e, long pid, String program) {
        if (pid >= 0) {
            e.put("pid", pid);
        }
        if (program != null) {
            e.put("program", program);
        }
    }

    private String who(long pid) {
        return who(pid, pid >= 0 ? stats.program(pid) : null);
    }

    private static String who(long pid, String program) {
        if (pid < 0) {
            return program != null ? Quote.bare(program) : "an unknown process (list owners with ss -p as root)";
        }
        return "pid " + pid + (program != null ? " (" + Quote.bare(program) + ")" : "");
    }

    private static String established(long n) {
        return n + (n == 1 ? " ESTABLISHED socket holds" : " ESTABLISHED sockets hold");
    }

    private static String sockets(long n) {
        return n + (n == 1 ? " socket" : " sockets");
    }

    private static String endpoint(TopPeers.Peer p) {
        return SocketRow.endpoint(p.remote(), Math.max(p.port(), 0));
    }

    private static String endpoint(SocketStats.Listener l) {
        return SocketRow.endpoint(l.address(), l.port());
    }

    private void putCounter(Map<String, Object> e, String key) {
        if (facts.hasCounter(key)) {
            e.put(key, facts.counter(key));
        }
    }

    private void putSysctl(Map<String, Object> e, String key) {
        String v = facts.sysctl(key);
        if (v != null) {
            e.put(key, v);
        }
    }

    /** The rate per second of counter {@code key} ({@code rate.<key>}), or -1 when not given. */
    private long rate(String key) {
        return facts.counter(RATE + key);
    }

    /** {@code part} as a percentage of {@code whole}: from their rates when given, else from the totals; -1 if unknown. */
    private double ratioPct(String part, String whole) {
        long p = rate(part);
        long w = rate(whole);
        if (p < 0 || w <= 0) {
            p = facts.counter(part);
            w = facts.counter(whole);
        }
        return p < 0 || w <= 0 ? -1 : p * 100.0 / w;
    }

    private long sysctlLong(String key) {
        long[] v = numbers(facts.sysctl(key), 1);
        return v == null ? -1 : v[0];
    }

    private static long[] triple(String value) {
        return numbers(value, 3);
    }

    private int[] portRange() {
        long[] v = numbers(facts.sysctl("net.ipv4.ip_local_port_range"), 2);
        if (v == null || v[0] < 1 || v[1] > 65535 || v[1] < v[0]) {
            return new int[] {Thresholds.EPHEMERAL_DEFAULT_LOW, Thresholds.EPHEMERAL_DEFAULT_HIGH};
        }
        return new int[] {(int) v[0], (int) v[1]};
    }

    /** The first {@code n} whitespace-separated numbers of {@code value}, or {@code null}. */
    private static long[] numbers(String value, int n) {
        if (value == null) {
            return null;
        }
        String[] parts = value.trim().split("\\s+");
        if (parts.length < n) {
            return null;
        }
        long[] out = new long[n];
        try {
            for (int i = 0; i < n; i++) {
                out[i] = Long.parseLong(parts[i]);
            }
        } catch (NumberFormatException e) {
            return null;
        }
        return out;
    }
}
