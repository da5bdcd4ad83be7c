package dev.sockit.plugin.analyzer.rules;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The heaviest peers of a stream in fixed memory, by the Space-Saving algorithm (Metwally, Agrawal, El Abbadi,
 * 2005): at most {@code capacity} counters; a new peer that finds them all taken replaces the smallest one and
 * inherits its count as its possible overestimate. Every peer seen more than {@code total / capacity} times is
 * kept, and each kept count is at most {@link Peer#error()} above the true count.
 *
 * <p>A peer is up to two addresses and a port ({@code local address, remote address, remote port}); parts not
 * used are {@code null} or {@code -1}. Looking a peer up allocates nothing; only a new peer copies its key. Beside
 * its count, a peer counts how many of its occurrences were marked (sockets with unread data, idle ones...): one
 * table instead of a second one for the subset; a peer that takes over an evicted counter starts its marks at 0.
 */
final class TopPeers {

    /** A peer and its count; the true count lies between {@code count - error} and {@code count}. */
    record Peer(String local, String remote, int port, long count, long error) {

        /** The count this peer had at least. */
        long guaranteed() {
            return count - error;
        }
    }

    private static final class Key {
        String local;
        String remote;
        int port;

        Key set(String local, String remote, int port) {
            this.local = local;
            this.remote = remote;
            this.port = port;
            return this;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && port == k.port && Objects.equals(local, k.local)
                    && Objects.equals(remote, k.remote);
        }

        @Override
        public int hashCode() {
            return (Objects.hashCode(local) * 31 + Objects.hashCode(remote)) * 31 + port;
        }
    }

    private static final class Counter {
        Key key;
        long count;
        long error;
        long marked;
        int heapIndex;
    }

    private final int capacity;
    private final Map<Key, Counter> counters;
    private final Counter[] heap;
    private final Key probe = new Key();
    private int size;
    private long total;

    /** Keeps at most {@code capacity} peers. */
    TopPeers(int capacity) {
        this.capacity = capacity;
        this.counters = new HashMap<>(capacity * 2);
        this.heap = new Counter[capacity];
    }

    /** Counts {@code delta} (positive) occurrences of the peer. */
    void add(String local, String remote, int port, long delta) {
        add(local, remote, port, delta, 0);
    }

    /** Counts {@code delta} (positive) occurrences of the peer, {@code marked} of them marked. */
    void add(String local, String remote, int port, long delta, long marked) {
        total += delta;
        Counter c = counters.get(probe.set(local, remote, port));
        if (c != null) {
            c.count += delta;
            c.marked += marked;
            siftDown(c.heapIndex);
            return;
        }
        if (size < capacity) {
            c = new Counter();
            c.key = new Key().set(local, remote, port);
            c.count = delta;
            c.marked = marked;
            c.heapIndex = size;
            heap[size++] = c;
            counters.put(c.key, c);
            siftUp(c.heapIndex);
            return;
        }
        c = heap[0];
        counters.remove(c.key);
        c.key = new Key().set(local, remote, port);
        c.error = c.count;
        c.count += delta;
        c.marked = marked;
        counters.put(c.key, c);
        siftDown(0);
    }

    /** The count kept for the peer, or 0 when it is not kept. */
    long count(String local, String remote, int port) {
        Counter c = counters.get(probe.set(local, remote, port));
        return c == null ? 0 : c.count;
    }

    /** How many of the peer's counted occurrences were marked, or 0 when it is not kept. */
    long marked(String local, String remote, int port) {
        Counter c = counters.get(probe.set(local, remote, port));
        return c == null ? 0 : c.marked;
    }

    /** Everything counted, kept or not. */
    long total() {
        return total;
    }

    /** How many peers are kept now. */
    int size() {
        return size;
    }

    /** The {@code n} peers with the highest counts, highest first. */
    List<Peer> top(int n) {
        Counter[] sorted = Arrays.copyOf(heap, size);
        Arrays.sort(sorted, Comparator.comparingLong((Counter c) -> c.count).reversed()
                .thenComparing(c -> String.valueOf(c.key.remote)).thenComparingInt(c -> c.key.port));
        List<Peer> out = new ArrayList<>(Math.min(n, size));
        for (int i = 0; i < sorted.length && i < n; i++) {
            Counter c = sorted[i];
            out.add(new Peer(c.key.local, c.key.remote, c.key.port, c.count, c.error));
        }
        return out;
    }

    private void siftUp(int i) {
        Counter c = heap[i];
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (heap[parent].count <= c.count) {
                break;
            }
            place(heap[parent], i);
            i = parent;
        }
        place(c, i);
    }

    private void siftDown(int i) {
        Counter c = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && heap[child + 1].count < heap[child].count) {
                child++;
            }
            if (heap[child].count >= c.count) {
                break;
            }
            place(heap[child], i);
            i = child;
        }
        place(c, i);
    }

    private void place(Counter c, int i) {
        heap[i] = c;
        c.heapIndex = i;
    }
}
