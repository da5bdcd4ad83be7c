package dev.sockit.net;

import dev.sockit.api.HostPort;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Locale;

/**
 * Turns the hex words {@code /proc/net/tcp} prints for an address into text, through a direct-mapped cache keyed by
 * the raw words: the same local addresses repeat on every line, so most lines allocate no string. The cache starts
 * small and doubles, up to a bound, while more than a quarter of the lookups miss.
 *
 * <p>The kernel prints each 32-bit word of an address ({@code __be32}) with {@code %08X} as the host reads it, so
 * on a little-endian host (x86, arm64) {@code 0100007F} is {@code 127.0.0.1}; a file from a big-endian host reads
 * with {@link ByteOrder#BIG_ENDIAN}. IPv6 text is {@link HostPort#ipv6Text}'s: RFC 5952 ({@code fe80::1}),
 * IPv4-mapped addresses {@code ::ffff:127.0.0.1} as {@code inet_ntop} and {@code ss} print them.
 */
public final class ProcAddresses {

    /** Slots a cache starts with: a few KiB, for the short tables a server reads of its own sockets. */
    private static final int FIRST_SLOT_BITS = 8;
    /**
     * The most slots: a busy server's table names thousands of remote peers, and a miss costs a string (and its hash
     * code later); 16,384 IPv4 slots (128 KiB) keep 5,000 peers mostly resident. IPv6 tables are rarer.
     */
    private static final int V4_MAX_SLOT_BITS = 14;
    private static final int V6_MAX_SLOT_BITS = 12;
    /** Every this many lookups, a cache that missed on more than a quarter of them doubles (up to its most). */
    private static final int WINDOW = 4096;

    private final boolean littleEndian;
    private final Growth v4 = new Growth(V4_MAX_SLOT_BITS);
    private int[] v4Keys = new int[1 << FIRST_SLOT_BITS];
    private String[] v4Values = new String[1 << FIRST_SLOT_BITS];
    private final Growth v6 = new Growth(V6_MAX_SLOT_BITS);
    private long[] v6High = new long[1 << FIRST_SLOT_BITS];
    private long[] v6Low = new long[1 << FIRST_SLOT_BITS];
    private String[] v6Values = new String[1 << FIRST_SLOT_BITS];
    private final StringBuilder text = new StringBuilder(48);

    /** Addresses printed by a host of byte order {@code order} ({@link ByteOrder#nativeOrder()} for this one). */
    public ProcAddresses(ByteOrder order) {
        this.littleEndian = order == ByteOrder.LITTLE_ENDIAN;
    }

    /** The IPv4 address printed as the word {@code raw}. */
    public String v4(int raw) {
        if (v4.lookup()) {
            v4Keys = new int[1 << v4.bits];
            v4Values = new String[1 << v4.bits];
        }
        int slot = slot(raw, v4.bits);
        String s = v4Values[slot];
        if (s != null && v4Keys[slot] == raw) {
            return s;
        }
        v4.misses++;
        int net = littleEndian ? Integer.reverseBytes(raw) : raw;
        text.setLength(0);
        dotted(net);
        s = text.toString();
        v4Keys[slot] = raw;
        v4Values[slot] = s;
        return s;
    }

    /** The IPv6 address printed as the four words {@code w0..w3}. */
    public String v6(int w0, int w1, int w2, int w3) {
        if (v6.lookup()) {
            v6High = new long[1 << v6.bits];
            v6Low = new long[1 << v6.bits];
            v6Values = new String[1 << v6.bits];
        }
        long high = (long) w0 << 32 | (w1 & 0xFFFFFFFFL);
        long low = (long) w2 << 32 | (w3 & 0xFFFFFFFFL);
        int slot = slot((int) (high ^ high >>> 32) * 31 + (int) (low ^ low >>> 32), v6.bits);
        String s = v6Values[slot];
        if (s != null && v6High[slot] == high && v6Low[slot] == low) {
            return s;
        }
        v6.misses++;
        byte[] bytes = new byte[16];
        bytes(bytes, 0, w0);
        bytes(bytes, 4, w1);
        bytes(bytes, 8, w2);
        bytes(bytes, 12, w3);
        s = HostPort.ipv6Text(bytes);
        v6High[slot] = high;
        v6Low[slot] = low;
        v6Values[slot] = s;
        return s;
    }

    /** How many slots the IPv4 cache has now (it grows while it misses often). */
    int v4Slots() {
        return v4Keys.length;
    }

    private void bytes(byte[] bytes, int at, int raw) {
        int net = littleEndian ? Integer.reverseBytes(raw) : raw;
        bytes[at] = (byte) (net >>> 24);
        bytes[at + 1] = (byte) (net >>> 16);
        bytes[at + 2] = (byte) (net >>> 8);
        bytes[at + 3] = (byte) net;
    }

    private void dotted(int net) {
        text.append(net >>> 24).append('.').append(net >>> 16 & 0xFF).append('.')
                .append(net >>> 8 & 0xFF).append('.').append(net & 0xFF);
    }

    /**
     * The 32-bit words of {@code address} as a host of byte order {@code order} prints them (one for IPv4, four for
     * IPv6), the way {@link ProcNetRow#localIs} compares them.
     */
    public static int[] words(InetAddress address, ByteOrder order) {
        ByteBuffer b = ByteBuffer.wrap(address.getAddress()).order(order);
        int[] words = new int[b.remaining() / 4];
        for (int i = 0; i < words.length; i++) {
            words[i] = b.getInt();
        }
        return words;
    }

    /**
     * {@code address} as a table of a host of byte order {@code order} prints it: {@code 127.0.0.1} is
     * {@code 0100007F} on x86.
     */
    public static String hex(InetAddress address, ByteOrder order) {
        StringBuilder out = new StringBuilder(32);
        for (int w : words(address, order)) {
            out.append(String.format(Locale.ROOT, "%08X", w));
        }
        return out.toString();
    }

    /** {@code ::ffff:a.b.c.d}, as an IPv6 socket holds IPv4 address {@code a.b.c.d}. */
    public static InetAddress mapped(InetAddress ipv4) {
        byte[] b = new byte[16];
        b[10] = (byte) 0xff;
        b[11] = (byte) 0xff;
        System.arraycopy(ipv4.getAddress(), 0, b, 12, 4);
        try {
            // getByAddress turns a mapped address back into an Inet4Address; keep the 16 bytes.
            return Inet6Address.getByAddress(null, b, -1);
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException(e);
        }
    }

    /** One family's cache size, and the lookups and misses of the current window that decide when it doubles. */
    private static final class Growth {
        private final int maxBits;
        int bits = FIRST_SLOT_BITS;
        int misses;
        private int lookups;

        Growth(int maxBits) {
            this.maxBits = maxBits;
        }

        /**
         * Counts a lookup; true when it ends a window in which more than a quarter of the lookups missed and the
         * cache may still grow: {@link #bits} is then one more, and the caller makes the larger (empty) arrays.
         */
        boolean lookup() {
            if (++lookups < WINDOW) {
                return false;
            }
            boolean grow = misses > WINDOW / 4 && bits < maxBits;
            if (grow) {
                bits++;
            }
            lookups = 0;
            misses = 0;
            return grow;
        }
    }

    /** Fibonacci hashing: the top bits of the product depend on every bit of the key. */
    private static int slot(int key, int bits) {
        return key * 0x9E3779B1 >>> (32 - bits);
    }
}
