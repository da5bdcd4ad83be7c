package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Severity;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.sockit.plugin.analyzer.rules.RuleContext.RATE;
import static dev.sockit.plugin.analyzer.rules.RuleContext.triple;
import static dev.sockit.plugin.analyzer.rules.RuleContext.worst;

/**
 * Host-wide TCP limits from the kernel counters and sysctls: {@code orphaned_sockets} and
 * {@code socket_memory_pressure}.
 */
final class HostRules {

    /** {@link FindingCode#ORPHANED_SOCKETS}. */
    static final Rule ORPHANS = HostRules::orphans;

    /** {@link FindingCode#SOCKET_MEMORY_PRESSURE}. */
    static final Rule MEMORY_PRESSURE = HostRules::memoryPressure;

    /** This family's rules, in the order {@link Rules#ALL} runs them. */
    static final List<Rule> ALL = List.of(ORPHANS, MEMORY_PRESSURE);

    private HostRules() {
    }

    private static void orphans(RuleContext c, FindingSink out) {
        long n = Math.max(c.facts.counter("sockstat.TCP.orphan"), c.facts.counter("ss.TCP.orphaned"));
        if (n <= 0) {
            return;
        }
        long max = c.sysctlLong("net.ipv4.tcp_max_orphans");
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
        c.putCounter(e, "sockstat.TCP.orphan");
        c.putCounter(e, "ss.TCP.orphaned");
        c.putCounter(e, "TcpExt.TCPAbortOnMemory");
        out.add(FindingCode.ORPHANED_SOCKETS, severity,
                n + " orphaned TCP sockets (closed by their process, still finishing the close)"
                        + (max > 0 ? ", " + pct + " % of net.ipv4.tcp_max_orphans " + max : "")
                        + ": beyond the limit the kernel resets connections (\"too many orphaned sockets\")",
                "Find what closes so many connections whose peers do not finish the close (FIN_WAIT1/FIN_WAIT2,"
                        + " LAST_ACK, CLOSING); lower net.ipv4.tcp_fin_timeout and net.ipv4.tcp_orphan_retries,"
                        + " and raise net.ipv4.tcp_max_orphans only with the memory for it (about 64 KiB each).",
                e);
    }

    private static void memoryPressure(RuleContext c, FindingSink out) {
        long pages = c.facts.counter("sockstat.TCP.mem");
        long[] tcpMem = triple(c.facts.sysctl("net.ipv4.tcp_mem"));
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
            if (c.rate(k) > 0) {
                severity = worst(severity, Severity.WARNING);
                seen.add(k + " " + c.rate(k) + "/s");
            } else if (c.facts.counter(k) > 0) {
                severity = worst(severity, Severity.INFO);
                seen.add(k + " " + c.facts.counter(k));
            }
        }
        if (severity == null) {
            return;
        }
        Map<String, Object> e = new LinkedHashMap<>();
        e.put("count", Math.max(pages, 0));
        c.putCounter(e, "sockstat.TCP.mem");
        c.putSysctl(e, "net.ipv4.tcp_mem");
        for (String k : keys) {
            c.putCounter(e, k);
            c.putCounter(e, RATE + k);
        }
        StringBuilder m = new StringBuilder();
        if (level != null) {
            m.append("TCP uses ").append(pages).append(" pages of memory, ").append(level)
                    .append(" of net.ipv4.tcp_mem (")
                    .append(tcpMem[0]).append(' ').append(tcpMem[1]).append(' ').append(tcpMem[2]).append(')');
        } else {
            m.append("TCP memory was short at some time");
        }
        if (!seen.isEmpty()) {
            m.append(level != null ? "; " : " (").append(String.join(", ", seen)).append(level != null ? "" : ")");
        }
        m.append(": under pressure the kernel shrinks buffers, and at the maximum it drops data and aborts"
                + " connections");
        out.add(FindingCode.SOCKET_MEMORY_PRESSURE, severity, m.toString(),
                "Find the sockets that hold memory (`ss -tmn`: large Recv-Q or Send-Q) and make their readers keep up;"
                        + " raise net.ipv4.tcp_mem only when the host has the memory. Counters without a rate are"
                        + " " + c.facts.counterSpan() + ".",
                e);
    }
}
