package dev.sockit.plugin.analyzer.model;

/**
 * One socket as an input line describes it. Parsers fill one instance per line and hand it to a
 * {@link SocketSink}, then {@link #reset()} it for the next line: a sink must copy what it keeps, because the row
 * is reused (so that parsing a million lines allocates per line only what the line's strings need).
 *
 * <p>Numbers the input does not give are {@link #UNKNOWN} ({@code -1}); strings it does not give are
 * {@code null}. Addresses are kept as text without brackets or port ({@code 10.0.0.1}, {@code ::1},
 * {@code fe80::1%lo}, {@code *} for the wildcard, or a unix path); ports are numbers ({@code 0} for {@code *}).
 */
public final class SocketRow {

    /** What a number the input did not give reads as. */
    public static final long UNKNOWN = -1;

    /** The 1-based line of the input this row came from. */
    public long line;
    public Proto proto = Proto.OTHER;
    /** True for an IPv6 socket ({@code tcp6}, {@code [::1]:80}, {@code /proc/net/tcp6}). */
    public boolean ipv6;
    public TcpState state = TcpState.UNKNOWN;
    public String localAddress;
    public int localPort;
    public String remoteAddress;
    public int remotePort;
    /**
     * The local and remote address packed as the analyzer's tables key them, when the parser read the address as a
     * number ({@code /proc/net/tcp}'s hex words): an IPv4 address is {@link #ipv4Code}. 0 when the parser gives the
     * text only; the tables then work the key out from the text. A parser that sets one sets it to what the text
     * spells.
     */
    public long localCode;
    public long remoteCode;
    /** Bytes received and not yet read by the application; for a listener, connections waiting in the accept queue. */
    public long recvQ = UNKNOWN;
    /** Bytes sent and not yet acknowledged; for a listener, the accept-queue limit (backlog) on Linux. */
    public long sendQ = UNKNOWN;
    public long pid = UNKNOWN;
    public String program;
    public long fd = UNKNOWN;
    public long inode = UNKNOWN;
    public long uid = UNKNOWN;
    /** The timer as printed ({@code timewait}, {@code keepalive}, {@code on}, {@code off}...), or {@code null}. */
    public String timer;
    /** Time left on the timer in milliseconds. */
    public long timerMs = UNKNOWN;
    /** Retransmissions (or keepalive probes) counted by the timer field. */
    public long timerRetrans = UNKNOWN;

    // ss -m skmem:(r,rb,t,tb,f,w,o,bl,d)
    public long rmemAlloc = UNKNOWN;
    public long rcvBuf = UNKNOWN;
    public long wmemAlloc = UNKNOWN;
    public long sndBuf = UNKNOWN;
    public long fwdAlloc = UNKNOWN;
    public long wmemQueued = UNKNOWN;
    public long optMem = UNKNOWN;
    public long backlog = UNKNOWN;
    /** Packets dropped before they reached the socket ({@code d} in skmem, {@code drops} in /proc/net/udp). */
    public long drops = UNKNOWN;

    // ss -i (TCP_INFO)
    /** Smoothed round-trip time in milliseconds, or {@code -1}. */
    public double rttMs = UNKNOWN;
    public double rttVarMs = UNKNOWN;
    public long rtoMs = UNKNOWN;
    public long cwnd = UNKNOWN;
    public long ssthresh = UNKNOWN;
    public long mss = UNKNOWN;
    /** Segments in flight being retransmitted now ({@code retrans:X/Y}: X). */
    public long retransNow = UNKNOWN;
    /** Retransmissions over the connection's life ({@code retrans:X/Y}: Y). */
    public long retransTotal = UNKNOWN;
    public long lost = UNKNOWN;
    public long unacked = UNKNOWN;
    public long bytesSent = UNKNOWN;
    public long bytesAcked = UNKNOWN;
    public long bytesReceived = UNKNOWN;
    public long sendRateBps = UNKNOWN;
    public long deliveryRateBps = UNKNOWN;
    public long pacingRateBps = UNKNOWN;
    public long rcvSpace = UNKNOWN;
    public long rcvWindow = UNKNOWN;
    public long sndWindow = UNKNOWN;
    /** Bytes written by the application and not yet sent ({@code notsent}). */
    public long notSent = UNKNOWN;
    /** True when the input says the peer advertised a zero window (or the socket is zero-window probing). */
    public boolean zeroWindow;
    /** Milliseconds since the last send, receive and ack ({@code lastsnd}, {@code lastrcv}, {@code lastack}). */
    public long lastSendMs = UNKNOWN;
    public long lastRecvMs = UNKNOWN;
    public long lastAckMs = UNKNOWN;
    /** The congestion-control algorithm ({@code cubic}, {@code bbr}...). */
    public String congestion;

    /** Empties the row for the next line. */
    public void reset() {
        line = 0;
        proto = Proto.OTHER;
        ipv6 = false;
        state = TcpState.UNKNOWN;
        localAddress = null;
        localPort = 0;
        remoteAddress = null;
        remotePort = 0;
        localCode = remoteCode = 0;
        recvQ = sendQ = pid = fd = inode = uid = UNKNOWN;
        program = null;
        timer = null;
        timerMs = timerRetrans = UNKNOWN;
        rmemAlloc = rcvBuf = wmemAlloc = sndBuf = fwdAlloc = wmemQueued = optMem = backlog = drops = UNKNOWN;
        rttMs = rttVarMs = UNKNOWN;
        rtoMs = cwnd = ssthresh = mss = retransNow = retransTotal = lost = unacked = UNKNOWN;
        bytesSent = bytesAcked = bytesReceived = sendRateBps = deliveryRateBps = pacingRateBps = UNKNOWN;
        rcvSpace = rcvWindow = sndWindow = notSent = UNKNOWN;
        zeroWindow = false;
        lastSendMs = lastRecvMs = lastAckMs = UNKNOWN;
        congestion = null;
    }

    /**
     * The {@link #localCode} of IPv4 address {@code address} in network order ({@code 10.0.0.1} is
     * {@code 0x0A000001}): 1 in bit 32 (the kind), the address in the low 32 bits.
     */
    public static long ipv4Code(int address) {
        return 1L << 32 | (address & 0xFFFFFFFFL);
    }

    /** Sets the local end ({@code local}) or the remote one to {@code address} and {@code port}. */
    public void end(boolean local, String address, int port) {
        if (local) {
            localAddress = address;
            localPort = port;
        } else {
            remoteAddress = address;
            remotePort = port;
        }
    }

    /** {@code address:port} as people write it, with brackets around an IPv6 address; {@code *} stays {@code *}. */
    public static String endpoint(String address, int port) {
        if (address == null) {
            return "?";
        }
        boolean v6 = address.indexOf(':') >= 0;
        String host = v6 ? "[" + address + "]" : address;
        return port == 0 && "*".equals(address) ? "*:*" : host + ":" + (port == 0 ? "*" : Integer.toString(port));
    }

    /** The local end, {@code 127.0.0.1:8080}. */
    public String local() {
        return proto == Proto.UNIX ? localAddress : endpoint(localAddress, localPort);
    }

    /** The remote end, {@code [::1]:54321}. */
    public String remote() {
        return proto == Proto.UNIX ? remoteAddress : endpoint(remoteAddress, remotePort);
    }
}
