package dev.sockit.plugin.tcp;

import dev.sockit.api.OptionKey;
import dev.sockit.api.Protocol;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import dev.sockit.net.OptionReport;
import dev.sockit.net.VertxOptionSetters;
import io.vertx.core.net.NetServerOptions;

import java.util.Map;
import java.util.Objects;

/**
 * Maps {@link SocketOptions} onto Vert.x {@link NetServerOptions} for the transport in use. An option the
 * transport applies is set and listed as applied; one it cannot apply is listed as ignored with the reason, so
 * that the server can warn about it. Which transports apply an option, and whether it applies to TCP and to a unix
 * domain socket, is {@link SocketOptionTable}'s to say; the Vert.x setter of each is {@link VertxOptionSetters}',
 * but for the options only a listener has (the backlog, TCP_FASTOPEN), which are here. Opens no socket.
 *
 * <p>What each transport applies, as of Vert.x 5.2: every transport applies SO_REUSEADDR, TCP_NODELAY,
 * SO_KEEPALIVE, SO_LINGER, the buffer sizes, the backlog and IP_TOS; a native transport (epoll, io_uring,
 * kqueue) adds SO_REUSEPORT; the Linux ones (epoll, io_uring) add TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT,
 * TCP_FASTOPEN, TCP_QUICKACK, TCP_CORK and TCP_USER_TIMEOUT. No transport applies TCP_NOTSENT_LOWAT or
 * IPV6_V6ONLY to a server, and SO_BROADCAST is for UDP.
 */
final class TcpOptionsMapper {

    /** Options a TCP server cannot set through Vert.x, with the reason. */
    private static final Map<OptionKey<?>, String> NOT_SETTABLE = Map.of(
            SocketOptionTable.TCP_NOT_SENT_LOWAT, "Vert.x cannot set "
                    + SocketOptionTable.TCP_NOT_SENT_LOWAT.nativeName() + " on a server",
            SocketOptionTable.IPV6_ONLY, "Vert.x cannot set " + SocketOptionTable.IPV6_ONLY.nativeName()
                    + " on a TCP server; bind a specific address to choose the family");

    private TcpOptionsMapper() {
    }

    /**
     * Maps {@code options} for a server on {@code transport}.
     *
     * @param options   the options as configured
     * @param transport the transport in use ({@code ProcessContext.transport()})
     */
    static Mapping map(SocketOptions options, Transport transport) {
        return map(options, transport, false);
    }

    /**
     * Maps {@code options} for a server on {@code transport}; on a unix domain socket only the buffer sizes and
     * the backlog apply, and every other option set is ignored with that reason.
     */
    static Mapping map(SocketOptions options, Transport transport, boolean unixSocket) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(transport, "transport");
        NetServerOptions server = new NetServerOptions();
        OptionReport report = VertxOptionSetters.map(options, transport, server,
                key -> reasonAgainst(key, unixSocket), TcpOptionsMapper::setListenerOption);
        return new Mapping(server, report);
    }

    /**
     * Why {@code key} is not applied to a server, before the transport is asked ({@link VertxOptionSetters#map});
     * {@code null} when the server has no objection.
     */
    private static String reasonAgainst(OptionKey<?> key, boolean unixSocket) {
        if (!key.appliesTo(Protocol.TCP)) {
            return key.nativeName() + " applies to UDP sockets only";
        }
        String notSettable = NOT_SETTABLE.get(key);
        if (notSettable != null) {
            return notSettable;
        }
        if (unixSocket && !key.appliesToUnixDomain()) {
            return "applies to TCP sockets, not to a unix domain socket";
        }
        return null;
    }

    /**
     * Sets an option only a listening socket has: the backlog and TCP_FASTOPEN (on a client Vert.x's
     * {@code setTcpFastOpen} sets TCP_FASTOPEN_CONNECT, another option). The others are
     * {@link VertxOptionSetters}'.
     */
    private static boolean setListenerOption(NetServerOptions server, OptionKey<?> key, long kernel) {
        if (key == SocketOptionTable.BACKLOG) {
            server.setAcceptBacklog((int) kernel);
        } else if (key == SocketOptionTable.TCP_FAST_OPEN) {
            server.setTcpFastOpen(kernel != 0);
        } else {
            return false;
        }
        return true;
    }

    /**
     * The outcome of a mapping.
     *
     * @param server the options set, made by the mapper for this mapping alone; read through {@link #server()}
     * @param report what was set and what was not, with the reason
     */
    record Mapping(NetServerOptions server, OptionReport report) {

        /** A copy of the server options, for the caller to complete with host, port and timeouts. */
        @Override
        public NetServerOptions server() {
            return new NetServerOptions(server);
        }
    }
}
