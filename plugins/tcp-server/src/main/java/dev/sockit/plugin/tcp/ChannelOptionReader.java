package dev.sockit.plugin.tcp;

import dev.sockit.api.OptionKey;
import dev.sockit.api.OptionKey.Support;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.Transport;
import dev.sockit.net.KernelVerdicts;
import dev.sockit.plugin.tcp.EffectiveOptions.Reading;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.net.SocketOption;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads socket options back from the Netty channels under a Vert.x connection: the accepted socket and, through
 * {@link Channel#parent()}, the listener that accepted it. Each read is a getsockopt on the real socket: Netty's
 * native transports call it on the file descriptor, NIO asks the JDK socket, which does the same.
 *
 * <p>The channel is reached through {@link NetSocketInternal#channelHandlerContext()}, which vertx-core exports in
 * {@code io.vertx.core.internal.net}. What to read comes from {@link SocketOptionTable}: the option's native name
 * is the name of Netty's option ({@code SO_RCVBUF}), a Linux-only option is looked up under the epoll or io_uring
 * class ({@code io.netty.channel.epoll.EpollChannelOption#TCP_KEEPIDLE}) so that the plugin needs no native
 * transport classes to compile or load, and a listener's option is read from the listener. Buffer sizes the JDK
 * read are turned into the kernel's figure ({@link KernelVerdicts#kernelFigureOfJdkRead}), so that every transport
 * reports what the kernel does.
 */
final class ChannelOptionReader {

    private static final String EPOLL_OPTIONS = "io.netty.channel.epoll.EpollChannelOption#";
    private static final String IO_URING_OPTIONS = "io.netty.channel.uring.IoUringChannelOption#";
    private static final String UNIX_OPTIONS = "io.netty.channel.unix.UnixChannelOption#";

    private ChannelOptionReader() {
    }

    /**
     * Reads {@code keys} from the accepted {@code socket} and its listener, by config name. Never throws: an option
     * that cannot be read is a {@link Reading#unreadable(String)} with the reason.
     */
    static Map<String, Reading> read(NetSocket socket, Transport transport, Collection<OptionKey<?>> keys) {
        Map<String, Reading> readings = new LinkedHashMap<>();
        if (!(socket instanceof NetSocketInternal)) {
            keys.forEach(key -> readings.put(key.name(), Reading.unreadable("Vert.x does not expose the channel of "
                    + socket.getClass().getName())));
            return readings;
        }
        Channel connection = ((NetSocketInternal) socket).channelHandlerContext().channel();
        for (OptionKey<?> key : keys) {
            readings.put(key.name(), read(connection, transport, key));
        }
        return readings;
    }

    private static Reading read(Channel connection, Transport transport, OptionKey<?> key) {
        if (!key.appliesTo(Protocol.TCP) || key == SocketOptionTable.IPV6_ONLY) {
            return Reading.unreadable("not read: it does not apply to a TCP server");
        }
        if (!key.isSocketOption() || key == SocketOptionTable.TCP_FAST_OPEN) {
            // The backlog has no getsockopt; the transports keep the TCP_FASTOPEN they set and do not ask the kernel.
            return Reading.unreadable("the " + transport.json() + " transport does not read " + key.name() + " back");
        }
        Channel channel = key.appliesTo(OptionKey.Role.LISTENER) ? connection.parent() : connection;
        ChannelOption<?> option = channelOption(key, transport);
        if (option == null) {
            return Reading.unreadable("the " + transport.json() + " transport does not read " + key.nativeName());
        }
        Reading reading = read(channel, option, key.nativeName(), transport);
        if (reading.readable() && KernelVerdicts.isBufferSize(key) && transport == Transport.NIO) {
            // NIO reads through the JDK, which halves buffer sizes on Linux; the native transports do not.
            return Reading.of(KernelVerdicts.kernelFigureOfJdkRead((Integer) reading.value()));
        }
        return reading;
    }

    /** Netty's option for {@code key} on {@code transport}, or {@code null} when the transport has none. */
    private static ChannelOption<?> channelOption(OptionKey<?> key, Transport transport) {
        if (key.support() == Support.LINUX_NATIVE) {
            String owner = transport == Transport.EPOLL ? EPOLL_OPTIONS
                    : transport == Transport.IO_URING ? IO_URING_OPTIONS : null;
            return owner == null ? null : ChannelOption.valueOf(owner + key.nativeName());
        }
        if (key.support() == Support.NATIVE) {
            return transport == Transport.NIO ? NioChannelOption.of((SocketOption<?>) key.standardOption())
                    : ChannelOption.valueOf(UNIX_OPTIONS + key.nativeName());
        }
        return ChannelOption.exists(key.nativeName()) ? ChannelOption.valueOf(key.nativeName()) : null;
    }

    private static Reading read(Channel channel, ChannelOption<?> option, String socketOption, Transport transport) {
        if (channel == null) {
            return Reading.unreadable("no listener channel to read " + socketOption + " from");
        }
        try {
            Object value = channel.config().getOption(option);
            return value == null
                    ? Reading.unreadable("the " + transport.json() + " transport does not read " + socketOption)
                    : Reading.of(value);
        } catch (ChannelException | UnsupportedOperationException e) {
            return Reading.unreadable("getsockopt(" + socketOption + ") failed: " + e.getMessage());
        }
    }
}
