package dev.sockit.plugin.analyzer.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The heaviest peers of a stream in fixed memory and constant time per update: exact counts in an open-addressing
 * table while at most {@code capacity} peers have been seen; past that, the Misra-Gries summary (Misra and Gries,
 * 1982) with its decrements batched: when a new peer finds the table full, the median count {@code t} is taken off
 * every count and the peers left at zero or below are dropped, at least half of them. Each batch costs
 * {@code O(capacity)} (the median found by selection, not by sorting) and frees room for {@code capacity / 2} new
 * peers, so an update costs {@code O(1)} amortized (a lookup and an increment; no heap to keep ordered).
 *
 * <p>The sum {@code D} of the decrements is the error bound: a kept peer's true count lies between its stored count
 * and the stored count plus {@code D}, which {@link Peer} reports as {@code count} (the upper bound) and
 * {@code error} ({@code D}); {@code D} is 0, and every count exact, until the table first fills. Each batch takes
 * {@code t} from at least half the table, so {@code D <= 2 total / capacity}, and every peer seen more than
 * {@code D} times is kept.
 *
 * <p>A peer is up to two addresses and a port ({@code local address, remote address, remote port}); parts not
 * used are {@code null} or {@code -1}. Each part that is {@code null}, an IPv4 address in dotted-quad form or a
 * 32-bit decimal number (a pid) is looked up by its value packed in a long ({@link PeerKeys#code}), so that a
 * lookup reads one cache line of one array (the slot's count and key side by side) and touches no stored string;
 * other text (IPv6, names) is compared as strings, by reference first. The slot a peer goes to depends on its
 * strings' hash codes only, so the table's layout, and the order of equal counts in {@link #top}, do not depend on
 * how the key is packed. Looking a peer up allocates nothing. Beside its count, a peer counts how many of its
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
    /** Below the count in a cell: the port, then two bits per part saying how its key is packed ({@link PeerKeys}). */
    private static final int COUNT_SHIFT = PORT_BITS + 4;
    private static final long LOW_MASK = (1L << COUNT_SHIFT) - 1;
    private static final int REMOTE_KIND_SHIFT = PORT_BITS;
    private static final int LOCAL_KIND_SHIFT = PORT_BITS + 2;
    private static final int KIND_TEXT = PeerKeys.KIND_TEXT;
    private static final long TEXT_MARK = (long) KIND_TEXT << REMOTE_KIND_SHIFT | (long) KIND_TEXT << LOCAL_KIND_SHIFT;

    private final int capacity;
    private final int maxSlots;
    /**
     * Two longs per slot, side by side: the cell, {@code count << 24 | local kind << 22 | remote kind << 20 |
     * (port + 1)}, 0 for an empty slot (a stored count is at least 1); then the key, {@code remote value << 32 |
     * local value} (the low 32 bits of each part's {@link PeerKeys#code}).
     */
    private long[] cells;
    /** The strings of the peers, read to compare only when a part is {@link PeerKeys#KIND_TEXT}, and for the output. */
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
        cells = new long[slots * 2];
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
        add(local, PeerKeys.code(local), remote, PeerKeys.code(remote), port, delta, marked);
    }

    /**
     * {@link #add(String, String, int, long, long)} with each part's {@link PeerKeys#code} already worked out (once
     * per row for all the tables it goes to).
     */
    void add(String local, long localCode, String remote, long remoteCode, int port, long delta, long marked) {
        total += delta;
        long low = low(localCode, remoteCode, port);
        long key = key(localCode, remoteCode);
        int h = hash(local, remote, port);
        int i = find(h, low, key, local, remote);
        long[] c = cells;
        if (c[2 * i] != 0) {
            c[2 * i] += delta << COUNT_SHIFT;
            if (marked != 0) {
                marks()[i] += marked;
            }
            return;
        }
        if (size >= capacity) {
            purge();
            i = find(h, low, key, local, remote);
        } else if ((size + 1) * 2 > slots()) {
            rebuild(Math.min(slots() * 2, maxSlots), 0);
            i = find(h, low, key, local, remote);
        }
        cells[2 * i] = delta << COUNT_SHIFT | low;
        cells[2 * i + 1] = key;
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
        int i = find(local, remote, port);
        return cells[2 * i] == 0 ? 0 : (cells[2 * i] >>> COUNT_SHIFT) + decremented;
    }

    /** How many of the peer's counted occurrences were marked, or 0 when it is not kept. */
    long marked(String local, String remote, int port) {
        int i = find(local, remote, port);
        return cells[2 * i] == 0 || marks == null ? 0 : marks[i];
    }

    private int find(String local, String remote, int port) {
        long localCode = PeerKeys.code(local);
        long remoteCode = PeerKeys.code(remote);
        return find(hash(local, remote, port), low(localCode, remoteCode, port), key(localCode, remoteCode), local,
                remote);
    }

    /** Everything counted, kept or not. */
    long total() {
        return total;
    }

    /** How many peers are kept now. */
    int size() {
        return size;
    }

    /**
     * The {@code n} peers with the highest counts, highest first (ties by remote address, then port). Keeps the best
     * {@code n} slots in order while it walks the table, so that a call costs one comparison for most peers and
     * allocates only what it returns.
     */
    List<Peer> top(int n) {
        int[] best = new int[Math.max(0, Math.min(n, size))];
        int kept = 0;
        for (int i = 0; i < slots() && best.length > 0; i++) {
            if (cells[2 * i] == 0 || kept == best.length && !before(i, best[kept - 1])) {
                continue;
            }
            int at = kept == best.length ? kept - 1 : kept++;
            while (at > 0 && before(i, best[at - 1])) {
                best[at] = best[at - 1];
                at--;
            }
            best[at] = i;
        }
        List<Peer> out = new ArrayList<>(kept);
        for (int j = 0; j < kept; j++) {
            int i = best[j];
            out.add(new Peer(locals == null ? null : locals[i], remotes[i], port(cells[2 * i]),
                    (cells[2 * i] >>> COUNT_SHIFT) + decremented, decremented));
        }
        return out;
    }

    /** Whether slot {@code a} comes before slot {@code b} in {@link #top}'s order. */
    private boolean before(int a, int b) {
        long ca = cells[2 * a] >>> COUNT_SHIFT;
        long cb = cells[2 * b] >>> COUNT_SHIFT;
        if (ca != cb) {
            return ca > cb;
        }
        int byRemote = String.valueOf(remotes[a]).compareTo(String.valueOf(remotes[b]));
        return byRemote != 0 ? byRemote < 0 : port(cells[2 * a]) < port(cells[2 * b]);
    }

    private int slots() {
        return remotes.length;
    }

    /** The bits of a cell below the count: the kinds of both parts and the port. */
    private static long low(long localCode, long remoteCode, int port) {
        return (localCode >>> 32) << LOCAL_KIND_SHIFT | (remoteCode >>> 32) << REMOTE_KIND_SHIFT
                | (port + 1) & PORT_MASK;
    }

    private static long key(long localCode, long remoteCode) {
        return remoteCode << 32 | localCode & 0xFFFFFFFFL;
    }

    private static int port(long cell) {
        return (int) (cell & PORT_MASK) - 1;
    }

    /**
     * The slot holding the peer, or the empty slot where it would go: a slot matches on its cell's low bits and its
     * key, and on the strings of the parts that are text.
     */
    private int find(int h, long low, long key, String local, String remote) {
        long[] c = cells;
        int mask = remotes.length - 1;
        int i = h & mask;
        long cell;
        while ((cell = c[2 * i]) != 0) {
            if ((cell & LOW_MASK) == low && c[2 * i + 1] == key
                    && ((low & TEXT_MARK) == 0 || sameText(i, low, local, remote))) {
                return i;
            }
            i = (i + 1) & mask;
        }
        return i;
    }

    private boolean sameText(int i, long low, String local, String remote) {
        return ((low >>> REMOTE_KIND_SHIFT & 3) != KIND_TEXT || same(remotes[i], remote))
                && ((low >>> LOCAL_KIND_SHIFT & 3) != KIND_TEXT || locals != null && same(locals[i], local));
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
            locals = new String[slots()];
        }
        return locals;
    }

    private long[] marks() {
        if (marks == null) {
            marks = new long[slots()];
        }
        return marks;
    }

    /** Takes the median count off every count and drops the peers left at zero or below: at least half. */
    private void purge() {
        if (scratch == null) {
            scratch = new long[capacity];
        }
        int k = 0;
        for (int i = 0; i < cells.length; i += 2) {
            if (cells[i] != 0) {
                scratch[k++] = cells[i] >>> COUNT_SHIFT;
            }
        }
        long t = select(scratch, k, (k - 1) / 2);
        decremented += t;
        rebuild(slots(), t);
    }

    /**
     * The value that would be at index {@code n} of the first {@code k} values of {@code a} once sorted, in linear
     * expected time (Hoare's selection with a median-of-three pivot); reorders {@code a}.
     */
    static long select(long[] a, int k, int n) {
        int lo = 0;
        int hi = k - 1;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            long pivot = medianOf(a[lo], a[mid], a[hi]);
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (a[i] < pivot) {
                    i++;
                }
                while (a[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    long x = a[i];
                    a[i] = a[j];
                    a[j] = x;
                    i++;
                    j--;
                }
            }
            // now a[lo..j] <= pivot <= a[i..hi], and a[j+1..i-1] == pivot
            if (n <= j) {
                hi = j;
            } else if (n >= i) {
                lo = i;
            } else {
                return a[n];
            }
        }
        return a[n];
    }

    private static long medianOf(long x, long y, long z) {
        return Math.max(Math.min(x, y), Math.min(Math.max(x, y), z));
    }

    /** Moves every peer whose count stays above 0 once {@code minus} is taken off into {@code slots} slots. */
    private void rebuild(int slots, long minus) {
        long[] oldCells = cells;
        String[] oldRemotes = remotes;
        String[] oldLocals = locals;
        long[] oldMarks = marks;
        boolean purge = oldRemotes.length == slots;
        if (purge && spareCells != null) {
            cells = spareCells;
            remotes = spareRemotes;
            locals = oldLocals == null ? null : spareLocals != null ? spareLocals : new String[slots];
            marks = oldMarks == null ? null : spareMarks != null ? spareMarks : new long[slots];
        } else {
            cells = new long[slots * 2];
            remotes = new String[slots];
            locals = oldLocals == null ? null : new String[slots];
            marks = oldMarks == null ? null : new long[slots];
        }
        size = 0;
        long minusBits = minus << COUNT_SHIFT;
        for (int j = 0; j < oldRemotes.length; j++) {
            long cell = oldCells[2 * j];
            if (cell == 0 || (cell >>> COUNT_SHIFT) <= minus) {
                continue;
            }
            String local = oldLocals == null ? null : oldLocals[j];
            long key = oldCells[2 * j + 1];
            int i = find(hash(local, oldRemotes[j], port(cell)), cell & LOW_MASK, key, local, oldRemotes[j]);
            cells[2 * i] = cell - minusBits;
            cells[2 * i + 1] = key;
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
