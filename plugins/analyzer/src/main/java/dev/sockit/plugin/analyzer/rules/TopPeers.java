package dev.sockit.plugin.analyzer.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The heaviest peers of a stream in fixed memory and constant time per update: exact counts in an open-addressing
 * table while at most {@code capacity} peers have been seen; past that, the Misra-Gries summary (Misra and Gries,
 * 1982) with its decrements batched: when a new peer finds the table full, the median count {@code t} is taken off
 * every count and the peers left at zero or below are dropped, at least half of them. Each batch costs
 * {@code O(capacity log capacity)} and frees room for {@code capacity / 2} new peers, so an update costs {@code O(1)}
 * amortized (a lookup and an increment; no heap to keep ordered).
 *
 * <p>The sum {@code D} of the decrements is the error bound: a kept peer's true count lies between its stored count
 * and the stored count plus {@code D}, which {@link Peer} reports as {@code count} (the upper bound) and
 * {@code error} ({@code D}); {@code D} is 0, and every count exact, until the table first fills. Each batch takes
 * {@code t} from at least half the table, so {@code D <= 2 total / capacity}, and every peer seen more than
 * {@code D} times is kept.
 *
 * <p>A peer is up to two addresses and a port ({@code local address, remote address, remote port}); parts not
 * used are {@code null} or {@code -1}. Looking a peer up allocates nothing and compares the strings by reference
 * first (the parsers hand out cached address strings). Beside its count, a peer counts how many of its
 * occurrences were marked (sockets with unread data, idle ones...): one table instead of a second one for the
 * subset; marks are not decremented, and a peer dropped and seen again starts them at 0.
 */
final class TopPeers {

    /** A peer and its count; the true count lies between {@code count - error} and {@code count}. */
    record Peer(String local, String remote, int port, long count, long error) {

        /** The count this peer had at least. */
        long guaranteed() {
            return count - error;
        }
    }

    private static final int INITIAL_SLOTS = 64;
    private static final int PORT_BITS = 20;
    private static final long PORT_MASK = (1L << PORT_BITS) - 1;

    private final int capacity;
    private final int maxSlots;
    /**
     * Per slot the stored count and the port, packed {@code count << 20 | (port + 1)} so that a lookup reads one
     * long and one reference; 0 marks an empty slot (a stored count is at least 1).
     */
    private long[] cells;
    private String[] remotes;
    /** Allocated when a peer with a local part is first added: most tables key on the remote end only. */
    private String[] locals;
    /** Allocated when a marked occurrence is first added. */
    private long[] marks;
    private int size;
    private long total;
    /** The sum of the batched decrements: the error bound of every kept count. */
    private long decremented;
    private long[] scratch;
    /** The arrays a purge moves the peers into, kept from the previous purge so that purges allocate nothing. */
    private long[] spareCells;
    private String[] spareRemotes;
    private String[] spareLocals;
    private long[] spareMarks;

    /** Keeps at most {@code capacity} peers. */
    TopPeers(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity " + capacity + ": expected at least 2");
        }
        this.capacity = capacity;
        this.maxSlots = Integer.highestOneBit(capacity * 2 - 1) << 1;
        int slots = Math.min(INITIAL_SLOTS, maxSlots);
        cells = new long[slots];
        remotes = new String[slots];
    }

    /** Counts {@code delta} (positive) occurrences of the peer. */
    void add(String local, String remote, int port, long delta) {
        add(local, remote, port, delta, 0);
    }

    /**
     * Counts {@code delta} (positive) occurrences of the peer, {@code marked} of them marked; {@code port} is -1 (none)
     * or a port number.
     */
    void add(String local, String remote, int port, long delta, long marked) {
        total += delta;
        long p = portBits(port);
        int h = hash(local, remote, port);
        int i = find(h, local, remote, p);
        if (cells[i] != 0) {
            cells[i] += delta << PORT_BITS;
            if (marked != 0) {
                marks()[i] += marked;
            }
            return;
        }
        if (size >= capacity) {
            purge();
            i = find(h, local, remote, p);
        } else if ((size + 1) * 2 > cells.length) {
            rebuild(Math.min(cells.length * 2, maxSlots), 0);
            i = find(h, local, remote, p);
        }
        cells[i] = delta << PORT_BITS | p;
        remotes[i] = remote;
        if (local != null || locals != null) {
            locals()[i] = local;
        }
        if (marked != 0 || marks != null) {
            marks()[i] = marked;
        }
        size++;
    }

    /** The count kept for the peer (its upper bound), or 0 when it is not kept. */
    long count(String local, String remote, int port) {
        int i = find(hash(local, remote, port), local, remote, portBits(port));
        return cells[i] == 0 ? 0 : (cells[i] >>> PORT_BITS) + decremented;
    }

    /** How many of the peer's counted occurrences were marked, or 0 when it is not kept. */
    long marked(String local, String remote, int port) {
        int i = find(hash(local, remote, port), local, remote, portBits(port));
        return cells[i] == 0 || marks == null ? 0 : marks[i];
    }

    /** Everything counted, kept or not. */
    long total() {
        return total;
    }

    /** How many peers are kept now. */
    int size() {
        return size;
    }

    /** The {@code n} peers with the highest counts, highest first (ties by remote address, then port). */
    List<Peer> top(int n) {
        Integer[] live = new Integer[size];
        int k = 0;
        for (int i = 0; i < cells.length; i++) {
            if (cells[i] != 0) {
                live[k++] = i;
            }
        }
        Arrays.sort(live, Comparator.comparingLong((Integer i) -> cells[i] >>> PORT_BITS).reversed()
                .thenComparing(i -> String.valueOf(remotes[i])).thenComparingInt(i -> port(cells[i])));
        List<Peer> out = new ArrayList<>(Math.min(n, size));
        for (int j = 0; j < live.length && j < n; j++) {
            int i = live[j];
            out.add(new Peer(locals == null ? null : locals[i], remotes[i], port(cells[i]),
                    (cells[i] >>> PORT_BITS) + decremented, decremented));
        }
        return out;
    }

    private static long portBits(int port) {
        return (port + 1) & PORT_MASK;
    }

    private static int port(long cell) {
        return (int) (cell & PORT_MASK) - 1;
    }

    /** The slot holding the peer, or the empty slot where it would go. */
    private int find(int h, String local, String remote, long portBits) {
        int mask = cells.length - 1;
        int i = h & mask;
        long cell;
        while ((cell = cells[i]) != 0) {
            if ((cell & PORT_MASK) == portBits && same(remotes[i], remote)
                    && (locals == null ? local == null : same(locals[i], local))) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    private static boolean same(String a, String b) {
        return a == b || a != null && a.equals(b);
    }

    private static int hash(String local, String remote, int port) {
        int h = ((local == null ? 0 : local.hashCode()) * 31 + (remote == null ? 0 : remote.hashCode())) * 31 + port;
        h *= 0x9E3779B9;
        return h ^ (h >>> 15);
    }

    private String[] locals() {
        if (locals == null) {
            locals = new String[cells.length];
        }
        return locals;
    }

    private long[] marks() {
        if (marks == null) {
            marks = new long[cells.length];
        }
        return marks;
    }

    /** Takes the median count off every count and drops the peers left at zero or below: at least half. */
    private void purge() {
        if (scratch == null) {
            scratch = new long[capacity];
        }
        int k = 0;
        for (long c : cells) {
            if (c != 0) {
                scratch[k++] = c >>> PORT_BITS;
            }
        }
        Arrays.sort(scratch, 0, k);
        long t = scratch[(k - 1) / 2];
        decremented += t;
        rebuild(cells.length, t);
    }

    /** Moves every peer whose count stays above 0 once {@code minus} is taken off into {@code slots} slots. */
    private void rebuild(int slots, long minus) {
        long[] oldCells = cells;
        String[] oldRemotes = remotes;
        String[] oldLocals = locals;
        long[] oldMarks = marks;
        boolean purge = oldCells.length == slots;
        if (purge && spareCells != null) {
            cells = spareCells;
            remotes = spareRemotes;
            locals = oldLocals == null ? null : spareLocals != null ? spareLocals : new String[slots];
            marks = oldMarks == null ? null : spareMarks != null ? spareMarks : new long[slots];
        } else {
            cells = new long[slots];
            remotes = new String[slots];
            locals = oldLocals == null ? null : new String[slots];
            marks = oldMarks == null ? null : new long[slots];
        }
        size = 0;
        long minusBits = minus << PORT_BITS;
        for (int j = 0; j < oldCells.length; j++) {
            long cell = oldCells[j];
            if (cell == 0 || (cell >>> PORT_BITS) <= minus) {
                continue;
            }
            String local = oldLocals == null ? null : oldLocals[j];
            int i = find(hash(local, oldRemotes[j], port(cell)), local, oldRemotes[j], cell & PORT_MASK);
            cells[i] = cell - minusBits;
            remotes[i] = oldRemotes[j];
            if (oldLocals != null) {
                locals[i] = local;
            }
            if (oldMarks != null) {
                marks[i] = oldMarks[j];
            }
            size++;
        }
        if (purge) {
            // keep the old arrays, cleared, for the next purge
            Arrays.fill(oldCells, 0);
            Arrays.fill(oldRemotes, null);
            spareCells = oldCells;
            spareRemotes = oldRemotes;
            if (oldLocals != null) {
                Arrays.fill(oldLocals, null);
                spareLocals = oldLocals;
            }
            if (oldMarks != null) {
                Arrays.fill(oldMarks, 0);
                spareMarks = oldMarks;
            }
        }
    }
}
