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

    private final int capacity;
    private final int maxSlots;
    private String[] locals;
    private String[] remotes;
    private int[] ports;
    /** Stored counts; 0 marks an empty slot. */
    private long[] counts;
    private long[] marks;
    private int size;
    private long total;
    /** The sum of the batched decrements: the error bound of every kept count. */
    private long decremented;
    private long[] scratch;
    /** The arrays a rebuild moves the peers into, kept from the previous rebuild so that purges allocate nothing. */
    private String[] spareLocals;
    private String[] spareRemotes;
    private int[] sparePorts;
    private long[] spareCounts;
    private long[] spareMarks;

    /** Keeps at most {@code capacity} peers. */
    TopPeers(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity " + capacity + ": expected at least 2");
        }
        this.capacity = capacity;
        this.maxSlots = Integer.highestOneBit(capacity * 2 - 1) << 1;
        allocate(Math.min(INITIAL_SLOTS, maxSlots));
    }

    /** Counts {@code delta} (positive) occurrences of the peer. */
    void add(String local, String remote, int port, long delta) {
        add(local, remote, port, delta, 0);
    }

    /** Counts {@code delta} (positive) occurrences of the peer, {@code marked} of them marked. */
    void add(String local, String remote, int port, long delta, long marked) {
        total += delta;
        int h = hash(local, remote, port);
        int i = find(h, local, remote, port);
        if (counts[i] != 0) {
            counts[i] += delta;
            marks[i] += marked;
            return;
        }
        if (size >= capacity) {
            purge();
            i = find(h, local, remote, port);
        } else if ((size + 1) * 2 > counts.length) {
            resize(counts.length * 2);
            i = find(h, local, remote, port);
        }
        locals[i] = local;
        remotes[i] = remote;
        ports[i] = port;
        counts[i] = delta;
        marks[i] = marked;
        size++;
    }

    /** The count kept for the peer (its upper bound), or 0 when it is not kept. */
    long count(String local, String remote, int port) {
        int i = find(hash(local, remote, port), local, remote, port);
        return counts[i] == 0 ? 0 : counts[i] + decremented;
    }

    /** How many of the peer's counted occurrences were marked, or 0 when it is not kept. */
    long marked(String local, String remote, int port) {
        int i = find(hash(local, remote, port), local, remote, port);
        return counts[i] == 0 ? 0 : marks[i];
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
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] != 0) {
                live[k++] = i;
            }
        }
        Arrays.sort(live, Comparator.comparingLong((Integer i) -> counts[i]).reversed()
                .thenComparing(i -> String.valueOf(remotes[i])).thenComparingInt(i -> ports[i]));
        List<Peer> out = new ArrayList<>(Math.min(n, size));
        for (int j = 0; j < live.length && j < n; j++) {
            int i = live[j];
            out.add(new Peer(locals[i], remotes[i], ports[i], counts[i] + decremented, decremented));
        }
        return out;
    }

    /** The slot holding the peer, or the empty slot where it would go. */
    private int find(int h, String local, String remote, int port) {
        int mask = counts.length - 1;
        int i = h & mask;
        while (counts[i] != 0) {
            if (ports[i] == port && same(remotes[i], remote) && same(locals[i], local)) {
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

    /** Takes the median count off every count and drops the peers left at zero or below: at least half. */
    private void purge() {
        if (scratch == null) {
            scratch = new long[capacity];
        }
        int k = 0;
        for (long c : counts) {
            if (c != 0) {
                scratch[k++] = c;
            }
        }
        Arrays.sort(scratch, 0, k);
        long t = scratch[(k - 1) / 2];
        decremented += t;
        rebuild(counts.length, t);
    }

    private void resize(int slots) {
        rebuild(Math.min(slots, maxSlots), 0);
    }

    /** Moves every peer whose count stays above 0 once {@code minus} is taken off into {@code slots} new slots. */
    private void rebuild(int slots, long minus) {
        String[] oldLocals = locals;
        String[] oldRemotes = remotes;
        int[] oldPorts = ports;
        long[] oldCounts = counts;
        long[] oldMarks = marks;
        if (spareCounts != null && spareCounts.length == slots) {
            locals = spareLocals;
            remotes = spareRemotes;
            ports = sparePorts;
            counts = spareCounts;
            marks = spareMarks;
        } else {
            allocate(slots);
        }
        size = 0;
        for (int j = 0; j < oldCounts.length; j++) {
            long c = oldCounts[j] - minus;
            if (oldCounts[j] != 0 && c > 0) {
                int i = find(hash(oldLocals[j], oldRemotes[j], oldPorts[j]), oldLocals[j], oldRemotes[j],
                        oldPorts[j]);
                locals[i] = oldLocals[j];
                remotes[i] = oldRemotes[j];
                ports[i] = oldPorts[j];
                counts[i] = c;
                marks[i] = oldMarks[j];
                size++;
            }
        }
        if (oldCounts.length == slots) {
            // a purge: keep the old arrays, cleared, for the next one
            Arrays.fill(oldLocals, null);
            Arrays.fill(oldRemotes, null);
            Arrays.fill(oldCounts, 0);
            spareLocals = oldLocals;
            spareRemotes = oldRemotes;
            sparePorts = oldPorts;
            spareCounts = oldCounts;
            spareMarks = oldMarks;
        }
    }

    private void allocate(int slots) {
        locals = new String[slots];
        remotes = new String[slots];
        ports = new int[slots];
        counts = new long[slots];
        marks = new long[slots];
    }
}
