package dev.sockit.plugin.analyzer.rules;

import dev.sockit.api.Finding;
import dev.sockit.plugin.analyzer.model.HostFacts;
import dev.sockit.plugin.analyzer.model.ParseReport;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The expert rules: they read a {@link SocketStats} aggregate, the {@link HostFacts} and the {@link ParseReport}
 * and name the problems they show as {@link Finding}s, worst first. Each {@link Rule} belongs to a family that
 * looks at one part of the stack ({@link ClosingRules}, {@link PortRules}, {@link ListenerRules},
 * {@link QueueRules}, {@link HostRules}, {@link BufferRules}, {@link InputRules}); thresholds are in
 * {@link Thresholds}; what each code means is documented in {@code docs/analyzer-findings.md}.
 */
public final class Rules {

    /** How many findings one rule emits at most for separate ports, pids or destinations. */
    public static final int MAX_FINDINGS_PER_RULE = 10;

    /** Worst first: by severity, then by the evidence's count. */
    public static final Comparator<Finding> WORST_FIRST = Comparator.comparing(Finding::severity).reversed()
            .thenComparing(Comparator.comparingLong(Rules::count).reversed());

    /**
     * Every rule, in the order they run. Findings of one severity and count keep this order after the sort, so it
     * is part of the output: a new rule goes at the end.
     */
    static final List<Rule> ALL = List.of(ClosingRules.CLOSE_WAIT, PortRules.TIME_WAIT, PortRules.EPHEMERAL_PORTS,
            ListenerRules.BACKLOG, ListenerRules.SYN_RECV, ListenerRules.SYN_SENT, QueueRules.RECEIVE_QUEUE,
            QueueRules.SEND_QUEUE, QueueRules.ZERO_WINDOW, QueueRules.RETRANSMISSIONS, ClosingRules.FIN_WAIT2,
            ClosingRules.LAST_ACK, HostRules.ORPHANS, HostRules.MEMORY_PRESSURE, BufferRules.TCP_DROPS,
            BufferRules.UDP_DROPS, BufferRules.BUFFER_SIZES, PortRules.SHORT_CONNECTIONS, ListenerRules.ALL_INTERFACES,
            ClosingRules.HALF_CLOSED, InputRules.UNPARSED, ClosingRules.FIN_WAIT1, PortRules.ESTABLISHED_PILES);

    private Rules() {
    }

    /** Applies every rule and returns the findings, worst first ({@link #WORST_FIRST}). */
    public static List<Finding> evaluate(SocketStats stats, HostFacts facts, ParseReport report) {
        return evaluate(ALL, new RuleContext(stats, facts, report));
    }

    /** Applies {@code rules} in their order and returns the findings, worst first. */
    static List<Finding> evaluate(List<Rule> rules, RuleContext context) {
        List<Finding> out = new ArrayList<>();
        for (Rule rule : rules) {
            rule.check(context, out::add);
        }
        out.sort(WORST_FIRST);
        return out;
    }

    /** The evidence's {@code count}, or 0 when it has none; findings of one severity sort by it. */
    public static long count(Finding f) {
        return f.evidence().get("count") instanceof Number n ? n.longValue() : 0;
    }
}
