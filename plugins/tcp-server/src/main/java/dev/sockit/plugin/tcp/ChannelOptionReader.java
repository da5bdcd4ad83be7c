package dev.sockit.plugin.tcp;

import dev.sockit.plugin.tcp.EffectiveOptions.Reading;
import io.netty.channel.Channel;
import io.netty.channel.ChannelException;
import io.netty.channel.ChannelOption;
import io.netty.channel.socket.nio.NioChannelOption;
import io.vertx.core.internal.net.NetSocketInternal;
import io.vertx.core.net.NetSocket;

import java.net.StandardSocketOptions;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Reads socket options back from the Netty channels under a Vert.x connection: the accepted socket and, through
 * {@link Channel#parent()}, the listener that accepted it. Each read is a getsockopt on the real socket: Netty's
 * native transports call it on the file descriptor, NIO asks the JDK socket, which does the same.
 *
 * <p>The channel is reached through {@link NetSocketInternal#channelHandlerContext()}, which vertx-core exports in
 * {@code io.vertx.core.internal.net}. The Linux-only options are looked up by the names Netty gives them
 * ({@code io.netty.channel.epoll.EpollChannelOption#TCP_KEEPIDLE}), so that the plugin needs no native transport
 * classes to compile or load. On Linux the JDK halves the buffer sizes it reads (to hide the kernel's doubling);
 * they are doubled back, so that every transport reports what the kernel does.
 */
final class ChannelOptionReader {

    private static final String EPOLL_OPTIONS = "io.netty.channel.epoll.EpollChannelOption#";
    private static final String IO_URING_OPTIONS = "io.netty.channel.uring.IoUringChannelOption#";
    private static final String UNIX_OPTIONS = "io.netty.channel.unix.UnixChannelOption#";
    /**
     * Whether the JDK halves SO_RCVBUF and SO_SNDBUF when it reads them, as it does on Linux to hide the kernel's
     * doubling; the NIO transport reads through the JDK.
     */
    private static final boolean JDK_HALVES_BUFFERS =
            System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("linux");

    private ChannelOptionReader() {
    }

    /**
     * Reads {@code names} (config names such as {@code receiveBufferSize}) from the accepted {@code socket} and its
     * listener. Never throws: an option that cannot be read is a {@link Reading#unreadable(String)} with the reason.
     */
    static Map<String, Reading> read(NetSocket socket, String transport, Collection<String> names) {
        Map<String, Reading> readings = new LinkedHashMap<>();
        if (!(socket instanceof NetSocketInternal)) {
            names.forEach(name -> readings.put(name, Reading.unreadable("Vert.x does not expose the channel of "
                    + socket.getClass().getName())));
            return readings;
        }
        Channel connection = ((NetSocketInternal) socket).channelHandlerContext().channel();
        for (String name : names) {
            readings.put(name, read(connection, transport, name));
        }
        return readings;
    }

    private static Reading read(Channel connection, String transport, String name) {
        switch (name) {
            case "reuseAddress":
                return read(connection.parent(), ChannelOption.SO_REUSEADDR, "SO_REUSEADDR", transport);
            case "reusePort":
                return read(connection.parent(), transport.equals(TcpOptionsMapper.NIO)
                        ? NioChannelOption.of(StandardSocketOptions.SO_REUSEPORT)
                        : ChannelOption.valueOf(UNIX_OPTIONS + "SO_REUSEPORT"), "SO_REUSEPORT", transport);
            case "tcpNoDelay":
                return read(connection, ChannelOption.TCP_NODELAY, "TCP_NODELAY", transport);
            case "keepAlive":
                return read(connection, ChannelOption.SO_KEEPALIVE, "SO_KEEPALIVE", transport);
            case "soLinger":
                return read(connection, ChannelOption.SO_LINGER, "SO_LINGER", transport);
            case "sendBufferSize":
                return kernelBuffer(read(connection, ChannelOption.SO_SNDBUF, "SO_SNDBUF", transport), transport);
            case "receiveBufferSize":
                return kernelBuffer(read(connection, ChannelOption.SO_RCVBUF, "SO_RCVBUF", transport), transport);
            case "trafficClass":
                return read(connection, ChannelOption.IP_TOS, "IP_TOS", transport);
            case "keepAliveIdle":
                return readLinux(connection, "TCP_KEEPIDLE", transport);
            case "keepAliveInterval":
                return readLinux(connection, "TCP_KEEPINTVL", transport);
            case "keepAliveCount":
                return readLinux(connection, "TCP_KEEPCNT", transport);
            case "tcpQuickAck":
                return readLinux(connection, "TCP_QUICKACK", transport);
            case "tcpCork":
                return readLinux(connection, "TCP_CORK", transport);
            case "tcpUserTimeout":
                return readLinux(connection, "TCP_USER_TIMEOUT", transport);
            case "tcpNotSentLowat":
                return readLinux(connection, "TCP_NOTSENT_LOWAT", transport);
            case "ipv6Only":
            case "broadcast":
                return Reading.unreadable("not read: it does not apply to a TCP server");
            default:
                return Reading.unreadable("the " + transport + " transport does not read " + name + " back");
        }
    }

    /** A buffer size as the kernel reports it: what the JDK halved is doubled back. */
    private static Reading kernelBuffer(Reading reading, String transport) {
        if (reading.readable() && JDK_HALVES_BUFFERS && transport.equals(TcpOptionsMapper.NIO)) {
            return Reading.of(2 * ((Integer) reading.value()));
        }
        return reading;
    }

    /** An option only the Linux native transports (epoll, io_uring) know. */
    private static Reading readLinux(Channel channel, String option, String transport) {
        String owner = transport.equals(TcpOptionsMapper.EPOLL) ? EPOLL_OPTIONS
                : transport.equals(TcpOptionsMapper.IO_URING) ? IO_URING_OPTIONS : null;
        if (owner == null) {
            return Reading.unreadable("the " + transport + " transport does not read " + option);
        }
        return read(channel, ChannelOption.valueOf(owner + option), option, transport);
    }

    private static Reading read(Channel channel, ChannelOption<?> option, String socketOption, String transport) {
        if (channel == null) {
            return Reading.unreadable("no listener channel to read " + socketOption + " from");
        }
        try {
            Object value = channel.config().getOption(option);
            return value == null
                    ? Reading.unreadable("the " + transport + " transport does not read " + socketOption)
                    : Reading.of(value);
        } catch (ChannelException | UnsupportedOperationException e) {
            return Reading.unreadable("getsockopt(" + socketOption + ") failed: " + e.getMessage());
        }
    }
}
