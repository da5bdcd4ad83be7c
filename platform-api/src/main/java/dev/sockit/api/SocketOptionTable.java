package dev.sockit.api;

import dev.sockit.api.OptionKey.Level;
import dev.sockit.api.OptionKey.Role;
import dev.sockit.api.OptionKey.Support;
import dev.sockit.api.OptionKey.Type;

import java.net.StandardSocketOptions;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every socket option sockit knows, in one place: the config's {@code options}, the servers' mappers and
 * read-backs, {@code sockit options}, the analyzer's advice and the docs iterate over it instead of naming options
 * one by one. The order of {@link #all()} is the order options are listed, applied and reported in. Linux numbers
 * are those of the generic headers (x86, arm); a test compiles each level and name with gcc and compares.
 */
public final class SocketOptionTable {

    /** SO_REUSEADDR: bind a port that connections in TIME_WAIT still use. */
    public static final OptionKey<Boolean> REUSE_ADDRESS = OptionKey.builder("reuseAddress", Boolean.class,
                    Type.BOOLEAN)
            .socket(Level.SOL_SOCKET, "SO_REUSEADDR", 2).on(Role.LISTENER, Role.DATAGRAM)
            .standard(StandardSocketOptions.SO_REUSEADDR)
            .meaning("bind a local address that sockets in TIME_WAIT still hold")
            .build();
    /** SO_REUSEPORT: several sockets on one port, balanced by the kernel. */
    public static final OptionKey<Boolean> REUSE_PORT = OptionKey.builder("reusePort", Boolean.class, Type.BOOLEAN)
            .socket(Level.SOL_SOCKET, "SO_REUSEPORT", 15).on(Role.LISTENER, Role.DATAGRAM).support(Support.NATIVE)
            .standard(StandardSocketOptions.SO_REUSEPORT)
            .meaning("several sockets bind one port and the kernel balances between them (Linux, BSD)")
            .kernel("Linux hashes each new connection or datagram to one of the sockets of the same user")
            .build();
    /** TCP_NODELAY: disable Nagle's algorithm. */
    public static final OptionKey<Boolean> TCP_NO_DELAY = OptionKey.builder("tcpNoDelay", Boolean.class,
                    Type.BOOLEAN)
            .socket(Level.IPPROTO_TCP, "TCP_NODELAY", 1).on(Role.CONNECTION)
            .standard(StandardSocketOptions.TCP_NODELAY)
            .meaning("send small segments at once instead of waiting to coalesce them (Nagle's algorithm off)")
            .build();
    /** SO_KEEPALIVE: probe an idle connection. */
    public static final OptionKey<Boolean> KEEP_ALIVE = OptionKey.builder("keepAlive", Boolean.class, Type.BOOLEAN)
            .socket(Level.SOL_SOCKET, "SO_KEEPALIVE", 9).on(Role.CONNECTION)
            .standard(StandardSocketOptions.SO_KEEPALIVE)
            .meaning("probe an idle connection and drop it when the peer is gone")
            .kernel("without TCP_KEEPIDLE the first probe waits net.ipv4.tcp_keepalive_time (7200 s by default)")
            .build();
    /** TCP_KEEPIDLE: idle time before the first keep-alive probe, whole seconds. */
    public static final OptionKey<Duration> KEEP_ALIVE_IDLE = OptionKey.builder("keepAliveIdle", Duration.class,
                    Type.DURATION)
            .range(1, 32767, ChronoUnit.SECONDS)
            .socket(Level.IPPROTO_TCP, "TCP_KEEPIDLE", 4).on(Role.CONNECTION).support(Support.LINUX_NATIVE)
            .jdk("TCP_KEEPIDLE")
            .meaning("idle time before the first keep-alive probe")
            .kernel("whole seconds: a fraction is rounded up (500ms is 1s)")
            .build();
    /** TCP_KEEPINTVL: time between keep-alive probes, whole seconds. */
    public static final OptionKey<Duration> KEEP_ALIVE_INTERVAL = OptionKey.builder("keepAliveInterval",
                    Duration.class, Type.DURATION)
            .range(1, 32767, ChronoUnit.SECONDS)
            .socket(Level.IPPROTO_TCP, "TCP_KEEPINTVL", 5).on(Role.CONNECTION).support(Support.LINUX_NATIVE)
            .jdk("TCP_KEEPINTERVAL")
            .meaning("time between keep-alive probes")
            .kernel("whole seconds: a fraction is rounded up")
            .build();
    /** TCP_KEEPCNT: unanswered probes before the connection drops. */
    public static final OptionKey<Integer> KEEP_ALIVE_COUNT = OptionKey.builder("keepAliveCount", Integer.class,
                    Type.INT)
            .range(1, 127)
            .socket(Level.IPPROTO_TCP, "TCP_KEEPCNT", 6).on(Role.CONNECTION).support(Support.LINUX_NATIVE)
            .jdk("TCP_KEEPCOUNT")
            .meaning("unanswered keep-alive probes before the connection drops")
            .build();
    /** SO_LINGER: how long close() waits for unsent data; 0s resets on close. */
    public static final OptionKey<Duration> SO_LINGER = OptionKey.builder("soLinger", Duration.class, Type.DURATION)
            .range(0, 65535, ChronoUnit.SECONDS)
            .socket(Level.SOL_SOCKET, "SO_LINGER", 13).on(Role.CONNECTION)
            .standard(StandardSocketOptions.SO_LINGER)
            .meaning("how long close() waits for unsent data; 0s resets the connection on close")
            .kernel("whole seconds (struct linger's l_linger)")
            .build();
    /** SO_SNDBUF in bytes. */
    public static final OptionKey<Integer> SEND_BUFFER_SIZE = OptionKey.builder("sendBufferSize", Integer.class,
                    Type.SIZE)
            .range(1, Integer.MAX_VALUE)
            .socket(Level.SOL_SOCKET, "SO_SNDBUF", 7).on(Role.CONNECTION, Role.DATAGRAM).unixDomain()
            .standard(StandardSocketOptions.SO_SNDBUF)
            .meaning("the socket's send buffer")
            .kernel("Linux doubles the request and caps it at net.core.wmem_max; setting it turns off autotuning")
            .build();
    /** SO_RCVBUF in bytes. */
    public static final OptionKey<Integer> RECEIVE_BUFFER_SIZE = OptionKey.builder("receiveBufferSize",
                    Integer.class, Type.SIZE)
            .range(1, Integer.MAX_VALUE)
            .socket(Level.SOL_SOCKET, "SO_RCVBUF", 8).on(Role.CONNECTION, Role.DATAGRAM).unixDomain()
            .standard(StandardSocketOptions.SO_RCVBUF)
            .meaning("the socket's receive buffer")
            .kernel("Linux doubles the request and caps it at net.core.rmem_max; setting it turns off autotuning")
            .build();
    /** The listen(2) backlog. */
    public static final OptionKey<Integer> BACKLOG = OptionKey.builder("backlog", Integer.class, Type.INT)
            .range(1, 65535)
            .call("listen").on(Role.LISTENER).unixDomain()
            .meaning("connections the kernel completes and queues before the server accepts them (listen(2))")
            .kernel("capped at net.core.somaxconn without an error; no getsockopt reports it")
            .build();
    /** IP_TOS / IPV6_TCLASS. */
    public static final OptionKey<Integer> TRAFFIC_CLASS = OptionKey.builder("trafficClass", Integer.class,
                    Type.INT)
            .range(0, 255)
            .socket(Level.IPPROTO_IP, "IP_TOS", 1).on(Role.CONNECTION, Role.DATAGRAM)
            .standard(StandardSocketOptions.IP_TOS)
            .meaning("the IP type of service (IPV6_TCLASS on an IPv6 socket): DSCP and ECN bits")
            .kernel("on TCP sockets the kernel keeps the two ECN bits (0x03) to itself")
            .build();
    /** TCP_FASTOPEN on the listener. */
    public static final OptionKey<Boolean> TCP_FAST_OPEN = OptionKey.builder("tcpFastOpen", Boolean.class,
                    Type.BOOLEAN)
            .socket(Level.IPPROTO_TCP, "TCP_FASTOPEN", 23).on(Role.LISTENER).support(Support.LINUX_NATIVE)
            .meaning("accept data in the SYN of a returning client (TCP Fast Open)")
            .kernel("a listener accepts Fast Open data only when net.ipv4.tcp_fastopen has bit 0x2")
            .build();
    /** TCP_QUICKACK. */
    public static final OptionKey<Boolean> TCP_QUICK_ACK = OptionKey.builder("tcpQuickAck", Boolean.class,
                    Type.BOOLEAN)
            .socket(Level.IPPROTO_TCP, "TCP_QUICKACK", 12).on(Role.CONNECTION).support(Support.LINUX_NATIVE)
            .jdk("TCP_QUICKACK")
            .meaning("acknowledge at once instead of delaying ACKs")
            .kernel("not sticky: the kernel enters and leaves quick-ack mode as traffic flows")
            .build();
    /** TCP_CORK. */
    public static final OptionKey<Boolean> TCP_CORK = OptionKey.builder("tcpCork", Boolean.class, Type.BOOLEAN)
            .socket(Level.IPPROTO_TCP, "TCP_CORK", 3).on(Role.CONNECTION).support(Support.LINUX_NATIVE)
            .meaning("hold partial segments back until the cork is removed or 200 ms pass")
            .build();
    /** TCP_USER_TIMEOUT, milliseconds. */
    public static final OptionKey<Duration> TCP_USER_TIMEOUT = OptionKey.builder("tcpUserTimeout", Duration.class,
                    Type.DURATION)
            .range(0, Integer.MAX_VALUE, ChronoUnit.MILLIS)
            .socket(Level.IPPROTO_TCP, "TCP_USER_TIMEOUT", 18).on(Role.CONNECTION).support(Support.LINUX_NATIVE)
            .meaning("how long sent data may stay unacknowledged before the connection drops")
            .kernel("0 leaves it to the retransmission limits (net.ipv4.tcp_retries2)")
            .build();
    /** TCP_NOTSENT_LOWAT in bytes. */
    public static final OptionKey<Integer> TCP_NOT_SENT_LOWAT = OptionKey.builder("tcpNotSentLowat", Integer.class,
                    Type.SIZE)
            .range(1, Integer.MAX_VALUE)
            .socket(Level.IPPROTO_TCP, "TCP_NOTSENT_LOWAT", 25).on(Role.CONNECTION).support(Support.LINUX_NATIVE)
            .meaning("unsent bytes below which the socket reports writable")
            .kernel("0 reads back as following net.ipv4.tcp_notsent_lowat")
            .build();
    /** IPV6_V6ONLY. */
    public static final OptionKey<Boolean> IPV6_ONLY = OptionKey.builder("ipv6Only", Boolean.class, Type.BOOLEAN)
            .socket(Level.IPPROTO_IPV6, "IPV6_V6ONLY", 26).on(Role.LISTENER, Role.DATAGRAM)
            .meaning("an IPv6 socket serves IPv6 only, not IPv4 through mapped addresses")
            .kernel("the default is net.ipv6.bindv6only (0: dual-stack)")
            .build();
    /** SO_BROADCAST (UDP). */
    public static final OptionKey<Boolean> BROADCAST = OptionKey.builder("broadcast", Boolean.class, Type.BOOLEAN)
            .socket(Level.SOL_SOCKET, "SO_BROADCAST", 6).on(Role.DATAGRAM)
            .standard(StandardSocketOptions.SO_BROADCAST)
            .meaning("send datagrams to broadcast addresses")
            .build();

    private static final List<OptionKey<?>> ALL = List.of(REUSE_ADDRESS, REUSE_PORT, TCP_NO_DELAY, KEEP_ALIVE,
            KEEP_ALIVE_IDLE, KEEP_ALIVE_INTERVAL, KEEP_ALIVE_COUNT, SO_LINGER, SEND_BUFFER_SIZE, RECEIVE_BUFFER_SIZE,
            BACKLOG, TRAFFIC_CLASS, TCP_FAST_OPEN, TCP_QUICK_ACK, TCP_CORK, TCP_USER_TIMEOUT, TCP_NOT_SENT_LOWAT,
            IPV6_ONLY, BROADCAST);

    private static final Map<String, OptionKey<?>> BY_NAME = byNameMap();

    private SocketOptionTable() {
    }

    /** Every option, in the order they are listed, applied and reported in. */
    public static List<OptionKey<?>> all() {
        return ALL;
    }

    /** The option of config name {@code name} ({@code receiveBufferSize}, exact case), or {@code null}. */
    public static OptionKey<?> byName(String name) {
        return BY_NAME.get(name);
    }

    /** The config names of every option, in table order. */
    public static List<String> names() {
        return ALL.stream().map(OptionKey::name).toList();
    }

    private static Map<String, OptionKey<?>> byNameMap() {
        Map<String, OptionKey<?>> m = new LinkedHashMap<>();
        for (OptionKey<?> key : ALL) {
            if (m.put(key.name(), key) != null) {
                throw new IllegalStateException("two options named " + key.name());
            }
        }
        return Map.copyOf(m);
    }
}
