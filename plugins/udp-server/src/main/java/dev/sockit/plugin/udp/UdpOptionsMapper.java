package dev.sockit.plugin.udp;

import dev.sockit.api.OptionKey;
import dev.sockit.api.OptionKey.Support;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import dev.sockit.net.OptionReport;
import dev.sockit.net.VertxOptionSetters;
import io.vertx.core.datagram.DatagramSocketOptions;

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
 * transport only: epoll, io_uring, kqueue); their setters, but SO_BROADCAST's, are {@link VertxOptionSetters}'.
 * SO_RCVBUF, IP_MULTICAST_TTL and IP_MULTICAST_LOOP are kept apart and set on the channel by the server itself:
 * Vert.x 5.2 sizes the per-datagram read buffer from {@code receiveBufferSize} too, and applies the multicast
 * options on NIO only (see {@link UdpServerVerticle}).
 * No transport sets IPV6_V6ONLY on a datagram socket. Which options apply to UDP and which transports can apply
 * them is {@link SocketOptionTable}'s to say.
 */
final class UdpOptionsMapper {

    private static final String TCP_ONLY = "applies to TCP sockets only";

    /** The options Vert.x's transport applies to the channel, in the order they are listed. */
    private static final List<OptionKey<?>> VERTX_APPLIES = List.of(SocketOptionTable.REUSE_ADDRESS,
            SocketOptionTable.REUSE_PORT, SocketOptionTable.BROADCAST, SocketOptionTable.TRAFFIC_CLASS,
            SocketOptionTable.SEND_BUFFER_SIZE);

    /** Datagram options no Vert.x transport sets, with the reason. */
    private static final Map<OptionKey<?>, String> NOT_SETTABLE = Map.of(SocketOptionTable.IPV6_ONLY,
            "no Vert.x transport sets " + SocketOptionTable.IPV6_ONLY.nativeName() + " on a datagram socket; bind an"
                    + " IPv6 address (not ::) to serve IPv6 only");

    private UdpOptionsMapper() {
    }

    /**
     * Sets {@code key} on {@code datagram}: SO_BROADCAST here, the options any socket has by
     * {@link VertxOptionSetters}.
     */
    private static <T> void set(DatagramSocketOptions datagram, OptionKey<T> key, T value) {
        long kernel = key.toKernel(value);
        if (key == SocketOptionTable.BROADCAST) {
            datagram.setBroadcast(kernel != 0);
        } else if (!VertxOptionSetters.setSocketOption(datagram, key, kernel)) {
            throw new IllegalStateException("no DatagramSocketOptions setter for " + key);
        }
    }

    /**
     * Maps the options of {@code config} for a server on {@code transport}.
     *
     * @param config    the config, for its {@code options}, {@code multicastTtl} and {@code multicastLoopback}
     * @param transport the transport in use ({@code ProcessContext.transport()})
     */
    static Mapping map(UdpServerConfig config, Transport transport) {
        Objects.requireNonNull(config, "config");
        SocketOptions options = config.options();
        Mapper m = new Mapper(Objects.requireNonNull(transport, "transport"));
        for (OptionKey<?> key : VERTX_APPLIES) {
            m.setVertx(key, options);
        }
        m.set(SocketOptionTable.RECEIVE_BUFFER_SIZE.name(), options.receiveBufferSize(), Support.ANY, v -> { });
        m.set("multicastTtl", config.multicastTtl(), Support.ANY, v -> { });
        m.set("multicastLoopback", config.multicastLoopback(), Support.ANY, v -> { });
        // Every other option set is ignored with its reason: the datagram ones no transport sets first, then those
        // of TCP, each in table order.
        for (OptionKey<?> key : options.keys()) {
            String name = key.name();
            if (key.appliesTo(Protocol.UDP) && !m.report.has(name)) {
                m.report.ignored(name, NOT_SETTABLE.getOrDefault(key, "udp-server cannot set " + key.nativeName()));
            }
        }
        for (OptionKey<?> key : options.keys()) {
            if (!key.appliesTo(Protocol.UDP)) {
                m.report.ignored(key.name(), TCP_ONLY);
            }
        }
        String receive = SocketOptionTable.RECEIVE_BUFFER_SIZE.name();
        return new Mapping(m.datagram, m.report.isApplied(receive) ? options.receiveBufferSize() : null,
                config.multicastTtl(), config.multicastLoopback(), m.report.build());
    }

    /**
     * The outcome of a mapping.
     *
     * @param datagram          the options set, made by the mapper for this mapping alone; read through
     *                          {@link #datagram()}
     * @param receiveBufferSize the SO_RCVBUF to set, or {@code null} to keep the operating system's default
     * @param multicastTtl      the IP_MULTICAST_TTL to set, or {@code null}
     * @param multicastLoopback the IP_MULTICAST_LOOP to set, or {@code null}
     * @param report            what is set and what is not, with the reason
     */
    record Mapping(DatagramSocketOptions datagram, Integer receiveBufferSize, Integer multicastTtl,
                   Boolean multicastLoopback, OptionReport report) {

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
            return "true".equals(report.applied().get(SocketOptionTable.REUSE_PORT.name()));
        }
    }

    /** Collects what one mapping applied and ignored. */
    private static final class Mapper {
        final Transport transport;
        final DatagramSocketOptions datagram = new DatagramSocketOptions();
        final OptionReport.Builder report = new OptionReport.Builder();

        Mapper(Transport transport) {
            this.transport = transport;
        }

        /** Sets {@code key}, if configured, on the options Vert.x's transport applies. */
        <T> void setVertx(OptionKey<T> key, SocketOptions options) {
            set(key.name(), options.get(key), key.support(), v -> UdpOptionsMapper.set(datagram, key, v));
        }

        <T> void set(String name, T value, Support support, Consumer<T> setter) {
            if (value == null) {
                return;
            }
            String reason = support.reasonAgainst(transport);
            if (reason != null) {
                report.ignored(name, reason);
            } else {
                setter.accept(value);
                report.applied(name, value.toString());
            }
        }
    }
}
