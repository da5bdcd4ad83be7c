package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Finding;
import dev.sockit.api.Result;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Shapes an analysis as the {@link Result} of operation {@code analyze}: {@code findings[]} and
 * {@code recommendations[]} in the findings' order (recommendations without repeats), status {@code error} when a
 * finding is critical, {@code warning} when one is a warning, else {@code success}; the findings as records, which
 * the Result writes as {@code data.findings} (code, severity, message, recommendation and the evidence); and
 * {@code data} with {@code states}, {@code topTalkers},
 * {@code listeners}, {@code rtt}, {@code input}, {@code counters} and {@code sysctls}, as plain maps and lists.
 */
public final class AnalysisReport {

    /** The operation named in the Result. */
    public static final String OPERATION = "analyze";
    /** How many remote peers {@code data.topTalkers} lists. */
    public static final int TOP_TALKERS = 20;

    /** Counters copied into {@code data.counters} when known, besides every {@code sockstat.}, {@code ss.} and {@code rate.} key. */
    public static final List<String> COUNTERS = List.of("TcpExt.ListenOverflows", "TcpExt.ListenDrops",
            "TcpExt.SyncookiesSent", "TcpExt.SyncookiesRecv", "TcpExt.SyncookiesFailed", "TcpExt.TCPTimeWaitOverflow",
            "TcpExt.TCPAbortOnMemory", "TcpExt.TCPMemoryPressures", "TcpExt.PruneCalled", "TcpExt.RcvPruned",
            "TcpExt.TCPRcvQDrop", "TcpExt.TCPBacklogDrop", "TcpExt.TCPAbortOnTimeout", "TcpExt.TCPAbortOnData",
            "Tcp.ActiveOpens", "Tcp.PassiveOpens", "Tcp.AttemptFails", "Tcp.EstabResets", "Tcp.CurrEstab",
            "Tcp.InSegs", "Tcp.OutSegs", "Tcp.RetransSegs", "Tcp.InErrs", "Tcp.OutRsts", "Udp.InDatagrams",
            "Udp.OutDatagrams", "Udp.InErrors", "Udp.RcvbufErrors", "Udp.SndbufErrors", "Udp.NoPorts");

    /** Sysctls copied into {@code data.sysctls} when known. */
    public static final List<String> SYSCTLS = List.of("net.core.somaxconn", "net.core.rmem_max",
            "net.core.wmem_max", "net.core.rmem_default", "net.core.wmem_default", "net.ipv4.ip_local_port_range",
            "net.ipv4.tcp_max_tw_buckets", "net.ipv4.tcp_tw_reuse", "net.ipv4.tcp_fin_timeout",
            "net.ipv4.tcp_max_syn_backlog", "net.ipv4.tcp_syncookies", "net.ipv4.tcp_syn_retries",
            "net.ipv4.tcp_max_orphans", "net.ipv4.tcp_orphan_retries", "net.ipv4.tcp_mem", "net.ipv4.tcp_rmem",
            "net.ipv4.tcp_wmem", "net.ipv4.tcp_retries2");

    private AnalysisReport() {
    }

    /**
     * The Result of an analysis.
     *
     * @param target   what was analysed, as the caller names it ({@code socket}, a file name, {@code live})
     * @param address  the address concerned (the {@code --port} filter), or {@code null}
     * @param stats    the aggregate
     * @param facts    host counters and sysctls, or {@code null}
     * @param report   what the parser made of the input, or {@code null}
     * @param findings the findings, in the order to show them (as {@link Rules#evaluate} returns them)
     */
    public static Result toResult(String target, String address, SocketStats stats, HostFacts facts,
                                  ParseReport report, List<Finding> findings) {
        Result.Builder b = Result.builder(OPERATION, target).address(address == null ? "" : address).structured();
        Set<String> recommendations = new LinkedHashSet<>();
        for (Finding f : findings) {
            b.finding(f);
            recommendations.add(f.recommendation());
        }
        recommendations.forEach(b::recommendation);
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("states", stats.states());
        d.put("topTalkers", stats.topTalkers(TOP_TALKERS));
        List<Map<String, Object>> listeners = new ArrayList<>();
        stats.listeners().forEach(l -> listeners.add(l.toMap()));
        d.put("listeners", listeners);
        d.put("rtt", stats.rtt());
        d.put("listenerCount", stats.listenerCount());
        d.put("input", input(stats, report));
        d.put("counters", counters(facts));
        d.put("sysctls", sysctls(facts));
        return b.data(new JsonObject(d)).build();
    }

    private static Map<String, Object> input(SocketStats stats, ParseReport report) {
        Map<String, Object> m = new LinkedHashMap<>();
        ParseReport r = report == null ? new ParseReport() : report;
        m.put("format", r.format());
        m.put("lines", r.lines());
        m.put("sockets", Math.max(r.sockets(), stats.rows()));
        m.put("unparsed", r.unparsedCount());
        List<Map<String, Object>> samples = new ArrayList<>();
        for (ParseReport.Unparsed u : r.samples()) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("line", u.line());
            s.put("text", u.text());
            s.put("reason", u.reason());
            samples.add(s);
        }
        m.put("unparsedSamples", samples);
        m.put("notes", new ArrayList<>(r.notes()));
        return m;
    }

    private static Map<String, Object> counters(HostFacts facts) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (facts == null) {
            return m;
        }
        for (String k : COUNTERS) {
            if (facts.hasCounter(k)) {
                m.put(k, facts.counter(k));
            }
        }
        facts.counters().forEach((k, v) -> {
            if (k.startsWith("sockstat.") || k.startsWith("ss.") || k.startsWith("rate.")) {
                m.put(k, v);
            }
        });
        return m;
    }

    private static Map<String, Object> sysctls(HostFacts facts) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (facts != null) {
            for (String k : SYSCTLS) {
                if (facts.sysctl(k) != null) {
                    m.put(k, facts.sysctl(k));
                }
            }
        }
        return m;
    }
}
