package dev.sockit.plugin.generator;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import dev.sockit.api.SocketOptions;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Turns the request's socket options into Java statements, walking the one socket-option table: a
 * {@code setOption(StandardSocketOptions.X, v)} or {@code ExtendedSocketOptions.X} call on a JDK channel, a Netty
 * {@code ChannelOption}, or a comment saying why the JDK cannot set it. Every statement carries the option's meaning
 * and what the kernel does with it.
 */
final class JavaOptions {

    /**
     * The options every JDK channel supports on every platform; the others are set only where supported (an
     * {@code AsynchronousSocketChannel} has no SO_LINGER or IP_TOS, SO_REUSEPORT is missing on Windows).
     */
    private static final Set<String> ALWAYS = Set.of("SO_REUSEADDR", "TCP_NODELAY", "SO_KEEPALIVE", "SO_SNDBUF",
            "SO_RCVBUF");
    /** The Netty {@code ChannelOption} constants named like the JDK's standard options. */
    private static final Set<String> NETTY = Set.of("SO_REUSEADDR", "TCP_NODELAY", "SO_KEEPALIVE", "SO_SNDBUF",
            "SO_RCVBUF", "SO_LINGER", "IP_TOS");

    /** The {@code NetServerOptions} setter of each option Vert.x can set. */
    private static final Map<OptionKey<?>, String> VERTX = vertxSetters();
    /** The {@code DatagramSocketOptions} setter of each datagram option Vert.x can set. */
    private static final Map<OptionKey<?>, String> VERTX_DATAGRAM = Map.of(
            SocketOptionTable.REUSE_ADDRESS, "setReuseAddress",
            SocketOptionTable.REUSE_PORT, "setReusePort",
            SocketOptionTable.SEND_BUFFER_SIZE, "setSendBufferSize",
            SocketOptionTable.TRAFFIC_CLASS, "setTrafficClass",
            SocketOptionTable.BROADCAST, "setBroadcast");

    private JavaOptions() {
    }

    /**
     * The statements that set the options of {@code role} on the JDK channel {@code var}: standard options directly,
     * the ones a platform may lack through {@code setIfSupported(var, OPTION, value)} (the template defines it).
     */
    static String channelLines(SocketOptions options, OptionKey.Role role, String var, String indent) {
        StringBuilder out = new StringBuilder();
        for (OptionKey<?> key : options.keys()) {
            if (!key.appliesTo(role)) {
                continue;
            }
            comment(out, key, indent);
            if (!settable(key)) {
                out.append(indent).append("// ").append(whyNot(key)).append('\n');
                continue;
            }
            String constant = constant(key);
            String value = literal(key, options.get(key));
            if (always(key)) {
                out.append(indent).append(var).append(".setOption(").append(constant).append(", ").append(value)
                        .append(");\n");
            } else {
                out.append(indent).append("setIfSupported(").append(var).append(", ").append(constant).append(", ")
                        .append(value).append(");\n");
            }
        }
        return Templates.fitComments(out.toString());
    }

    /**
     * The bootstrap calls that set the options of {@code role} in a Netty program: {@code method} is
     * {@code option} for the listener and {@code childOption} for accepted channels.
     */
    static String nettyLines(SocketOptions options, OptionKey.Role role, String method, String indent) {
        StringBuilder out = new StringBuilder();
        for (OptionKey<?> key : options.keys()) {
            if (!key.appliesTo(role)) {
                continue;
            }
            comment(out, key, indent);
            if (!settable(key)) {
                out.append(indent).append("// ").append(whyNot(key)).append('\n');
                continue;
            }
            String value = literal(key, options.get(key));
            String option = NETTY.contains(key.jdkName()) && key.standardOption() != null
                    ? "ChannelOption." + key.jdkName()
                    : "NioChannelOption.of(" + constant(key) + ")";
            out.append(indent).append('.').append(method).append('(').append(option).append(", ").append(value)
                    .append(")\n");
        }
        return Templates.fitComments(out.toString());
    }

    /**
     * The {@code NetServerOptions} setter calls for every option of a Vert.x server (listener and connection
     * options alike: Vert.x applies each where it belongs).
     */
    static String vertxLines(SocketOptions options, String indent) {
        return vertxSetterLines(options, indent,
                key -> key.appliesTo(OptionKey.Role.LISTENER) || key.appliesTo(OptionKey.Role.CONNECTION), VERTX,
                key -> key == SocketOptionTable.BACKLOG
                        ? "not a socket option: setAcceptBacklog(BACKLOG) below takes it"
                        : "Vert.x's NetServerOptions has no setter for " + key.nativeName());
    }

    /**
     * The {@code NetClientOptions} setter calls for the connection options of a Vert.x client (the same setters as
     * the server's: both inherit them from {@code TCPSSLOptions}).
     */
    static String vertxClientLines(SocketOptions options, String indent) {
        return vertxSetterLines(options, indent, key -> key.appliesTo(OptionKey.Role.CONNECTION), VERTX,
                key -> "Vert.x's NetClientOptions has no setter for " + key.nativeName());
    }

    /**
     * The {@code DatagramSocketOptions} setter calls for the options of a Vert.x UDP socket. SO_RCVBUF is a comment:
     * the template sets it last, at least as large as a datagram (see {@link #vertxReceiveBuffer}).
     */
    static String vertxDatagramLines(SocketOptions options, String indent) {
        return vertxSetterLines(options, indent, key -> key.appliesTo(OptionKey.Role.DATAGRAM), VERTX_DATAGRAM,
                key -> key == SocketOptionTable.RECEIVE_BUFFER_SIZE
                        ? "  set below with setReceiveBufferSize, raised to a datagram's size if smaller"
                        : "Vert.x's DatagramSocketOptions has no setter for " + key.nativeName());
    }

    /**
     * One Vert.x options setter call per option {@code applies} accepts, each under its comment; an option without
     * a setter in {@code setters} gets the comment {@code without} gives it instead.
     */
    private static String vertxSetterLines(SocketOptions options, String indent, Predicate<OptionKey<?>> applies,
            Map<OptionKey<?>, String> setters, Function<OptionKey<?>, String> without) {
        StringBuilder out = new StringBuilder();
        for (OptionKey<?> key : options.keys()) {
            if (!applies.test(key)) {
                continue;
            }
            comment(out, key, indent);
            String setter = setters.get(key);
            if (setter == null) {
                out.append(indent).append("// ").append(without.apply(key)).append('\n');
                continue;
            }
            if (key.support() != OptionKey.Support.ANY) {
                out.append(indent).append("//   Vert.x applies it with a native transport only ")
                        .append("(netty-transport-native-epoll on the class path); on the JDK's NIO it is ignored\n");
            }
            out.append(indent).append('.').append(setter).append('(').append(literal(key, options.get(key)))
                    .append(")\n");
        }
        return Templates.fitComments(out.toString());
    }

    /** The receive buffer size of a Vert.x UDP socket: the option's value, but never less than {@code least}. */
    static int vertxReceiveBuffer(SocketOptions options, int least) {
        Object value = options.get(SocketOptionTable.RECEIVE_BUFFER_SIZE);
        return value instanceof Number n ? (int) Math.max(least, n.longValue()) : least;
    }

    /** The line comment naming the option, what it does and what the kernel does with it. */
    private static void comment(StringBuilder out, OptionKey<?> key, String indent) {
        out.append(indent).append("// ").append(key.nativeName()).append(" (").append(key.name()).append("): ")
                .append(key.meaning()).append('\n');
        if (!key.kernelNote().isEmpty()) {
            out.append(indent).append("//   kernel: ").append(key.kernelNote()).append('\n');
        }
    }

    private static Map<OptionKey<?>, String> vertxSetters() {
        Map<OptionKey<?>, String> m = new HashMap<>();
        m.put(SocketOptionTable.REUSE_ADDRESS, "setReuseAddress");
        m.put(SocketOptionTable.REUSE_PORT, "setReusePort");
        m.put(SocketOptionTable.TCP_NO_DELAY, "setTcpNoDelay");
        m.put(SocketOptionTable.KEEP_ALIVE, "setTcpKeepAlive");
        m.put(SocketOptionTable.SO_LINGER, "setSoLinger");
        m.put(SocketOptionTable.SEND_BUFFER_SIZE, "setSendBufferSize");
        m.put(SocketOptionTable.RECEIVE_BUFFER_SIZE, "setReceiveBufferSize");
        m.put(SocketOptionTable.TRAFFIC_CLASS, "setTrafficClass");
        m.put(SocketOptionTable.TCP_FAST_OPEN, "setTcpFastOpen");
        m.put(SocketOptionTable.TCP_QUICK_ACK, "setTcpQuickAck");
        m.put(SocketOptionTable.TCP_CORK, "setTcpCork");
        m.put(SocketOptionTable.TCP_USER_TIMEOUT, "setTcpUserTimeout");
        return Map.copyOf(m);
    }

    private static boolean settable(OptionKey<?> key) {
        return key.isSocketOption() && key.jdkName() != null;
    }

    private static boolean always(OptionKey<?> key) {
        return key.standardOption() != null && ALWAYS.contains(key.jdkName());
    }

    private static String constant(OptionKey<?> key) {
        return (key.standardOption() != null ? "StandardSocketOptions." : "ExtendedSocketOptions.") + key.jdkName();
    }

    private static String whyNot(OptionKey<?> key) {
        if (!key.isSocketOption()) {
            return "not a socket option: the " + key.nativeName() + " call takes it (the BACKLOG constant)";
        }
        return "the JDK cannot set " + key.nativeName() + " (no StandardSocketOptions or ExtendedSocketOptions "
                + "constant); a native transport (Netty epoll) or a C program can";
    }

    /** The value as a Java literal of the option's JDK type: {@code true}, {@code 65536}, seconds for durations. */
    private static String literal(OptionKey<?> key, Object value) {
        if (value instanceof Boolean b) {
            return b.toString();
        }
        if (value instanceof Duration d) {
            return Long.toString(toKernel(key, d));
        }
        return Long.toString(((Number) value).longValue());
    }

    @SuppressWarnings("unchecked")
    private static long toKernel(OptionKey<?> key, Duration d) {
        return ((OptionKey<Duration>) key).toKernel(d);
    }
}
