package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Quote;
import dev.sockit.api.Severity;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.TcpState;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static dev.sockit.plugin.analyzer.rules.RuleContext.RATE;
import static dev.sockit.plugin.analyzer.rules.RuleContext.established;
import static dev.sockit.plugin.analyzer.rules.RuleContext.evidence;
import static dev.sockit.plugin.analyzer.rules.RuleContext.maps;
import static dev.sockit.plugin.analyzer.rules.RuleContext.sockets;
import static dev.sockit.plugin.analyzer.rules.RuleContext.worst;

/**
 * Data that does not move on established connections: {@code receive_buffer_full}, {@code send_queue_backlog},
 * {@code zero_window} and {@code retransmissions}.
 */
final class QueueRules {

    /** {@link FindingCode#RECEIVE_BUFFER_FULL}. */
    static final Rule RECEIVE_QUEUE = QueueRules::receiveQueue;

    /** {@link FindingCode#SEND_QUEUE_BACKLOG}. */
    static final Rule SEND_QUEUE = QueueRules::sendQueue;

    /** {@link FindingCode#ZERO_WINDOW}. */
    static final Rule ZERO_WINDOW = QueueRules::zeroWindow;

    /** {@link FindingCode#RETRANSMISSIONS}. */
    static final Rule RETRANSMISSIONS = QueueRules::retransmissions;

    /** This family's rules, in the order {@link Rules#ALL} runs them. */
    static final List<Rule> ALL = List.of(RECEIVE_QUEUE, SEND_QUEUE, ZERO_WINDOW, RETRANSMISSIONS);

    private QueueRules() {
    }

    private static void receiveQueue(RuleContext c, FindingSink out) {
        Quantity q = c.stats.recvQ;
        if (q.over == 0) {
            return;
        }
        Severity severity = q.over >= Thresholds.QUEUE_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Object> e = queueEvidence(c, q);
        SampleRow worst = q.worst.rows().get(0);
        out.add(FindingCode.RECEIVE_BUFFER_FULL, severity,
                established(q.over) + " at least " + Thresholds.QUEUE_BYTES / 1024 + " KiB (or "
                        + Thresholds.QUEUE_BUFFER_PCT + " % of the receive buffer) of unread data, up to "
                        + q.max + " bytes on " + worst.local() + " from " + worst.remote() + " held by "
                        + c.who(worst.pid(), worst.program()) + mostly(c, q) + ": the local application is not reading",
                "Find why the owning process stops reading: a blocked or busy reader thread, a stalled event loop,"
                        + " back-pressure that never lifts (take thread dumps of the pid); `ss -tnmp state"
                        + " established` shows the queues.",
                e);
    }

    private static void sendQueue(RuleContext c, FindingSink out) {
        Quantity q = c.stats.sendQ;
        if (q.over == 0) {
            return;
        }
        Severity severity = q.over >= Thresholds.QUEUE_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Object> e = queueEvidence(c, q);
        SampleRow worst = q.worst.rows().get(0);
        StringBuilder path = new StringBuilder();
        if (worst.rttMs() >= 0) {
            path.append("rtt ").append(worst.rttMs()).append(" ms");
        }
        if (worst.retrans() > 0) {
            path.append(path.length() > 0 ? ", " : "").append(worst.retrans()).append(" retransmissions");
        }
        out.add(FindingCode.SEND_QUEUE_BACKLOG, severity,
                established(q.over) + " at least " + Thresholds.QUEUE_BYTES / 1024 + " KiB (or "
                        + Thresholds.QUEUE_BUFFER_PCT + " % of the send buffer) of unacknowledged data, up to "
                        + q.max + " bytes from " + worst.local() + " to " + worst.remote()
                        + (path.length() > 0 ? " (" + path + ")" : "") + " held by "
                        + c.who(worst.pid(), worst.program()) + mostly(c, q)
                        + ": the peer is not reading or the path is slow",
                "Check the peer first: one that does not read advertises a zero window (see zero_window); otherwise"
                        + " the path is slow or lossy (rtt, retransmissions in `ss -tni`). Bound what the"
                        + " application queues (write back-pressure, TCP_NOTSENT_LOWAT) and time out stuck peers"
                        + " (TCP_USER_TIMEOUT).",
                e);
    }

    private static void zeroWindow(RuleContext c, FindingSink out) {
        long n = c.stats.zeroWindow;
        if (n == 0) {
            return;
        }
        Severity severity = n >= Thresholds.ZERO_WINDOW_CRITICAL ? Severity.CRITICAL : Severity.WARNING;
        Map<String, Object> e = evidence(TcpState.ESTABLISHED, n);
        List<SampleRow> rows = c.stats.zeroWindowRows.rows();
        e.put("samples", maps(rows));
        SampleRow s = rows.get(0);
        out.add(FindingCode.ZERO_WINDOW, severity,
                sockets(n) + (n == 1 ? " sees" : " see") + " a zero receive window from the peer, e.g. " + s.local()
                        + " to " + s.remote()
                        + " held by " + c.who(s.pid(), s.program())
                        + (s.sendQ() >= 0 ? " with " + s.sendQ() + " bytes waiting" : "")
                        + ": the peer's application does not read",
                "Fix the reader on the peer (it is the side with a full Recv-Q); meanwhile the sender should bound"
                        + " its queue and time out (TCP_USER_TIMEOUT) rather than wait for ever.",
                e);
    }

    private static void retransmissions(RuleContext c, FindingSink out) {
        Severity severity = null;
        List<String> parts = new ArrayList<>();
        Map<String, Object> e = new LinkedHashMap<>();
        long count = Math.max(c.stats.retransSockets, c.stats.timerRetransSockets);
        e.put("count", count);
        if (c.stats.timerRetransSockets > 0) {
            e.put("timerRetransSockets", c.stats.timerRetransSockets);
            e.put("timerRetransMax", c.stats.timerRetransMax);
            if (c.stats.timerRetransMax >= Thresholds.RETRANS_TIMER_WARNING) {
                severity = c.stats.timerRetransMax >= Thresholds.RETRANS_TIMER_CRITICAL ? Severity.CRITICAL
                        : Severity.WARNING;
                parts.add(c.stats.timerRetransOverWarning + " sockets retransmitting on the timer, up to "
                        + c.stats.timerRetransMax + " times in a row");
            }
        }
        if (c.stats.retransSockets > 0) {
            e.put("retransSockets", c.stats.retransSockets);
            e.put("retransTotal", c.stats.retransTotal);
            e.put("retransNowSockets", c.stats.retransNowSockets);
            e.put("retransNow", c.stats.retransNow);
            severity = worst(severity, Severity.INFO);
            parts.add(c.stats.retransSockets + " sockets with " + c.stats.retransTotal + " retransmissions");
        }
        double ratio = c.ratioPct("Tcp.RetransSegs", "Tcp.OutSegs");
        if (ratio >= 0) {
            e.put("retransPercent", Math.round(ratio * 100) / 100.0);
            c.putCounter(e, "Tcp.RetransSegs");
            c.putCounter(e, "Tcp.OutSegs");
            c.putCounter(e, RATE + "Tcp.RetransSegs");
            c.putCounter(e, RATE + "Tcp.OutSegs");
            boolean now = c.facts.hasCounter(RATE + "Tcp.OutSegs");
            Severity byRatio = ratio >= Thresholds.RETRANS_RATIO_CRITICAL_PCT ? Severity.CRITICAL
                    : ratio >= Thresholds.RETRANS_RATIO_WARNING_PCT ? Severity.WARNING
                    : ratio >= Thresholds.RETRANS_RATIO_INFO_PCT ? Severity.INFO : null;
            if (!now && byRatio == Severity.CRITICAL) {
                // a share over the whole uptime says loss happened, not that it happens now
                byRatio = Severity.WARNING;
            }
            if (byRatio != null) {
                severity = worst(severity, byRatio);
                parts.add(String.format(Locale.ROOT, "%.2f %% of segments sent were retransmissions%s", ratio,
                        c.facts.hasCounter(RATE + "Tcp.OutSegs") ? " in the last interval"
                                : HostFacts.BOOT_SPAN.equals(c.facts.counterSpan()) ? " since boot"
                                : " (" + c.facts.counterSpan() + ")"));
            }
        }
        if (severity == null) {
            return;
        }
        if (c.stats.rttSockets > 0) {
            e.put("rtt", c.stats.rtt());
        }
        List<SampleRow> rows = new ArrayList<>(c.stats.worstTimerRetrans.rows());
        rows.addAll(c.stats.worstRetrans.rows());
        e.put("samples", maps(rows.subList(0, Math.min(rows.size(), SocketStats.SAMPLES))));
        String where = rows.isEmpty() ? "" : ", worst " + rows.get(0).local() + " to " + rows.get(0).remote();
        out.add(FindingCode.RETRANSMISSIONS, severity,
                String.join("; ", parts) + where + ": segments are lost on the path or the peer does not answer",
                "Look for loss and congestion on the path (interface errors, `ss -tni` rtt and cwnd, `mtr` to the"
                        + " peer) and for an unreachable or overloaded peer; a socket retransmitting on the timer"
                        + " gives up after net.ipv4.tcp_retries2 attempts (about 15 minutes by default)"
                        + " unless TCP_USER_TIMEOUT is set.",
                e);
    }

    private static Map<String, Object> queueEvidence(RuleContext c, Quantity q) {
        Map<String, Object> e = evidence(TcpState.ESTABLISHED, q.over);
        e.put("nonEmpty", q.sockets);
        e.put("maxBytes", q.max);
        e.put("totalBytes", q.sum);
        e.put("thresholdBytes", Thresholds.QUEUE_BYTES);
        e.put("byPid", c.pidList(q.overPerPid, 5));
        e.put("samples", maps(q.worst.rows()));
        return e;
    }

    private static String mostly(RuleContext c, Quantity q) {
        List<Map<String, Object>> byPid = c.pidList(q.overPerPid, 1);
        if (q.over < 2 || byPid.isEmpty() || !(byPid.get(0).get("pid") instanceof Long pid)
                || (Long) byPid.get(0).get("count") * 2 < q.over) {
            return "";
        }
        return " (" + byPid.get(0).get("count") + " of them held by pid " + pid
                + (c.stats.program(pid) != null ? " " + Quote.bare(c.stats.program(pid)) : "") + ")";
    }
}
