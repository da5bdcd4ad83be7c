package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.TcpState;

/**
 * Exact counts per (state, port) in pages of 256 ports, a page allocated when a port in it is first counted: one
 * array access per update, no hashing and no probing, whatever the number of distinct ports (a client's
 * ephemeral ports spread over the whole range). Memory is bounded by the port space: at most 256 KiB per state,
 * and a few KiB for the handful of service ports a server shows.
 */
final class PortCounts {

    private static final int STATES = TcpState.values().length;
    private static final int PAGE_BITS = 8;
    private static final int PAGE = 1 << PAGE_BITS;

    private final int[][][] pages = new int[STATES][][];
    private int size;

    /** Counts one socket in state {@code state} (an ordinal) on {@code port}; a port outside 0-65535 is ignored. */
    void add(int state, int port) {
        if (port < 0 || port > 0xFFFF) {
            return;
        }
        int[][] perState = pages[state];
        if (perState == null) {
            perState = new int[PAGE][];
            pages[state] = perState;
        }
        int[] page = perState[port >>> PAGE_BITS];
        if (page == null) {
            page = new int[PAGE];
            perState[port >>> PAGE_BITS] = page;
        }
        int i = port & (PAGE - 1);
        if (page[i] == 0) {
            size++;
        }
        if (page[i] != Integer.MAX_VALUE) {
            page[i]++;
        }
    }

    /** The count of {@code port} in state {@code state} (an ordinal), 0 when none. */
    long get(int state, int port) {
        if (port < 0 || port > 0xFFFF || pages[state] == null) {
            return 0;
        }
        int[] page = pages[state][port >>> PAGE_BITS];
        return page == null ? 0 : page[port & (PAGE - 1)];
    }

    /** How many (state, port) pairs are counted. */
    int size() {
        return size;
    }

    /**
     * Calls {@code visitor} once per pair counted in {@code a} or {@code b} with the key {@code state << 16 | port}
     * and the sum of both counts, by state then port: the counts of two disjoint sets of sockets, each socket counted
     * in one table only (one array access per socket), read as one.
     */
    static void forEachSum(PortCounts a, PortCounts b, LongCounts.Visitor visitor) {
        for (int s = 0; s < STATES; s++) {
            int[][] perStateA = a.pages[s];
            int[][] perStateB = b.pages[s];
            if (perStateA == null && perStateB == null) {
                continue;
            }
            for (int p = 0; p < PAGE; p++) {
                int[] pageA = perStateA == null ? null : perStateA[p];
                int[] pageB = perStateB == null ? null : perStateB[p];
                if (pageA == null && pageB == null) {
                    continue;
                }
                for (int i = 0; i < PAGE; i++) {
                    long count = (pageA == null ? 0L : pageA[i]) + (pageB == null ? 0L : pageB[i]);
                    if (count != 0) {
                        visitor.visit((long) s << 16 | (long) p << PAGE_BITS | i, count);
                    }
                }
            }
        }
    }

    /** Calls {@code visitor} once per counted pair with the key {@code state << 16 | port}, by state then port. */
    void forEach(LongCounts.Visitor visitor) {
        for (int s = 0; s < STATES; s++) {
            int[][] perState = pages[s];
            if (perState == null) {
                continue;
            }
            for (int p = 0; p < PAGE; p++) {
                int[] page = perState[p];
                if (page == null) {
                    continue;
                }
                for (int i = 0; i < PAGE; i++) {
                    if (page[i] != 0) {
                        visitor.visit((long) s << 16 | (long) p << PAGE_BITS | i, page[i]);
                    }
                }
            }
        }
    }
}
