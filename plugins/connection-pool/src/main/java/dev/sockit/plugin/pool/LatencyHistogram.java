package dev.sockit.plugin.pool;

/**
 * Acquire latencies in a fixed array of log-linear buckets: 16 buckets per power of two, so a percentile is read
 * within 1/16 (6.25%) of the value, the maximum exactly. Recording is an array increment, no allocation. Written
 * by the pool's thread; read from any thread (a snapshot may be a record or two behind).
 */
final class LatencyHistogram {

    private static final int SUB_BITS = 4;
    private static final int SUB = 1 << SUB_BITS;
    private static final int BUCKETS = SUB + (63 - SUB_BITS) * SUB;

    private final long[] counts = new long[BUCKETS];
    private volatile long total;
    private volatile long max;

    /** Records one value (negative values count as 0). */
    void record(long value) {
        long v = Math.max(0, value);
        counts[bucket(v)]++;
        if (v > max) {
            max = v;
        }
        total = total + 1;
    }

    /** How many values were recorded. */
    long count() {
        return total;
    }

    /** The largest value recorded, 0 if none. */
    long max() {
        return max;
    }

    /**
     * The value at {@code percentile} (0-100): the upper end of the bucket holding it, capped at the maximum; 0 if
     * nothing was recorded.
     */
    long percentile(double percentile) {
        long n = total;
        if (n == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(n * percentile / 100.0));
        long seen = 0;
        for (int b = 0; b < BUCKETS; b++) {
            seen += counts[b];
            if (seen >= rank) {
                return Math.min(upperEnd(b), max);
            }
        }
        return max;
    }

    static int bucket(long v) {
        if (v < SUB) {
            return (int) v;
        }
        int exponent = 63 - Long.numberOfLeadingZeros(v);
        int shift = exponent - SUB_BITS;
        int sub = (int) ((v >>> shift) & (SUB - 1));
        return SUB + shift * SUB + sub;
    }

    static long upperEnd(int bucket) {
        if (bucket < SUB) {
            return bucket;
        }
        int shift = (bucket - SUB) / SUB;
        long sub = (bucket - SUB) % SUB;
        return ((SUB + sub + 1) << shift) - 1;
    }
}
