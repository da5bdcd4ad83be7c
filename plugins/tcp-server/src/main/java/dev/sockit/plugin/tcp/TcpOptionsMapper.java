package dev.sockit.plugin.tcp;

import dev.sockit.api.SocketOptions;
import dev.sockit.api.Units;
import io.vertx.core.net.NetServerOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Maps {@link SocketOptions} onto Vert.x {@link NetServerOptions} for the transport in use. An option the
 * transport applies is set and listed as applied; one it cannot apply is listed as ignored with the reason, so
 * that the server can warn about it. Opens no socket.
 *
 * <p>What each transport applies, as of Vert.x 5.2: every transport applies SO_REUSEADDR, TCP_NODELAY,
 * SO_KEEPALIVE, SO_LINGER, the buffer sizes, the backlog and IP_TOS; a native transport (epoll, io_uring,
 * kqueue) adds SO_REUSEPORT; the Linux ones (epoll, io_uring) add TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT,
 * TCP_FASTOPEN, TCP_QUICKACK, TCP_CORK and TCP_USER_TIMEOUT. No transport applies TCP_NOTSENT_LOWAT or
 * IPV6_V6ONLY to a server, and SO_BROADCAST is for UDP.
 */
final class TcpOptionsMapper {

    /** The Java NIO transport, which Vert.x uses when no native transport is active. */
    static final String NIO = "nio";
    /** The Linux epoll transport. */
    static final String EPOLL = "epoll";
    /** The Linux io_uring transport. */
    static final String IO_URING = "io_uring";
    /** The BSD and macOS kqueue transport. */
    static final String KQUEUE = "kqueue";

    private TcpOptionsMapper() {
    }

    /**
     * Maps {@code options} for a server on {@code transport}.
     *
     * @param options   the options as configured
     * @param transport the Vert.x transport in use: {@link #NIO}, {@link #EPOLL}, {@link #IO_URING} or
     *                  {@link #KQUEUE}
     */
    static Mapping map(SocketOptions options, String transport) {
        return map(options, transport, false);
    }

    /**
     * Maps {@code options} for a server on {@code transport}; on a unix domain socket only the buffer sizes and
     * the backlog apply, and every other option set is ignored with that reason.
     */
    static Mapping map(SocketOptions options, String transport, boolean unixSocket) {
        Objects.requireNonNull(options, "options");
        Mapper m = new Mapper(Objects.requireNonNull(transport, "transport"), unixSocket);
        NetServerOptions n = m.server;
        m.set("reuseAddress", options.reuseAddress(), Support.ANY, n::setReuseAddress);
        m.set("reusePort", options.reusePort(), Support.NATIVE, n::setReusePort);
        m.set("tcpNoDelay", options.tcpNoDelay(), Support.ANY, n::setTcpNoDelay);
        m.set("keepAlive", options.keepAlive(), Support.ANY, n::setTcpKeepAlive);
        m.set("keepAliveIdle", toSeconds(options.keepAliveIdle()), Support.LINUX_NATIVE,
                d -> n.setTcpKeepAliveIdleSeconds((int) d.toSeconds()));
        m.set("keepAliveInterval", toSeconds(options.keepAliveInterval()), Support.LINUX_NATIVE,
                d -> n.setTcpKeepAliveIntervalSeconds((int) d.toSeconds()));
        m.set("keepAliveCount", options.keepAliveCount(), Support.LINUX_NATIVE, n::setTcpKeepAliveCount);
        m.set("soLinger", toSeconds(options.soLinger()), Support.ANY, d -> n.setSoLinger((int) d.toSeconds()));
        m.set("sendBufferSize", options.sendBufferSize(), Support.ANY, n::setSendBufferSize);
        m.set("receiveBufferSize", options.receiveBufferSize(), Support.ANY, n::setReceiveBufferSize);
        m.set("backlog", options.backlog(), Support.ANY, n::setAcceptBacklog);
        m.set("trafficClass", options.trafficClass(), Support.ANY, n::setTrafficClass);
        m.set("tcpFastOpen", options.tcpFastOpen(), Support.LINUX_NATIVE, n::setTcpFastOpen);
        m.set("tcpQuickAck", options.tcpQuickAck(), Support.LINUX_NATIVE, n::setTcpQuickAck);
        m.set("tcpCork", options.tcpCork(), Support.LINUX_NATIVE, n::setTcpCork);
        m.set("tcpUserTimeout", options.tcpUserTimeout(), Support.LINUX_NATIVE,
                d -> n.setTcpUserTimeout((int) d.toMillis()));
        m.ignore("tcpNotSentLowat", options.tcpNotSentLowat(),
                "Vert.x cannot set TCP_NOTSENT_LOWAT on a server");
        m.ignore("ipv6Only", options.ipv6Only(),
                "Vert.x cannot set IPV6_V6ONLY on a TCP server; bind a specific address to choose the family");
        m.ignore("broadcast", options.broadcast(), "SO_BROADCAST applies to UDP sockets only");
        return new Mapping(n, m.applied, m.ignored);
    }

    /** SO_LINGER and the keep-alive times are whole seconds: a fraction rounds up, so 500ms is 1s, not 0s. */
    private static Duration toSeconds(Duration d) {
        if (d == null) {
            return null;
        }
        long seconds = d.toSeconds();
        return Duration.ofSeconds(d.equals(Duration.ofSeconds(seconds)) ? seconds : seconds + 1);
    }

    /**
     * The outcome of a mapping.
     *
     * @param applied what was set, by option name, in the config form of its value ({@code 65536}, {@code 10s})
     * @param ignored what was not set, by option name, with the reason
     */
    record Mapping(NetServerOptions server, Map<String, String> applied, Map<String, String> ignored) {

        Mapping {
            server = new NetServerOptions(server);
            applied = Collections.unmodifiableMap(new LinkedHashMap<>(applied));
            ignored = Collections.unmodifiableMap(new LinkedHashMap<>(ignored));
        }

        /** A copy of the server options, for the caller to complete with host, port and timeouts. */
        @Override
        public NetServerOptions server() {
            return new NetServerOptions(server);
        }

        /** One sentence per ignored option: {@code option tcpCork ignored: needs …}. */
        List<String> warnings() {
            List<String> out = new ArrayList<>(ignored.size());
            ignored.forEach((name, reason) -> out.add("option " + name + " ignored: " + reason));
            return out;
        }
    }

    /** Which transports apply an option. */
    private enum Support {
        ANY, NATIVE, LINUX_NATIVE;

        /** Why {@code transport} cannot apply the option, or {@code null} when it can. */
        String reasonAgainst(String transport) {
            switch (this) {
                case NATIVE:
                    return transport.equals(NIO)
                            ? "needs a native transport (epoll, io_uring or kqueue); " + transport + " is in use"
                            : null;
                case LINUX_NATIVE:
                    return transport.equals(EPOLL) || transport.equals(IO_URING) ? null
                            : "needs a Linux native transport (epoll or io_uring); " + transport + " is in use";
                default:
                    return null;
            }
        }
    }

    /** Collects what one mapping applied and ignored. */
    private static final class Mapper {
        /** The options that apply to a unix domain socket as well. */
        private static final Set<String> UNIX_SOCKET_OPTIONS = Set.of("sendBufferSize", "receiveBufferSize",
                "backlog");

        final String transport;
        final boolean unixSocket;
        final NetServerOptions server = new NetServerOptions();
        final Map<String, String> applied = new LinkedHashMap<>();
        final Map<String, String> ignored = new LinkedHashMap<>();

        Mapper(String transport, boolean unixSocket) {
            this.transport = transport;
            this.unixSocket = unixSocket;
        }

        <T> void set(String name, T value, Support support, Consumer<T> setter) {
            if (value == null) {
                return;
            }
            String reason = unixSocket && !UNIX_SOCKET_OPTIONS.contains(name)
                    ? "applies to TCP sockets, not to a unix domain socket" : support.reasonAgainst(transport);
            if (reason != null) {
                ignored.put(name, reason);
            } else {
                setter.accept(value);
                applied.put(name, value instanceof Duration d ? Units.format(d) : value.toString());
            }
        }

        void ignore(String name, Object value, String reason) {
            if (value != null) {
                ignored.put(name, reason);
            }
        }
    }
}
