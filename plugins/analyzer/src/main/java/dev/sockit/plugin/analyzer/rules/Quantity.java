package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.SocketRow;

/** Counts, maximum and worst rows of one per-socket quantity (a queue), kept by {@link SocketStats}. */
final class Quantity {
    long sockets;
    long sum;
    long max;
    /** Sockets over the rule's threshold. */
    long over;
    final LongCounts overPerPid = new LongCounts(SocketStats.MAX_KEYS);
    final WorstRows worst = new WorstRows(SocketStats.SAMPLES);

    void add(long value, boolean overThreshold, SocketRow row) {
        sockets++;
        sum += value;
        max = Math.max(max, value);
        if (overThreshold) {
            over++;
            overPerPid.add(row.pid, 1);
        }
        worst.offer(value, row);
    }
}
