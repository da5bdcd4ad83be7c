package dev.sockit.plugin.analyzer.rules;

/**
 * Counts per {@code long} key in open addressing, without boxing, up to a fixed number of keys: once full, a new
 * key is only counted in {@link #dropped()}, so memory stays bounded whatever the input.
 */
final class LongCounts {

    private final int maxKeys;
    private long[] keys;
    private long[] counts;
    private int size;
    private long dropped;

    /** Counts up to {@code maxKeys} distinct keys. */
    LongCounts(int maxKeys) {
        this.maxKeys = maxKeys;
        keys = new long[64];
        counts = new long[64];
    }

    /** Adds {@code delta} (positive) to the count of {@code key}; false when the key is new and the table full. */
    boolean add(long key, long delta) {
        int i = slot(keys, counts, key);
        if (counts[i] != 0) {
            counts[i] += delta;
            return true;
        }
        if (size >= maxKeys) {
            dropped += delta;
            return false;
        }
        if ((size + 1) * 2 > keys.length) {
            grow();
            i = slot(keys, counts, key);
        }
        keys[i] = key;
        counts[i] = delta;
        size++;
        return true;
    }

    /** The count of {@code key}, 0 when never added. */
    long get(long key) {
        return counts[slot(keys, counts, key)];
    }

    /** How many distinct keys are counted. */
    int size() {
        return size;
    }

    /** The total of the deltas that found the table full. */
    long dropped() {
        return dropped;
    }

    /** Calls {@code visitor} once per key with its count, in no particular order. */
    void forEach(Visitor visitor) {
        for (int i = 0; i < keys.length; i++) {
            if (counts[i] != 0) {
                visitor.visit(keys[i], counts[i]);
            }
        }
    }

    /** Receives the entries of {@link #forEach}. */
    @FunctionalInterface
    interface Visitor {
        void visit(long key, long count);
    }

    private static int slot(long[] keys, long[] counts, long key) {
        int mask = keys.length - 1;
        int i = home(key, keys.length);
        while (counts[i] != 0 && keys[i] != key) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /**
     * The first slot of {@code key} in a table of {@code length} (a power of two): the top bits of a multiplicative
     * (Fibonacci) hash. The top bits depend on every bit of the key; the low ones do not, and the keys here differ
     * mostly in their high bits (state, port), so taking the low bits made every key of a /proc table collide.
     */
    static int home(long key, int length) {
        int bits = Integer.numberOfTrailingZeros(length);
        return (int) ((key * 0x9E3779B97F4A7C15L) >>> (64 - bits));
    }

    private void grow() {
        long[] oldKeys = keys;
        long[] oldCounts = counts;
        keys = new long[oldKeys.length * 2];
        counts = new long[oldKeys.length * 2];
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldCounts[i] != 0) {
                int j = slot(keys, counts, oldKeys[i]);
                keys[j] = oldKeys[i];
                counts[j] = oldCounts[i];
            }
        }
    }
}
