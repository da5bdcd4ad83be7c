package dev.sockit.net;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;

import java.util.Locale;

/**
 * What the kernel does to a requested socket option, written once for every server and probe: Linux doubles
 * SO_RCVBUF and SO_SNDBUF after capping them at {@code net.core.rmem_max} and {@code wmem_max}, and the JDK halves
 * what it reads back to hide that; the listen(2) backlog is capped at {@code net.core.somaxconn} without an error;
 * a listener accepts Fast Open data only when {@code net.ipv4.tcp_fastopen} has bit {@code 0x2}; on TCP sockets the
 * kernel keeps the two ECN bits of IP_TOS to itself. Pure.
 */
public final class KernelVerdicts {

    /** Whether this JVM runs on Linux, whose rules these are. */
    public static final boolean LINUX = System.getProperty("os.name", "").toLowerCase(Locale.ROOT)
            .startsWith("linux");
    /** {@code net.ipv4.tcp_fastopen} bit without which no listener accepts data in a SYN, TCP_FASTOPEN or not. */
    public static final int FASTOPEN_SERVER = 0x2;
    /** The two ECN bits of IP_TOS, which the kernel manages on TCP sockets. */
    public static final int ECN_MASK = 0x03;

    private KernelVerdicts() {
    }

    /** Whether the kernel doubles SO_RCVBUF and SO_SNDBUF requests (Linux: the extra half is bookkeeping). */
    public static boolean kernelDoublesBuffers() {
        return LINUX;
    }

    /**
     * The kernel's own figure for a buffer size the JDK read with getsockopt: on Linux the JDK halves it to hide the
     * doubling, so it is doubled back; it is what {@code ss -m} shows. Only for values read through the JDK (the NIO
     * transport, {@code java.nio.channels}); Netty's native transports report the kernel's figure.
     */
    public static int kernelFigureOfJdkRead(int jdkValue) {
        return LINUX ? 2 * jdkValue : jdkValue;
    }

    /** Whether {@code option} is a socket buffer size, which Linux caps and doubles (SO_RCVBUF, SO_SNDBUF). */
    public static boolean isBufferSize(OptionKey<?> option) {
        return option == SocketOptionTable.RECEIVE_BUFFER_SIZE || option == SocketOptionTable.SEND_BUFFER_SIZE;
    }

    /** The backlog the kernel gives a listen(2) request of {@code requested}: at most {@code somaxconn}. */
    public static int backlog(int requested, int somaxconn) {
        return Math.min(requested, somaxconn);
    }

    /** Whether {@code net.ipv4.tcp_fastopen = value} lets listeners accept Fast Open data. */
    public static boolean fastOpenForServers(int value) {
        return (value & FASTOPEN_SERVER) != 0;
    }

    /** The {@code net.ipv4.tcp_fastopen} value that keeps {@code value}'s bits and enables it for listeners. */
    public static int withFastOpenForServers(int value) {
        return value | FASTOPEN_SERVER;
    }

    /** Whether IP_TOS {@code requested} and {@code effective} differ in the ECN bits only. */
    public static boolean differsInEcnOnly(int requested, int effective) {
        return (requested & ~ECN_MASK) == (effective & ~ECN_MASK);
    }

    /** {@code tos} with the two ECN bits clear. */
    public static int withoutEcn(int tos) {
        return tos & ~ECN_MASK;
    }

    /**
     * The verdict on a buffer size.
     *
     * @param option    {@code receiveBufferSize} or {@code sendBufferSize}
     * @param requested the bytes requested
     * @param effective the bytes the kernel reports (its own figure: see {@link #kernelFigureOfJdkRead})
     * @param max       its cap ({@code net.core.rmem_max} or {@code wmem_max}), or {@code null} when unknown
     * @param doubles   whether the kernel doubles requests ({@link #kernelDoublesBuffers()})
     */
    public static BufferVerdict buffer(OptionKey<Integer> option, int requested, long effective, Integer max,
                                       boolean doubles) {
        return new BufferVerdict(option, requested, effective, max, doubles);
    }
}
