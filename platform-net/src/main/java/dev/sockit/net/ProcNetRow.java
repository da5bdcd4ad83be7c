package dev.sockit.net;

import java.net.InetAddress;
import java.nio.ByteOrder;

/**
 * One socket of {@code /proc/net/tcp}, {@code tcp6}, {@code udp} or {@code udp6}, as {@link ProcNetTable} reads
 * it. One row is reused for every line of a table (so that reading a table allocates only the address strings,
 * and those mostly from a cache): a caller copies what it keeps.
 *
 * <p>The columns: {@code sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout
 * inode}, then for TCP {@code refcount pointer rto ato quick/pingpong cwnd ssthresh} and for UDP
 * {@code ref pointer drops}. Those after {@code inode} are optional (older kernels print fewer, time-wait and
 * request rows fewer still): one that is not there reads {@link #UNKNOWN}.
 */
public final class ProcNetRow {

    /** A column the row does not have. */
    public static final long UNKNOWN = -1;

    /** The kernel's {@code TCP_LISTEN} state code. */
    public static final int TCP_LISTEN = 0x0A;

    long slot;
    boolean ipv6;
    final int[] localWords = new int[4];
    /** The remote address's word as printed, on an IPv4 row. */
    int remoteWord;
    String localAddress;
    int localPort;
    String remoteAddress;
    int remotePort;
    int state;
    long txQueue;
    long rxQueue;
    int timer;
    long timerWhen;
    long retransmits;
    long uid;
    long timeout;
    long inode;
    long rto;
    long cwnd;
    long ssthresh;
    long drops;
    ByteOrder order = ByteOrder.nativeOrder();

    /** An empty row, for {@link ProcNetTable#read(ProcLineReader, ProcNetRow)} to fill. */
    public ProcNetRow() {
    }

    void reset() {
        rto = cwnd = ssthresh = drops = UNKNOWN;
        ipv6 = false;
    }

    /** The {@code sl} column. */
    public long slot() {
        return slot;
    }

    /** True for a row of {@code tcp6} or {@code udp6} (an address of 32 hex digits). */
    public boolean ipv6() {
        return ipv6;
    }

    /** The local address as text: {@code 127.0.0.1}, {@code ::1}, {@code ::ffff:10.0.0.1} (RFC 5952). */
    public String localAddress() {
        return localAddress;
    }

    /** The local port. */
    public int localPort() {
        return localPort;
    }

    /** The remote address as text ({@code 0.0.0.0} for none). */
    public String remoteAddress() {
        return remoteAddress;
    }

    /**
     * The local IPv4 address in network order ({@code 127.0.0.1} is {@code 0x7F000001}) whatever the byte order
     * the table was printed in: the number {@link #localAddress()} spells; 0 on an IPv6 row.
     */
    public int localIpv4() {
        return ipv6 ? 0 : networkOrder(localWords[0]);
    }

    /** The remote IPv4 address in network order, as {@link #localIpv4()}; 0 on an IPv6 row. */
    public int remoteIpv4() {
        return ipv6 ? 0 : networkOrder(remoteWord);
    }

    private int networkOrder(int word) {
        return order == ByteOrder.LITTLE_ENDIAN ? Integer.reverseBytes(word) : word;
    }

    /** The remote port ({@code 0} for none). */
    public int remotePort() {
        return remotePort;
    }

    /** The {@code st} column: the kernel's TCP state code ({@code 0A} listen; for UDP {@code 07} unconnected). */
    public int state() {
        return state;
    }

    /** True for a listening TCP socket. */
    public boolean listening() {
        return state == TCP_LISTEN;
    }

    /** {@code tx_queue}: bytes (UDP: memory) waiting to be sent. */
    public long txQueue() {
        return txQueue;
    }

    /** {@code rx_queue}: bytes (UDP: memory) waiting to be read; for a listener, connections in the accept queue. */
    public long rxQueue() {
        return rxQueue;
    }

    /** {@code tr}: the timer running (0 none, 1 retransmit, 2 keepalive, 3 time-wait, 4 zero-window probe). */
    public int timer() {
        return timer;
    }

    /** {@code tm->when}: clock ticks left on the timer. */
    public long timerWhen() {
        return timerWhen;
    }

    /** {@code retrnsmt}. */
    public long retransmits() {
        return retransmits;
    }

    /** The owner's uid. */
    public long uid() {
        return uid;
    }

    /** The {@code timeout} column (probes sent, for the keepalive and zero-window timers). */
    public long timeout() {
        return timeout;
    }

    /** The socket's inode, which {@code /proc/<pid>/fd} links name ({@code socket:[inode]}). */
    public long inode() {
        return inode;
    }

    /** TCP: the retransmission timeout in clock ticks, or {@link #UNKNOWN}. */
    public long rto() {
        return rto;
    }

    /** TCP: the congestion window in segments, or {@link #UNKNOWN}. */
    public long cwnd() {
        return cwnd;
    }

    /** TCP: the slow-start threshold, or {@link #UNKNOWN} (also when unbounded, printed {@code -1}). */
    public long ssthresh() {
        return ssthresh;
    }

    /** UDP: datagrams dropped on this socket (mostly for a full receive buffer), or {@link #UNKNOWN}. */
    public long drops() {
        return drops;
    }

    /** Whether the local address is {@code address} (compared as the table's bytes, not as text). */
    public boolean localIs(InetAddress address) {
        int[] words = ProcAddresses.words(address, order);
        if (words.length != (ipv6 ? 4 : 1)) {
            return false;
        }
        for (int i = 0; i < words.length; i++) {
            if (words[i] != localWords[i]) {
                return false;
            }
        }
        return true;
    }
}
