package dev.sockit.plugin.analyzer.rules;

import dev.sockit.plugin.analyzer.model.SocketRow;

/**
 * The parts of a peer ({@link TopPeers}) packed in longs, so that the heavy-hitter tables compare numbers instead of
 * strings, and the codes of the current row's addresses, worked out once per row for every table the row goes to.
 * The previous row's codes are reused while its strings are the same ones: the parsers hand out cached strings, and
 * a host's local address repeats on every line.
 */
final class PeerKeys {

    /** Kinds of a part's key: absent, IPv4 address, decimal number (the 32 bits of the value), other text. */
    static final int KIND_NULL = 0;
    static final int KIND_IPV4 = (int) (SocketRow.ipv4Code(0) >>> 32);
    static final int KIND_DECIMAL = 2;
    static final int KIND_TEXT = 3;

    private String remoteText;
    private long remote;
    private String localText;
    private long local;

    /**
     * Takes the codes of {@code row}'s addresses from the row when its parser packed them
     * ({@link SocketRow#remoteCode}), else works them out, unless they are the previous row's strings.
     */
    void of(SocketRow row) {
        if (row.remoteCode != 0) {
            remoteText = row.remoteAddress;
            remote = row.remoteCode;
        } else if (row.remoteAddress != remoteText) {
            remoteText = row.remoteAddress;
            remote = code(remoteText);
        }
        if (row.localCode != 0) {
            localText = row.localAddress;
            local = row.localCode;
        } else if (row.localAddress != localText) {
            localText = row.localAddress;
            local = code(localText);
        }
    }

    /** The {@link #code} of the last row's remote address. */
    long remote() {
        return remote;
    }

    /** The {@link #code} of the last row's local address. */
    long local() {
        return local;
    }

    /** Both ends of the last row on the loopback, read from the codes when they are IPv4. */
    boolean loopback() {
        return loopback(local, localText) && loopback(remote, remoteText);
    }

    private static boolean loopback(long code, String address) {
        return code >>> 32 == KIND_IPV4 ? (code >>> 24 & 0xFF) == 127 : SocketStats.isLoopback(address);
    }

    /**
     * How a part of a peer is packed: the kind ({@code KIND_}) in bits 32-33 and the value in the low 32 bits —
     * for {@code null} 0; for an IPv4 address written {@code a.b.c.d} (no leading zeros) its 32 bits; for a decimal
     * number that fits an {@code int} (no leading zeros, {@code -} allowed) its 32 bits; for any other text
     * {@link #KIND_TEXT} and 0, the string itself being the key. Two strings get the same code only when they are
     * equal, and equal strings always get the same code.
     */
    static long code(String s) {
        if (s == null) {
            return 0;
        }
        int n = s.length();
        if (n == 0 || n > 15) {
            return (long) KIND_TEXT << 32;
        }
        long v4 = ipv4(s, n);
        if (v4 >= 0) {
            return (long) KIND_IPV4 << 32 | v4;
        }
        long decimal = decimal(s, n);
        return decimal == Long.MIN_VALUE ? (long) KIND_TEXT << 32 : (long) KIND_DECIMAL << 32 | (decimal & 0xFFFFFFFFL);
    }

    /** The 32 bits of {@code a.b.c.d} (each 0-255 without leading zeros), or -1. */
    private static long ipv4(String s, int n) {
        long value = 0;
        int part = 0;
        int digits = 0;
        int parts = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= '0' && c <= '9') {
                if (digits > 0 && part == 0 || digits == 3) {
                    return -1;
                }
                part = part * 10 + (c - '0');
                digits++;
            } else if (c == '.' && digits > 0 && parts < 3 && part <= 255) {
                value = value << 8 | part;
                parts++;
                part = 0;
                digits = 0;
            } else {
                return -1;
            }
        }
        if (parts != 3 || digits == 0 || part > 255) {
            return -1;
        }
        return value << 8 | part;
    }

    /** The value of an {@code int} written in decimal without leading zeros ({@code -} allowed), or Long.MIN_VALUE. */
    private static long decimal(String s, int n) {
        int i = s.charAt(0) == '-' ? 1 : 0;
        if (i == n || n - i > 10 || s.charAt(i) == '0' && n - i > 1 || i == 1 && s.charAt(1) == '0') {
            return Long.MIN_VALUE;
        }
        long value = 0;
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return Long.MIN_VALUE;
            }
            value = value * 10 + (c - '0');
        }
        value = s.charAt(0) == '-' ? -value : value;
        return value < Integer.MIN_VALUE || value > Integer.MAX_VALUE ? Long.MIN_VALUE : value;
    }
}
