package dev.sockit.plugin.analyzer.parse;

import java.nio.charset.StandardCharsets;

/**
 * A fixed set of names (compared as UTF-8 bytes) looked up by bytes without allocating: {@link #find} answers the name's index in the
 * array given to the constructor, so that a parser can switch on it.
 */
final class Keys {

    private final byte[][] names;
    private final int[] table;
    private final int mask;

    Keys(String... names) {
        this.names = new byte[names.length][];
        int size = Integer.highestOneBit(Math.max(4, names.length * 4) - 1) << 1;
        this.table = new int[size];
        this.mask = size - 1;
        java.util.Arrays.fill(table, -1);
        for (int i = 0; i < names.length; i++) {
            byte[] b = names[i].getBytes(StandardCharsets.UTF_8);
            this.names[i] = b;
            int slot = hash(b, 0, b.length) & mask;
            while (table[slot] >= 0) {
                slot = (slot + 1) & mask;
            }
            table[slot] = i;
        }
    }

    /** The index of the name equal to bytes {@code [s, e)} of {@code b}, or {@code -1}. */
    int find(byte[] b, int s, int e) {
        int slot = hash(b, s, e) & mask;
        while (true) {
            int i = table[slot];
            if (i < 0) {
                return -1;
            }
            byte[] n = names[i];
            if (n.length == e - s && java.util.Arrays.equals(n, 0, n.length, b, s, e)) {
                return i;
            }
            slot = (slot + 1) & mask;
        }
    }

    private static int hash(byte[] b, int s, int e) {
        int h = 0;
        for (int i = s; i < e; i++) {
            h = 31 * h + b[i];
        }
        return h ^ (h >>> 15);
    }
}
