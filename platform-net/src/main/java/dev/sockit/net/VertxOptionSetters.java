package dev.sockit.net;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Transport;
import io.vertx.core.net.NetworkOptions;
import io.vertx.core.net.TCPSSLOptions;

import java.util.Objects;

/**
 * The Vert.x setter of each option of the {@link SocketOptionTable}, written once for every process that hands
 * its socket options to Vert.x: the tcp server ({@code NetServerOptions}), the connection pool
 * ({@code NetClientOptions}) and the udp server ({@code DatagramSocketOptions}). Their common bases decide what
 * is here: {@link NetworkOptions} sets SO_REUSEADDR, SO_REUSEPORT, IP_TOS and the buffer sizes on any socket;
 * {@link TCPSSLOptions} adds the options of a TCP connection (TCP_NODELAY, the keep-alive family, SO_LINGER,
 * TCP_QUICKACK, TCP_CORK, TCP_USER_TIMEOUT). What only one kind of socket has (a listener's backlog and
 * TCP_FASTOPEN, a datagram socket's SO_BROADCAST) stays with the process that has it, passed in as an
 * {@link OwnSetter}; so do its reasons for not applying an option, passed in as a {@link Refusal}. Opens no
 * socket.
 *
 * <p>A value goes to Vert.x as the kernel takes it ({@link OptionKey#toKernel}): a duration in the option's unit,
 * a fraction of a second rounded up, so that 500ms of SO_LINGER is applied and reported as {@code 1s}, not as 0s.
 */
public final class VertxOptionSetters {

    private VertxOptionSetters() {
    }

    /** Why a process does not apply an option, before the transport is asked. */
    @FunctionalInterface
    public interface Refusal {

        /** The reason {@code key} is not applied; {@code null} when the process has none. */
        String reasonAgainst(OptionKey<?> key);
    }

    /**
     * Sets an option that the common bases have no setter for, on the process's own options.
     *
     * @param <O> the process's options type
     */
    @FunctionalInterface
    public interface OwnSetter<O> {

        /**
         * Sets {@code key} to {@code kernel} (its value as the kernel takes it) on {@code target}.
         *
         * @return whether this setter knows {@code key}
         */
        boolean set(O target, OptionKey<?> key, long kernel);
    }

    /**
     * Maps every option set in {@code options} onto {@code target}, in table order: an option is ignored with the
     * process's reason ({@code refusal}) or else the transport's ({@link OptionKey.Support#reasonAgainst}), and
     * otherwise set, by {@link #setTcpOption} or else by {@code own}.
     *
     * @param options   the options as configured
     * @param transport the transport in use ({@code ProcessContext.transport()})
     * @param target    the Vert.x options to set, made for this mapping
     * @param refusal   the process's reasons for leaving an option unset, asked first
     * @param own       the setters of the options only this process's kind of socket has
     * @return what was set (in config form) and what was not, with the reason
     * @throws IllegalStateException when an option is neither refused nor has a setter: a gap in the caller's
     *                               refusals, not bad input
     */
    public static <O extends TCPSSLOptions> OptionReport map(SocketOptions options, Transport transport, O target,
                                                             Refusal refusal, OwnSetter<? super O> own) {
        Objects.requireNonNull(options, "options");
        Objects.requireNonNull(transport, "transport");
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(refusal, "refusal");
        Objects.requireNonNull(own, "own");
        OptionReport.Builder report = new OptionReport.Builder();
        for (OptionKey<?> key : options.keys()) {
            String reason = refusal.reasonAgainst(key);
            if (reason == null) {
                reason = key.support().reasonAgainst(transport);
            }
            if (reason != null) {
                report.ignored(key.name(), reason);
            } else {
                report.applied(key.name(), apply(target, key, options, own));
            }
        }
        return report.build();
    }

    /**
     * As {@link #map(SocketOptions, Transport, TCPSSLOptions, Refusal, OwnSetter)}, for a process whose sockets
     * have no option beyond those of a TCP connection (a client's).
     */
    public static OptionReport map(SocketOptions options, Transport transport, TCPSSLOptions target,
                                   Refusal refusal) {
        return map(options, transport, target, refusal, (t, key, kernel) -> false);
    }

    private static <O extends TCPSSLOptions, T> String apply(O target, OptionKey<T> key, SocketOptions options,
                                                             OwnSetter<? super O> own) {
        T value = options.get(key);
        long kernel = key.toKernel(value);
        if (!setTcpOption(target, key, kernel) && !own.set(target, key, kernel)) {
            throw new IllegalStateException("no " + target.getClass().getSimpleName() + " setter for " + key
                    + " (expected: the caller refuses it)");
        }
        return reportForm(key, value);
    }

    /**
     * Sets an option that any socket has: SO_REUSEADDR, SO_REUSEPORT, IP_TOS, SO_SNDBUF or SO_RCVBUF.
     *
     * @param kernel the value as the kernel takes it ({@link OptionKey#toKernel})
     * @return whether {@code key} is one of them (and so was set)
     */
    public static boolean setSocketOption(NetworkOptions target, OptionKey<?> key, long kernel) {
        boolean on = kernel != 0;
        int number = (int) kernel;
        if (key == SocketOptionTable.REUSE_ADDRESS) {
            target.setReuseAddress(on);
        } else if (key == SocketOptionTable.REUSE_PORT) {
            target.setReusePort(on);
        } else if (key == SocketOptionTable.TRAFFIC_CLASS) {
            target.setTrafficClass(number);
        } else if (key == SocketOptionTable.SEND_BUFFER_SIZE) {
            target.setSendBufferSize(number);
        } else if (key == SocketOptionTable.RECEIVE_BUFFER_SIZE) {
            target.setReceiveBufferSize(number);
        } else {
            return false;
        }
        return true;
    }

    /**
     * Sets an option that a TCP socket has, server or client: those of {@link #setSocketOption} and TCP_NODELAY,
     * SO_KEEPALIVE, TCP_KEEPIDLE, TCP_KEEPINTVL, TCP_KEEPCNT, SO_LINGER, TCP_QUICKACK, TCP_CORK and
     * TCP_USER_TIMEOUT. Not TCP_FASTOPEN: Vert.x sets TCP_FASTOPEN on a server but TCP_FASTOPEN_CONNECT on a
     * client, two options under one setter.
     *
     * @param kernel the value as the kernel takes it ({@link OptionKey#toKernel})
     * @return whether {@code key} is one of them (and so was set)
     */
    public static boolean setTcpOption(TCPSSLOptions target, OptionKey<?> key, long kernel) {
        if (setSocketOption(target, key, kernel)) {
            return true;
        }
        boolean on = kernel != 0;
        int number = (int) kernel;
        if (key == SocketOptionTable.TCP_NO_DELAY) {
            target.setTcpNoDelay(on);
        } else if (key == SocketOptionTable.KEEP_ALIVE) {
            target.setTcpKeepAlive(on);
        } else if (key == SocketOptionTable.KEEP_ALIVE_IDLE) {
            target.setTcpKeepAliveIdleSeconds(number);
        } else if (key == SocketOptionTable.KEEP_ALIVE_INTERVAL) {
            target.setTcpKeepAliveIntervalSeconds(number);
        } else if (key == SocketOptionTable.KEEP_ALIVE_COUNT) {
            target.setTcpKeepAliveCount(number);
        } else if (key == SocketOptionTable.SO_LINGER) {
            target.setSoLinger(number);
        } else if (key == SocketOptionTable.TCP_QUICK_ACK) {
            target.setTcpQuickAck(on);
        } else if (key == SocketOptionTable.TCP_CORK) {
            target.setTcpCork(on);
        } else if (key == SocketOptionTable.TCP_USER_TIMEOUT) {
            target.setTcpUserTimeout(number);
        } else {
            return false;
        }
        return true;
    }

    /**
     * {@code value} as an {@link OptionReport} lists it: a duration as the kernel takes it, in config form
     * ({@code 1s} for 500ms of SO_LINGER), anything else as it was configured.
     */
    public static <T> String reportForm(OptionKey<T> key, T value) {
        return key.type() == OptionKey.Type.DURATION ? String.valueOf(key.configForm(key.toKernel(value)))
                : value.toString();
    }
}
