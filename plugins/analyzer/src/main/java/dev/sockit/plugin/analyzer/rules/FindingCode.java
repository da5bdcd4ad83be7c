package dev.sockit.plugin.analyzer.rules;

import java.util.List;

/**
 * The codes a {@link dev.sockit.api.Finding} of the analyzer carries. They are a contract: scripts match on them,
 * so a code is never renamed or reused for another meaning. {@code docs/analyzer-findings.md} documents each one.
 */
public final class FindingCode {

    /** Sockets the peer closed and the local application did not. */
    public static final String CLOSE_WAIT_LEAK = "close_wait_leak";
    /** Very many sockets in TIME_WAIT on the host. */
    public static final String TIME_WAIT_STORM = "time_wait_storm";
    /** One destination uses most of the local ephemeral port range. */
    public static final String EPHEMERAL_PORT_EXHAUSTION = "ephemeral_port_exhaustion";
    /** A listener's accept queue is full or the kernel counts overflowed accept queues. */
    public static final String LISTEN_BACKLOG_OVERFLOW = "listen_backlog_overflow";
    /** Half-open connections pile up on a listening port. */
    public static final String SYN_RECV_FLOOD = "syn_recv_flood";
    /** Connection attempts that get no answer. */
    public static final String SYN_SENT_UNANSWERED = "syn_sent_unanswered";
    /** Received data the local application does not read. */
    public static final String RECEIVE_BUFFER_FULL = "receive_buffer_full";
    /** Sent data the peer does not acknowledge: the peer is not reading or the path is slow. */
    public static final String SEND_QUEUE_BACKLOG = "send_queue_backlog";
    /** The peer advertises a zero receive window. */
    public static final String ZERO_WINDOW = "zero_window";
    /** Segments retransmitted: loss, congestion or an unreachable peer. */
    public static final String RETRANSMISSIONS = "retransmissions";
    /** Sockets closed locally whose peer never closes its side. */
    public static final String FIN_WAIT2_LINGERING = "fin_wait2_lingering";
    /** Sockets waiting for the peer to acknowledge the local close. */
    public static final String LAST_ACK_LINGERING = "last_ack_lingering";
    /** TCP sockets no process holds any more, near the kernel's limit. */
    public static final String ORPHANED_SOCKETS = "orphaned_sockets";
    /** TCP memory near or above the kernel's pressure thresholds. */
    public static final String SOCKET_MEMORY_PRESSURE = "socket_memory_pressure";
    /** TCP sockets that dropped packets at the socket (skmem {@code d}). */
    public static final String TCP_SOCKET_DROPS = "tcp_socket_drops";
    /** UDP datagrams dropped because a socket's receive buffer was full. */
    public static final String UDP_RECEIVE_BUFFER_DROPS = "udp_receive_buffer_drops";
    /** Socket buffers too small for the bandwidth-delay product of their flows. */
    public static final String BUFFER_SIZES = "buffer_sizes";
    /** Many short-lived connections to one peer and port. */
    public static final String MANY_SHORT_CONNECTIONS = "many_short_connections";
    /** Listeners bound to every interface. */
    public static final String LISTEN_ALL_INTERFACES = "listen_all_interfaces";
    /** Both ends of loopback connections on this host, one in FIN_WAIT2 and the other in CLOSE_WAIT. */
    public static final String HALF_CLOSED_CONNECTIONS = "half_closed_connections";
    /** FIN_WAIT1 sockets piling up toward one peer: our FIN is not acknowledged. */
    public static final String FIN_WAIT1_PILEUP = "fin_wait1_pileup";
    /** ESTABLISHED connections piling up from one peer on one local port: a connection leak in that peer. */
    public static final String ESTABLISHED_PILEUP = "established_pileup";
    /** Input lines the parser could not read. */
    public static final String UNPARSED_INPUT = "unparsed_input";

    /** Every code, in the order the documentation lists them. */
    public static final List<String> ALL = List.of(CLOSE_WAIT_LEAK, TIME_WAIT_STORM, EPHEMERAL_PORT_EXHAUSTION,
            LISTEN_BACKLOG_OVERFLOW, SYN_RECV_FLOOD, SYN_SENT_UNANSWERED, RECEIVE_BUFFER_FULL, SEND_QUEUE_BACKLOG,
            ZERO_WINDOW, RETRANSMISSIONS, FIN_WAIT2_LINGERING, LAST_ACK_LINGERING, ORPHANED_SOCKETS,
            SOCKET_MEMORY_PRESSURE, TCP_SOCKET_DROPS, UDP_RECEIVE_BUFFER_DROPS, BUFFER_SIZES, MANY_SHORT_CONNECTIONS,
            LISTEN_ALL_INTERFACES, HALF_CLOSED_CONNECTIONS, UNPARSED_INPUT, FIN_WAIT1_PILEUP, ESTABLISHED_PILEUP);

    private FindingCode() {
    }
}
