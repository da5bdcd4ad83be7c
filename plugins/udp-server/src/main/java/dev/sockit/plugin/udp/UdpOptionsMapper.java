package dev.sockit.plugin.udp;

import dev.sockit.api.SocketOptions;
import io.vertx.core.datagram.DatagramSocketOptions;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Maps the socket options of a {@link UdpServerConfig} for the transport in use. An option the transport
 * applies is listed as applied; one it cannot apply, or one that is for TCP only, is listed as ignored with the
 * reason, so that the server can warn about it. Opens no socket.
 *
 * <p>The options split in two. SO_REUSEADDR, SO_REUSEPORT, SO_BROADCAST, IP_TOS and SO_SNDBUF go into Vert.x
 * {@link DatagramSocketOptions}, which Vert.x's transport applies to the channel (SO_REUSEPORT on a native
 * transport only: epoll, io_uring, kqueue). SO_RCVBUF, IP_MULTICAST_TTL and IP_MULTICAST_LOOP are kept apart and
 * set on the channel by the server itself: Vert.x 5.2 sizes the per-datagram read buffer from
 * {@code receiveBufferSize} too, and applies the multicast options on NIO only (see {@link UdpServerVerticle}).
 * No transport sets IPV6_V6ONLY on a datagram socket.
 */
final class UdpOptionsMapper {

    /** The Java NIO transport, which Vert.x uses when no native transport is active. */
    static final String NIO = "nio";
    /** The Linux epoll transport. */
    static final String EPOLL = "epoll";
    /** The Linux io_uring transport. */
    static final String IO_URING = "io_uring";
    /** The BSD and macOS kqueue transport. */
    static final String KQUEUE = "kqueue";

    private static final String TCP_ONLY = "applies to TCP sockets only";

    private UdpOptionsMapper() {
    }

    /**
     * Maps the options of {@code config} for a server on {@code transport}.
     *
     * @param config    the config, for its {@code options}, {@code multicastTtl} and {@code multicastLoopback}
     * @param transport the Vert.x transport in use: {@link #NIO}, {@link #EPOLL}, {@link #IO_URING} or
     *                  {@link #KQUEUE}
     */
    static Mapping map(UdpServerConfig config, String transport) {
        Objects.requireNonNull(config, "config");
        SocketOptions options = config.options();
        Mapper m = new Mapper(Objects.requireNonNull(transport, "transport"));
        DatagramSocketOptions d = m.datagram;
        m.set("reuseAddress", options.reuseAddress(), false, d::setReuseAddress);
        m.set("reusePort", options.reusePort(), true, d::setReusePort);
        m.set("broadcast", options.broadcast(), false, d::setBroadcast);
        m.set("trafficClass", options.trafficClass(), false, d::setTrafficClass);
        m.set("sendBufferSize", options.sendBufferSize(), false, d::setSendBufferSize);
        m.set("receiveBufferSize", options.receiveBufferSize(), false, v -> { });
        m.set("multicastTtl", config.multicastTtl(), false, v -> { });
        m.set("multicastLoopback", config.multicastLoopback(), false, v -> { });
        m.ignore("ipv6Only", options.ipv6Only(), "no Vert.x transport sets IPV6_V6ONLY on a datagram socket; bind"
                + " an IPv6 address (not ::) to serve IPv6 only");
        m.ignore("tcpNoDelay", options.tcpNoDelay(), TCP_ONLY);
        m.ignore("keepAlive", options.keepAlive(), TCP_ONLY);
        m.ignore("keepAliveIdle", options.keepAliveIdle(), TCP_ONLY);
        m.ignore("keepAliveInterval", options.keepAliveInterval(), TCP_ONLY);
        m.ignore("keepAliveCount", options.keepAliveCount(), TCP_ONLY);
        m.ignore("soLinger", options.soLinger(), TCP_ONLY);
        m.ignore("backlog", options.backlog(), TCP_ONLY);
        m.ignore("tcpFastOpen", options.tcpFastOpen(), TCP_ONLY);
        m.ignore("tcpQuickAck", options.tcpQuickAck(), TCP_ONLY);
        m.ignore("tcpCork", options.tcpCork(), TCP_ONLY);
        m.ignore("tcpUserTimeout", options.tcpUserTimeout(), TCP_ONLY);
        m.ignore("tcpNotSentLowat", options.tcpNotSentLowat(), TCP_ONLY);
        return new Mapping(d, m.applied.containsKey("receiveBufferSize") ? options.receiveBufferSize() : null,
                config.multicastTtl(), config.multicastLoopback(), m.applied, m.ignored);
    }

    /**
     * The outcome of a mapping.
     *
     * @param receiveBufferSize the SO_RCVBUF to set, or {@code null} to keep the operating system's default
     * @param multicastTtl      the IP_MULTICAST_TTL to set, or {@code null}
     * @param multicastLoopback the IP_MULTICAST_LOOP to set, or {@code null}
     * @param applied           what is set, by option name, in the config form of its value ({@code 65536})
     * @param ignored           what is not set, by option name, with the reason
     */
    record Mapping(DatagramSocketOptions datagram, Integer receiveBufferSize, Integer multicastTtl,
                   Boolean multicastLoopback, Map<String, String> applied, Map<String, String> ignored) {

        Mapping {
            datagram = new DatagramSocketOptions(datagram);
            applied = Collections.unmodifiableMap(new LinkedHashMap<>(applied));
            ignored = Collections.unmodifiableMap(new LinkedHashMap<>(ignored));
        }

        /**
         * A copy of the options Vert.x's transport applies: reuse, broadcast, traffic class, send buffer. Its
         * receive buffer size is never set, so that Vert.x leaves SO_RCVBUF and the read buffer alone.
         */
        @Override
        public DatagramSocketOptions datagram() {
            return new DatagramSocketOptions(datagram);
        }

        /** Whether SO_REUSEPORT is set, so that several sockets can bind the port. */
        boolean reusesPort() {
            return "true".equals(applied.get("reusePort"));
        }

        /** One sentence per ignored option: {@code option tcpNoDelay ignored: applies to TCP sockets only}. */
        List<String> warnings() {
            List<String> out = new ArrayList<>(ignored.size());
            ignored.forEach((name, reason) -> out.add("option " + name + " ignored: " + reason));
            return out;
        }
    }

    /** Collects what one mapping applied and ignored. */
    private static final class Mapper {
        final String transport;
        final DatagramSocketOptions datagram = new DatagramSocketOptions();
        final Map<String, String> applied = new LinkedHashMap<>();
        final Map<String, String> ignored = new LinkedHashMap<>();

        Mapper(String transport) {
            this.transport = transport;
        }

        <T> void set(String name, T value, boolean nativeOnly, Consumer<T> setter) {
            if (value == null) {
                return;
            }
            if (nativeOnly && transport.equals(NIO)) {
                ignored.put(name, "needs a native transport (epoll, io_uring or kqueue); " + transport + " is in use");
            } else {
                setter.accept(value);
                applied.put(name, value.toString());
            }
        }

        void ignore(String name, Object value, String reason) {
            if (value != null) {
                ignored.put(name, reason);
            }
        }
    }
}
