package dev.sockit.plugin.analyzer.rules;

/**
 * Every threshold the {@link Rules} apply, in one place; {@code docs/analyzer-findings.md} states the same values.
 * Counts are sockets unless named otherwise; a {@code *_PCT} is a percentage of the named limit.
 */
public final class Thresholds {

    /** CLOSE_WAIT sockets per (local port, pid): info, warning, critical. */
    public static final long CLOSE_WAIT_INFO = 1;
    /** See {@link #CLOSE_WAIT_INFO}. */
    public static final long CLOSE_WAIT_WARNING = 10;
    /** See {@link #CLOSE_WAIT_INFO}. */
    public static final long CLOSE_WAIT_CRITICAL = 100;

    /** TIME_WAIT sockets on the host: info, warning. */
    public static final long TIME_WAIT_INFO = 1000;
    /** See {@link #TIME_WAIT_INFO}. */
    public static final long TIME_WAIT_WARNING = 5000;
    /**
     * How long Linux keeps a socket in TIME_WAIT (TCP_TIMEWAIT_LEN, fixed at 60 s; not tcp_fin_timeout): new
     * TIME_WAIT per second times this is where the count settles.
     */
    public static final long TIME_WAIT_SECONDS = 60;
    /**
     * The TIME_WAIT count a watch's rate settles at, as a share of the ephemeral port range: warning, critical.
     * At 100 % one destination would run out of local ports.
     */
    public static final int TIME_WAIT_PROJECTED_WARNING_PCT = 50;
    /** See {@link #TIME_WAIT_PROJECTED_WARNING_PCT}. */
    public static final int TIME_WAIT_PROJECTED_CRITICAL_PCT = 100;
    /**
     * TIME_WAIT toward one destination as a share of the ephemeral port range (the local ports a client has toward
     * it): warning, critical. 5 % of Linux's 28232 ports is about 1400 sockets, a new connection per request at
     * some 23 per second.
     */
    public static final int TIME_WAIT_DESTINATION_WARNING_PCT = 5;
    /** See {@link #TIME_WAIT_DESTINATION_WARNING_PCT}. */
    public static final int TIME_WAIT_DESTINATION_CRITICAL_PCT = 50;
    /** TIME_WAIT as a share of {@code net.ipv4.tcp_max_tw_buckets}: warning, critical. */
    public static final int TIME_WAIT_BUCKETS_WARNING_PCT = 25;
    /** See {@link #TIME_WAIT_BUCKETS_WARNING_PCT}. */
    public static final int TIME_WAIT_BUCKETS_CRITICAL_PCT = 80;

    /** Sockets to one destination as a share of the ephemeral port range: warning (above), critical (above). */
    public static final int EPHEMERAL_WARNING_PCT = 50;
    /** See {@link #EPHEMERAL_WARNING_PCT}. */
    public static final int EPHEMERAL_CRITICAL_PCT = 80;
    /** The Linux default {@code net.ipv4.ip_local_port_range}. */
    public static final int EPHEMERAL_DEFAULT_LOW = 32768;
    /** See {@link #EPHEMERAL_DEFAULT_LOW}. */
    public static final int EPHEMERAL_DEFAULT_HIGH = 60999;
    /** The dynamic port range of IANA, which macOS, FreeBSD and Windows draw ephemeral ports from. */
    public static final int EPHEMERAL_IANA_LOW = 49152;
    /** See {@link #EPHEMERAL_IANA_LOW}. */
    public static final int EPHEMERAL_IANA_HIGH = 65535;

    /**
     * Connections waiting in a listener's accept queue when its backlog is unknown (netstat): warning from here
     * (the default {@code net.core.somaxconn} before Linux 5.4).
     */
    public static final long ACCEPT_QUEUE_WARNING = 128;
    /** A listener's accept queue as a share of its backlog: warning, critical. */
    public static final int BACKLOG_WARNING_PCT = 50;
    /** See {@link #BACKLOG_WARNING_PCT}. */
    public static final int BACKLOG_CRITICAL_PCT = 90;
    /** Accept-queue overflows per second (the {@code rate.} keys of a watch): critical from this rate up. */
    public static final double LISTEN_OVERFLOW_RATE_CRITICAL = 10;

    /**
     * Accept-queue overflows since boot (no rate) as a share of the connections accepted
     * ({@code TcpExt.ListenOverflows / (Tcp.PassiveOpens + overflows)}), in per cent: warning from this share.
     */
    public static final double LISTEN_OVERFLOW_SHARE_WARNING_PCT = 1;
    /** Accept-queue overflows since boot when {@code Tcp.PassiveOpens} is unknown: warning from this many. */
    public static final long LISTEN_OVERFLOW_WARNING = 10_000;

    /** SYN_RECV sockets per listening port: info, warning, critical. */
    public static final long SYN_RECV_INFO = 10;
    /** See {@link #SYN_RECV_INFO}. */
    public static final long SYN_RECV_WARNING = 100;
    /** See {@link #SYN_RECV_INFO}. */
    public static final long SYN_RECV_CRITICAL = 1000;

    /**
     * SYN_RECV sockets on a port as a share of its listeners' backlog (which bounds the SYN queue too): warning
     * from this share, critical when the queue is full.
     */
    public static final int SYN_QUEUE_WARNING_PCT = 50;

    /** SYN_SENT sockets per destination: info, warning. */
    public static final long SYN_SENT_INFO = 1;
    /** See {@link #SYN_SENT_INFO}. */
    public static final long SYN_SENT_WARNING = 10;

    /** Bytes of Recv-Q or Send-Q on an ESTABLISHED socket that count as a full queue. */
    public static final long QUEUE_BYTES = 64 * 1024;
    /** Recv-Q or Send-Q as a share of the socket's buffer ({@code rb}, {@code tb}) that counts as full. */
    public static final int QUEUE_BUFFER_PCT = 50;
    /** Sockets with a full receive or send queue: critical from this many (warning from one). */
    public static final long QUEUE_CRITICAL = 50;

    /** Sockets whose peer advertises a zero window: critical from this many (warning from one). */
    public static final long ZERO_WINDOW_CRITICAL = 50;

    /** Retransmissions of the timer ({@code on,...,N}) on one socket: warning, critical. */
    public static final long RETRANS_TIMER_WARNING = 3;
    /** See {@link #RETRANS_TIMER_WARNING}. */
    public static final long RETRANS_TIMER_CRITICAL = 6;
    /** {@code Tcp.RetransSegs} as a share of {@code Tcp.OutSegs}, in per cent: info, warning, critical. */
    public static final double RETRANS_RATIO_INFO_PCT = 0.1;
    /** See {@link #RETRANS_RATIO_INFO_PCT}. */
    public static final double RETRANS_RATIO_WARNING_PCT = 1;
    /** See {@link #RETRANS_RATIO_INFO_PCT}. */
    public static final double RETRANS_RATIO_CRITICAL_PCT = 5;

    /** FIN_WAIT2 and LAST_ACK sockets on the host: info, warning, critical. */
    public static final long LINGER_INFO = 10;
    /** See {@link #LINGER_INFO}. */
    public static final long LINGER_WARNING = 100;
    /** See {@link #LINGER_INFO}. */
    public static final long LINGER_CRITICAL = 1000;

    /** Orphaned TCP sockets as a share of {@code net.ipv4.tcp_max_orphans}: warning, critical. */
    public static final int ORPHANS_WARNING_PCT = 50;
    /** See {@link #ORPHANS_WARNING_PCT}. */
    public static final int ORPHANS_CRITICAL_PCT = 80;
    /** Orphaned TCP sockets worth an info when the limit is unknown. */
    public static final long ORPHANS_INFO = 1000;

    /** Packets dropped by TCP sockets (skmem {@code d}) in total: warning from this many (info from one). */
    public static final long TCP_DROPS_WARNING = 1000;

    /**
     * {@code Udp.RcvbufErrors} since boot (no rate) as a share of the datagrams that arrived
     * ({@code InDatagrams + RcvbufErrors}), in per cent: warning from this share.
     */
    public static final double UDP_DROP_SHARE_WARNING_PCT = 0.1;
    /** {@code Udp.RcvbufErrors} since boot when {@code Udp.InDatagrams} is unknown: warning from this many. */
    public static final long UDP_DROPS_WARNING = 10_000;

    /** UDP drops per second (the {@code rate.} keys of a watch): critical from this rate up. */
    public static final double UDP_DROP_RATE_CRITICAL = 100;

    /** Flows whose buffer is smaller than twice their bandwidth-delay product: warning from this many. */
    public static final long BUFFER_LIMITED_WARNING = 10;
    /** A flow's {@code rb} below this fraction of {@code tcp_rmem}'s maximum looks fixed by SO_RCVBUF. */
    public static final int RMEM_FIXED_FRACTION = 4;

    /** TIME_WAIT sockets to one remote address and port: info, warning. */
    public static final long SHORT_CONNECTIONS_INFO = 100;
    /** See {@link #SHORT_CONNECTIONS_INFO}. */
    public static final long SHORT_CONNECTIONS_WARNING = 1000;

    /** FIN_WAIT1 sockets toward one remote address: info, warning, critical. */
    public static final long FIN_WAIT1_INFO = 10;
    /** See {@link #FIN_WAIT1_INFO}. */
    public static final long FIN_WAIT1_WARNING = 100;
    /** See {@link #FIN_WAIT1_INFO}. */
    public static final long FIN_WAIT1_CRITICAL = 1000;

    /**
     * ESTABLISHED connections from one remote address on one local port: info, warning. Load balancers and proxies
     * hold hundreds legitimately; thousands from one address is a client that opens and never closes.
     */
    public static final long ESTABLISHED_PILE_INFO = 500;
    /** See {@link #ESTABLISHED_PILE_INFO}. */
    public static final long ESTABLISHED_PILE_WARNING = 2000;

    /** FIN_WAIT2/CLOSE_WAIT pairs on this host: warning from this many (info from one). */
    public static final long HALF_CLOSED_WARNING = 10;

    /** Unparsed lines as a share of all lines: warning from this share up (info below). */
    public static final int UNPARSED_WARNING_PCT = 10;

    private Thresholds() {
    }
}
