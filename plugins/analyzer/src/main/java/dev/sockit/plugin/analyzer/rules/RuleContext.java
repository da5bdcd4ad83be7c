package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Quote;
import dev.sockit.api.Severity;
import dev.sockit.net.Sysctl;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import dev.sockit.plugin.analyzer.model.SocketRow;
import dev.sockit.plugin.analyzer.model.TcpState;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a {@link Rule} reads: the {@link SocketStats} aggregate, the {@link HostFacts} and the {@link ParseReport},
 * with the lookups the rules share (rates, sysctls, groups of sockets, owners) and, as static methods, the pieces
 * of evidence and sentences they build alike.
 *
 * <p>Kernel counters are totals since boot; a key prefixed {@link #RATE} ({@code rate.TcpExt.ListenOverflows}),
 * which a watch computes from two readings, is a rate per second and is what shows a problem happening now.
 */
final class RuleContext {

    /** The prefix of a counter that is a rate per second. */
    static final String RATE = "rate.";

    /** The socket aggregate. */
    final SocketStats stats;
    /** Host counters and sysctls; empty when not given. */
    final HostFacts facts;
    /** What the parser made of the input; empty when not given. */
    final ParseReport report;

    RuleContext(SocketStats stats, HostFacts facts, ParseReport report) {
        this.stats = stats;
        this.facts = facts == null ? new HostFacts() : facts;
        this.report = report == null ? new ParseReport() : report;
    }

    /** The severity of a count {@code n} against three thresholds, or {@code null} below the first. */
    static Severity bySize(long n, long info, long warning, long critical) {
        return n >= critical ? Severity.CRITICAL : n >= warning ? Severity.WARNING : n >= info ? Severity.INFO : null;
    }

    /** The worse of two severities, either of which may be {@code null}. */
    static Severity worst(Severity a, Severity b) {
        return a == null ? b : a.worst(b);
    }

    /** Evidence that starts with {@code state} and {@code count}. */
    static Map<String, Object> evidence(TcpState state, long count) {
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("state", state.label());
        e.put("count", count);
        return e;
    }

    /** {port, pid, count} of TCP sockets in {@code state}, largest first. */
    List<long[]> groups(TcpState state) {
        List<long[]> groups = new ArrayList<>();
        stats.statePortPid.forEach((key, count) -> {
            if ((key >>> 56) == state.ordinal()) {
                long pid = key & 0xFFFFFFFFFFL;
                groups.add(new long[] {(key >>> 40) & 0xFFFF, pid == 0xFFFFFFFFFFL ? -1 : pid, count});
            }
        });
        stats.statePortNoPid.forEach((key, count) -> {
            if ((key >>> 16) == state.ordinal()) {
                groups.add(new long[] {key & 0xFFFF, -1, count});
            }
        });
        groups.sort(Comparator.comparingLong((long[] g) -> -g[2]).thenComparingLong(g -> g[0]));
        return groups;
    }

    /** {port, count} of TCP sockets in {@code state}, largest first. */
    List<long[]> portsOf(TcpState state) {
        List<long[]> ports = new ArrayList<>();
        stats.forEachStatePort((key, count) -> {
            if ((key >>> 16) == state.ordinal()) {
                ports.add(new long[] {key & 0xFFFF, count});
            }
        });
        ports.sort(Comparator.comparingLong((long[] p) -> -p[1]).thenComparingLong(p -> p[0]));
        return ports;
    }

    /** The first {@code n} of {@code {port, count}} pairs as maps. */
    static List<Map<String, Object>> portList(List<long[]> ports, int n) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (int i = 0; i < ports.size() && i < n; i++) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("port", ports.get(i)[0]);
            m.put("count", ports.get(i)[1]);
            out.add(m);
        }
        return out;
    }

    /** The {@code n} pids with the largest counts, largest first, as {@code {pid, program, count}} maps. */
    List<Map<String, Object>> pidList(LongCounts perPid, int n) {
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

    /** Whether a TCP socket listens on local {@code port}. */
    boolean isListening(long port) {
        return stats.count(TcpState.LISTEN, (int) port) > 0;
    }

    /** The {@code n} largest peers of {@code table} as maps. */
    static List<Map<String, Object>> peers(TopPeers table, int n) {
        return peers(table.top(n));
    }

    /** Peers as {@code {remote, remotePort, count}} maps. */
    static List<Map<String, Object>> peers(List<TopPeers.Peer> top) {
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

    /** The sample rows in {@code state} on local port {@code localPort}, as maps. */
    List<Map<String, Object>> samples(TcpState state, int localPort) {
        List<Map<String, Object>> out = new ArrayList<>();
        String suffix = ":" + localPort;
        for (SampleRow s : stats.samples.get(state)) {
            if (s.local() != null && s.local().endsWith(suffix)) {
                out.add(s.toMap());
            }
        }
        return out;
    }

    /** Sample rows as maps. */
    static List<Map<String, Object>> maps(List<SampleRow> rows) {
        List<Map<String, Object>> out = new ArrayList<>(rows.size());
        for (SampleRow r : rows) {
            out.add(r.toMap());
        }
        return out;
    }

    /** Puts {@code pid} and its program, where known. */
    void putOwner(Map<String, Object> e, long pid) {
        putOwner(e, pid, pid >= 0 ? stats.program(pid) : null);
    }

    /** Puts {@code pid} and {@code program}, where known. */
    void putOwner(Map<String, Object> e, long pid, String program) {
        if (pid >= 0) {
            e.put("pid", pid);
        }
        if (program != null) {
            e.put("program", program);
        }
    }

    /** "pid 4711 (java)": the owner of a socket for a sentence. */
    String who(long pid) {
        return who(pid, pid >= 0 ? stats.program(pid) : null);
    }

    /** "pid 4711 (java)", or what is known of the owner. */
    String who(long pid, String program) {
        if (pid < 0) {
            return program != null ? Quote.bare(program) : "an unknown process (list owners with ss -p as root)";
        }
        return "pid " + pid + (program != null ? " (" + Quote.bare(program) + ")" : "");
    }

    /** "N ESTABLISHED sockets hold", singular for one. */
    static String established(long n) {
        return n + (n == 1 ? " ESTABLISHED socket holds" : " ESTABLISHED sockets hold");
    }

    /** "N sockets", singular for one. */
    static String sockets(long n) {
        return n + (n == 1 ? " socket" : " sockets");
    }

    /** The peer as {@code address:port}. */
    static String endpoint(TopPeers.Peer p) {
        return SocketRow.endpoint(p.remote(), Math.max(p.port(), 0));
    }

    /** The listener as {@code address:port}. */
    static String endpoint(Listener l) {
        return SocketRow.endpoint(l.address(), l.port());
    }

    /** Puts counter {@code key} when the facts have it. */
    void putCounter(Map<String, Object> e, String key) {
        if (facts.hasCounter(key)) {
            e.put(key, facts.counter(key));
        }
    }

    /** Puts sysctl {@code key} when the facts have it. */
    void putSysctl(Map<String, Object> e, String key) {
        String v = facts.sysctl(key);
        if (v != null) {
            e.put(key, v);
        }
    }

    /** The rate per second of counter {@code key} ({@code rate.<key>}), or -1 when not given. */
    long rate(String key) {
        return facts.counter(RATE + key);
    }

    /**
     * {@code part} as a percentage of {@code whole}: from their rates when given, else from the totals; -1 if
     * unknown.
     */
    double ratioPct(String part, String whole) {
        long p = rate(part);
        long w = rate(whole);
        if (p < 0 || w <= 0) {
            p = facts.counter(part);
            w = facts.counter(whole);
        }
        return p < 0 || w <= 0 ? -1 : p * 100.0 / w;
    }

    /** The sysctl as a number, or -1. */
    long sysctlLong(String key) {
        return Sysctl.parseNumber(facts.sysctl(key)).orElse(-1);
    }

    /** The three numbers of a sysctl such as {@code tcp_mem}, or {@code null}. */
    static long[] triple(String value) {
        return numbers(value, 3);
    }

    /**
     * The ephemeral port range, {@code [low, high]}: the sysctl's, else Linux's default, or IANA's dynamic range for
     * a BSD or Windows netstat.
     */
    int[] portRange() {
        long[] v = numbers(facts.sysctl("net.ipv4.ip_local_port_range"), 2);
        if (v == null || v[0] < 1 || v[1] > 65535 || v[1] < v[0]) {
            String format = report.format();
            if ("netstat-bsd".equals(format) || "netstat-windows".equals(format)) {
                // macOS, FreeBSD and Windows draw ephemeral ports from IANA's dynamic range
                return new int[] {Thresholds.EPHEMERAL_IANA_LOW, Thresholds.EPHEMERAL_IANA_HIGH};
            }
            return new int[] {Thresholds.EPHEMERAL_DEFAULT_LOW, Thresholds.EPHEMERAL_DEFAULT_HIGH};
        }
        return new int[] {(int) v[0], (int) v[1]};
    }

    /**
     * The first {@code n} numbers of sysctl value {@code value} as the kernel prints it, or {@code null} when it
     * has fewer or is not numbers.
     */
    static long[] numbers(String value, int n) {
        long[] all = Sysctl.parseNumbers(value);
        return all == null || all.length < n ? null : Arrays.copyOf(all, n);
    }
}
