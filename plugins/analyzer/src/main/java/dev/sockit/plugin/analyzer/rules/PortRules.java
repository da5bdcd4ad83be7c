package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Severity;
import dev.sockit.plugin.analyzer.model.Proto;
import dev.sockit.plugin.analyzer.model.TcpState;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sockit.plugin.analyzer.rules.RuleContext.bySize;
import static dev.sockit.plugin.analyzer.rules.RuleContext.endpoint;
import static dev.sockit.plugin.analyzer.rules.RuleContext.evidence;
import static dev.sockit.plugin.analyzer.rules.RuleContext.peers;
import static dev.sockit.plugin.analyzer.rules.RuleContext.portList;
import static dev.sockit.plugin.analyzer.rules.RuleContext.sockets;
import static dev.sockit.plugin.analyzer.rules.Rules.MAX_FINDINGS_PER_RULE;

/**
 * Local ports used up by short connections: {@code time_wait_storm}, {@code ephemeral_port_exhaustion} and
 * {@code many_short_connections}.
 */
final class PortRules {

    /** {@link FindingCode#TIME_WAIT_STORM}. */
    static final Rule TIME_WAIT = PortRules::timeWait;

    /** {@link FindingCode#EPHEMERAL_PORT_EXHAUSTION}. */
    static final Rule EPHEMERAL_PORTS = PortRules::ephemeralPorts;

    /** {@link FindingCode#MANY_SHORT_CONNECTIONS}. */
    static final Rule SHORT_CONNECTIONS = PortRules::shortConnections;

    /** {@link FindingCode#ESTABLISHED_PILEUP}. */
    static final Rule ESTABLISHED_PILES = PortRules::establishedPiles;

    /** This family's rules, in the order {@link Rules#ALL} runs them. */
    static final List<Rule> ALL = List.of(TIME_WAIT, EPHEMERAL_PORTS, SHORT_CONNECTIONS, ESTABLISHED_PILES);

    private PortRules() {
    }

    private static void timeWait(RuleContext c, FindingSink out) {
        long rowsTw = c.stats.count(Proto.TCP, TcpState.TIME_WAIT);
        long sockstatTw = c.facts.counter("sockstat.TCP.tw");
        // ss -s prints the same count as "timewait"
        long summaryTw = c.facts.counter("ss.TCP.timewait");
        long n = Math.max(rowsTw, Math.max(sockstatTw, summaryTw));
        long buckets = c.sysctlLong("net.ipv4.tcp_max_tw_buckets");
        long pct = buckets > 0 ? n * 100 / buckets : -1;
        Severity severity = null;
        if (n >= Thresholds.TIME_WAIT_INFO) {
            severity = Severity.INFO;
        }
        if (n >= Thresholds.TIME_WAIT_WARNING || pct >= Thresholds.TIME_WAIT_BUCKETS_WARNING_PCT) {
            severity = Severity.WARNING;
        }
        if (pct >= Thresholds.TIME_WAIT_BUCKETS_CRITICAL_PCT || c.rate("TcpExt.TCPTimeWaitOverflow") > 0) {
            severity = Severity.CRITICAL;
        }
        // A watch measures how fast sockets enter TIME_WAIT: each stays 60 s, so the count settles at rate x 60.
        long newPerSecond = c.rate("TimeWait.new");
        long projected = newPerSecond > 0 ? newPerSecond * Thresholds.TIME_WAIT_SECONDS : -1;
        int[] range = c.portRange();
        long rangeSize = range[1] - range[0] + 1L;
        long projectedPct = projected > 0 ? projected * 100 / rangeSize : -1;
        if (projectedPct >= Thresholds.TIME_WAIT_PROJECTED_WARNING_PCT && severity != Severity.CRITICAL) {
            severity = Severity.WARNING;
        }
        if (projectedPct >= Thresholds.TIME_WAIT_PROJECTED_CRITICAL_PCT) {
            severity = Severity.CRITICAL;
        }
        // TIME_WAIT toward one destination holds local ports a client needs for that destination only: judged
        // against the ephemeral port range (each (local address, destination) pair has the whole range).
        List<TopPeers.Peer> top = c.stats.peersByState.get(TcpState.TIME_WAIT).top(5);
        long toTop = top.isEmpty() ? 0 : top.get(0).guaranteed();
        long topPct = toTop >= 2 ? toTop * 100 / rangeSize : -1;
        if (topPct >= Thresholds.TIME_WAIT_DESTINATION_CRITICAL_PCT) {
            severity = Severity.CRITICAL;
        } else if (topPct >= Thresholds.TIME_WAIT_DESTINATION_WARNING_PCT && severity != Severity.CRITICAL) {
            severity = Severity.WARNING;
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
        c.putCounter(e, "TcpExt.TCPTimeWaitOverflow");
        if (newPerSecond >= 0) {
            e.put("newPerSecond", newPerSecond);
            e.put("projected", Math.max(projected, 0));
            e.put("portRangeSize", rangeSize);
        }
        List<long[]> ports = c.portsOf(TcpState.TIME_WAIT);
        e.put("topLocalPorts", portList(ports, 5));
        e.put("topRemotes", peers(top));
        if (topPct >= 0) {
            e.put("destination", endpoint(top.get(0)));
            e.put("destinationTimeWait", toTop);
            e.put("portRangeSize", rangeSize);
            e.put("percentOfRange", topPct);
        }
        StringBuilder m = new StringBuilder().append(sockets(n)).append(" in TIME_WAIT");
        if (buckets > 0) {
            m.append(" (").append(pct).append(" % of net.ipv4.tcp_max_tw_buckets ").append(buckets).append(')');
        }
        if (!ports.isEmpty() && ports.get(0)[1] * 2 > rowsTw && c.isListening(ports.get(0)[0])) {
            m.append(", most on local :").append(ports.get(0)[0]).append(" (").append(ports.get(0)[1])
                    .append("): this server closes first");
        } else if (topPct >= 0) {
            m.append(", most to ").append(endpoint(top.get(0))).append(" (").append(toTop).append(", ")
                    .append(topPct).append(" % of the ").append(rangeSize)
                    .append(" ephemeral ports a client has toward it)");
        } else if (!top.isEmpty()) {
            m.append(", most to ").append(endpoint(top.get(0))).append(" (").append(top.get(0).count()).append(')');
        }
        if (projectedPct >= Thresholds.TIME_WAIT_PROJECTED_WARNING_PCT) {
            m.append("; during the watch ").append(newPerSecond).append(" sockets/s entered TIME_WAIT, so it settles"
                    + " near ").append(projected).append(" (60 s each), ").append(projectedPct)
                    .append(" % of the ").append(rangeSize).append(" ephemeral ports one destination can use");
        }
        out.add(FindingCode.TIME_WAIT_STORM, severity, m.toString(),
                "Reuse connections (a connection pool, HTTP keep-alive) instead of one connection per request, and"
                        + " let clients close first so that TIME_WAIT stays with them; net.ipv4.tcp_tw_reuse=1"
                        + " helps outgoing connections only, and widening net.ipv4.ip_local_port_range gives clients"
                        + " more ports. tcp_tw_recycle was removed in Linux 4.12 and must not be used; SO_LINGER"
                        + " with a zero timeout skips TIME_WAIT only by sending RST and is a last resort.",
                e);
    }

    private static void ephemeralPorts(RuleContext c, FindingSink out) {
        int[] range = c.portRange();
        long size = range[1] - range[0] + 1L;
        int emitted = 0;
        for (TopPeers.Peer d : c.stats.destinations.top(MAX_FINDINGS_PER_RULE * 2)) {
            long n = d.guaranteed();
            long pct = n * 100 / size;
            Severity severity = n * 100 > size * Thresholds.EPHEMERAL_CRITICAL_PCT ? Severity.CRITICAL
                    : n * 100 > size * Thresholds.EPHEMERAL_WARNING_PCT ? Severity.WARNING : null;
            if (severity == null || emitted++ >= MAX_FINDINGS_PER_RULE) {
                continue;
            }
            long tw = c.stats.peersByState.get(TcpState.TIME_WAIT).count(null, d.remote(), d.port());
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
            out.add(FindingCode.EPHEMERAL_PORT_EXHAUSTION, severity,
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

    private static void shortConnections(RuleContext c, FindingSink out) {
        int emitted = 0;
        for (TopPeers.Peer p : c.stats.peersByState.get(TcpState.TIME_WAIT).top(MAX_FINDINGS_PER_RULE)) {
            long n = p.guaranteed();
            Severity severity = bySize(n, Thresholds.SHORT_CONNECTIONS_INFO, Thresholds.SHORT_CONNECTIONS_WARNING,
                    Long.MAX_VALUE);
            if (severity == null || emitted++ >= MAX_FINDINGS_PER_RULE) {
                continue;
            }
            Map<String, Object> e = evidence(TcpState.TIME_WAIT, n);
            e.put("remote", p.remote());
            e.put("remotePort", p.port());
            out.add(FindingCode.MANY_SHORT_CONNECTIONS, severity,
                    n + " connections to " + endpoint(p) + " are in TIME_WAIT, each from its own local port:"
                            + " a client opens a new connection per request",
                    "Keep connections to " + endpoint(p) + " open and reuse them (a connection pool, HTTP keep-alive,"
                            + " multiplexing) instead of connecting per request.",
                    e);
        }
    }

    private static void establishedPiles(RuleContext c, FindingSink out) {
        int emitted = 0;
        for (TopPeers.Peer p : c.stats.piles.established.top(MAX_FINDINGS_PER_RULE)) {
            long n = p.guaranteed();
            Severity severity = bySize(n, Thresholds.ESTABLISHED_PILE_INFO, Thresholds.ESTABLISHED_PILE_WARNING,
                    Long.MAX_VALUE);
            if (severity == null || emitted++ >= MAX_FINDINGS_PER_RULE) {
                continue;
            }
            int port = p.port();
            long idle = c.stats.piles.established.marked(null, p.remote(), port);
            long onPort = c.stats.count(TcpState.ESTABLISHED, port);
            Map<String, Object> e = evidence(TcpState.ESTABLISHED, n);
            e.put("remote", p.remote());
            e.put("localPort", port);
            e.put("idle", idle);
            e.put("onPort", onPort);
            Listener owner = null;
            for (Listener l : c.stats.listeners) {
                if ("tcp".equals(l.proto()) && l.port() == port) {
                    owner = l;
                    break;
                }
            }
            if (owner != null) {
                c.putOwner(e, owner.pid(), owner.program());
            }
            String held = owner != null ? " (the listener is " + c.who(owner.pid(), owner.program()) + ")" : "";
            out.add(FindingCode.ESTABLISHED_PILEUP, severity,
                    n + " ESTABLISHED connections from " + p.remote() + " on :" + port + held + ", " + idle
                            + " of them with nothing queued either way, of " + onPort + " on that port: one peer"
                            + " holds connections open and does not close them (a connection leak in "
                            + p.remote() + ", or a pool without a maximum)",
                    "Look at the client on " + p.remote() + ": a pool needs a maximum size and an idle timeout,"
                            + " and every connection a close(); on this side, an idle timeout on the server and"
                            + " TCP keepalive (SO_KEEPALIVE with tcp_keepalive_time) end connections whose peer"
                            + " forgot them.",
                    e);
        }
    }
}
