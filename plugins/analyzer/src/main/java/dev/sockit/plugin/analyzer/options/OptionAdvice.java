package dev.sockit.plugin.analyzer.options;

import dev.sockit.api.OptionKey;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.net.BufferVerdict;
import dev.sockit.net.KernelLimits;
import dev.sockit.net.KernelVerdicts;
import dev.sockit.plugin.analyzer.model.HostFacts;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The analyzer's advice on socket options: what a value read back means against the request and the kernel's rules
 * ({@link KernelVerdicts}), what the listen backlog becomes under {@code net.core.somaxconn}, which options the JDK
 * cannot probe, and what the sysctls suggest whatever was set. Pure: it reads {@link HostFacts} and writes to a
 * {@link ProbeReport}.
 */
final class OptionAdvice {

    private final HostFacts facts;
    private final KernelLimits limits;

    OptionAdvice(HostFacts facts) {
        this.facts = facts;
        this.limits = KernelLimits.of(facts::sysctl);
    }

    /**
     * The options the JDK cannot set on a socket (it offers no name for them), in table order; the listen(2)
     * backlog, which the probe passes to bind, is not among them.
     */
    static List<OptionKey<?>> notProbed() {
        List<OptionKey<?>> keys = new ArrayList<>();
        for (OptionKey<?> key : SocketOptionTable.all()) {
            if (key.isSocketOption() && key.jdkName() == null && key.appliesTo(Protocol.TCP)) {
                keys.add(key);
            }
        }
        return keys;
    }

    /** Why the probe cannot set {@code key}, with where sockit does apply it. */
    static String whyNotProbed(OptionKey<?> key) {
        if (key == SocketOptionTable.IPV6_ONLY) {
            return "the JDK opens IPv6 sockets dual-stack and cannot set " + key.nativeName() + " on them";
        }
        String where = key == SocketOptionTable.TCP_NOT_SENT_LOWAT ? ""
                : "; tcp-server applies it on epoll and io_uring";
        return "the JDK cannot set " + key.nativeName() + where;
    }

    /** Notes each requested option the probe cannot set. */
    void notProbed(ProbeReport report) {
        for (OptionKey<?> key : notProbed()) {
            if (report.isRequested(key)) {
                String why = whyNotProbed(key);
                report.entry(key).put("note", why);
                report.findings.add(key + " not probed: " + why);
                report.warn();
            }
        }
    }

    /** Compares {@code effective}, read back, with what was requested, and notes why they differ. */
    void compare(ProbeReport report, OptionKey<?> key, Object wanted, Object effective, JsonObject entry) {
        if (KernelVerdicts.isBufferSize(key)) {
            @SuppressWarnings("unchecked")
            OptionKey<Integer> buffer = (OptionKey<Integer>) key;
            int req = (Integer) wanted;
            int eff = (Integer) effective;
            Integer max = limits.bufferMax(buffer);
            BufferVerdict v = KernelVerdicts.buffer(buffer, req, eff, max != null && max > 0 ? max : null,
                    KernelVerdicts.kernelDoublesBuffers());
            String note;
            if (v.doubles() && v.capped()) {
                note = "capped at " + v.maxName() + " = " + v.max() + ", and doubled by the kernel for its bookkeeping";
                report.recommendations.add("Raise " + v.maxName() + " to at least " + req + " (sysctl -w "
                        + v.maxName() + "=" + req + ") for " + key + " " + req + " to take effect");
                report.warn();
            } else if (v.doubles() && v.asExpected()) {
                note = "the kernel doubles the size asked for, to leave room for its bookkeeping";
            } else {
                note = eff == req ? "as requested" : "the kernel adjusted it";
            }
            entry.put("note", note);
            report.findings.add(key + ": requested " + req + ", the kernel applied " + eff + " (" + note + ")");
            return;
        }
        boolean same = String.valueOf(ProbeReport.display(wanted)).equals(String.valueOf(effective));
        entry.put("note", same ? "as requested" : "differs from the request");
        report.findings.add(key + ": requested " + ProbeReport.display(wanted) + ", effective " + effective
                + (same ? "" : " (differs)"));
        if (same) {
            return;
        }
        if (key == SocketOptionTable.TCP_QUICK_ACK) {
            entry.put("note", "TCP_QUICKACK is not sticky: the kernel clears it as it acknowledges");
        } else {
            report.warn();
        }
    }

    /** The listen backlog, which no getsockopt reports: the request under {@code net.core.somaxconn}. */
    void backlog(ProbeReport report, Integer backlog) {
        if (backlog == null) {
            return;
        }
        String sysctl = KernelLimits.SOMAXCONN;
        Integer somaxconn = limits.somaxconn();
        JsonObject entry = report.entry(SocketOptionTable.BACKLOG);
        if (somaxconn != null && somaxconn > 0) {
            long eff = KernelVerdicts.backlog(backlog, somaxconn);
            boolean capped = eff < backlog;
            entry.put("effective", eff).put("note", capped ? "capped at " + sysctl + " = " + somaxconn
                    : "within " + sysctl + " = " + somaxconn);
            report.findings.add("backlog: requested " + backlog + ", the kernel allows " + eff
                    + (capped ? " (capped at " + sysctl + " = " + somaxconn + ")" : ""));
            if (capped) {
                report.recommendations.add("Raise " + sysctl + " to at least " + backlog + " (sysctl -w " + sysctl
                        + "=" + backlog + ") for backlog " + backlog + " to take effect");
                report.warn();
            }
        } else {
            entry.put("note", sysctl + " is unknown here; the kernel caps the backlog at it");
            report.findings.add("backlog: requested " + backlog + "; the kernel caps it at " + sysctl);
        }
    }

    /** Advice from the sysctls, whatever was set. */
    void advise(ProbeReport report, SocketOptions o) {
        boolean tcp = report.proto.equals("tcp");
        OptionKey<Integer> rcvbuf = SocketOptionTable.RECEIVE_BUFFER_SIZE;
        if (o.isSet(rcvbuf) && tcp) {
            String rmem = facts.sysctl(KernelLimits.TCP_RMEM);
            report.recommendations.add("Setting " + rcvbuf + " (" + rcvbuf.nativeName() + ") turns off the kernel's "
                    + "receive-buffer autotuning for the socket" + (rmem == null ? "" : " (" + KernelLimits.TCP_RMEM
                    + " = " + rmem + ", min/default/max)") + ": leave it unset unless a fixed size is the point");
        }
        if (tcp && Boolean.TRUE.equals(o.get(SocketOptionTable.KEEP_ALIVE))
                && !o.isSet(SocketOptionTable.KEEP_ALIVE_IDLE)) {
            String time = facts.sysctl("net.ipv4.tcp_keepalive_time");
            report.recommendations.add(SocketOptionTable.KEEP_ALIVE + " without " + SocketOptionTable.KEEP_ALIVE_IDLE
                    + " waits net.ipv4.tcp_keepalive_time" + (time == null ? "" : " = " + time + " s")
                    + " before the first probe: set " + SocketOptionTable.KEEP_ALIVE_IDLE);
        }
        String range = facts.sysctl("net.ipv4.ip_local_port_range");
        if (range != null) {
            String[] p = range.trim().split("\\s+");
            if (p.length == 2) {
                try {
                    int ports = Integer.parseInt(p[1]) - Integer.parseInt(p[0]) + 1;
                    if (ports < 16384) {
                        report.recommendations.add("net.ipv4.ip_local_port_range (" + range.trim() + ") gives only "
                                + ports + " ephemeral ports per destination: widen it for many outgoing "
                                + "connections");
                    }
                } catch (NumberFormatException ignored) {
                    // not a range: nothing to say about it
                }
            }
        }
    }
}
