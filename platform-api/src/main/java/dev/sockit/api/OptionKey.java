package dev.sockit.api;

import java.net.SocketOption;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * One socket option, typed by the Java value a config gives it ({@link Boolean}, {@link Integer} or
 * {@link Duration}), with everything its users need: the config name ({@code receiveBufferSize}), the native level
 * and name ({@code SOL_SOCKET}/{@code SO_RCVBUF}) with their Linux numbers, the sockets it applies to, its value
 * type with range and kernel unit, the transports that can apply it, the {@link java.net.StandardSocketOptions}
 * constant where there is one, a meaning and a kernel note. The constants live in {@link SocketOptionTable}; there
 * is no other way to make one.
 *
 * @param <T> the Java type of the option's value
 */
public final class OptionKey<T> {

    /** The native level of a socket option: the {@code level} argument of setsockopt(2). */
    public enum Level {
        /** Socket-level options. */
        SOL_SOCKET(1),
        /** IPv4 options. */
        IPPROTO_IP(0),
        /** TCP options. */
        IPPROTO_TCP(6),
        /** IPv6 options. */
        IPPROTO_IPV6(41);

        private final int linux;

        Level(int linux) {
            this.linux = linux;
        }

        /** The level's number in Linux's headers. */
        public int linuxNumber() {
            return linux;
        }
    }

    /** A socket an option applies to. */
    public enum Role {
        /** A TCP listener (set before listen(2); accepted sockets inherit buffer sizes from it). */
        LISTENER(Protocol.TCP),
        /** A TCP connection, accepted or connected. */
        CONNECTION(Protocol.TCP),
        /** A UDP socket. */
        DATAGRAM(Protocol.UDP);

        private final Protocol protocol;

        Role(Protocol protocol) {
            this.protocol = protocol;
        }

        /** The protocol of such a socket. */
        public Protocol protocol() {
            return protocol;
        }
    }

    /** How a config states an option's value. */
    public enum Type {
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** A whole number. */
        INT,
        /** A size in bytes: {@code 65536} or {@code 64KiB}. */
        SIZE,
        /** A duration: {@code 250ms}, {@code 10s}. */
        DURATION
    }

    /** The transports that can apply an option. */
    public enum Support {
        /** Every transport, the JDK's NIO included. */
        ANY,
        /** A native transport: epoll, io_uring or kqueue. */
        NATIVE,
        /** A Linux native transport: epoll or io_uring. */
        LINUX_NATIVE;

        /** Whether {@code transport} can apply the option. */
        public boolean appliesOn(Transport transport) {
            switch (this) {
                case NATIVE:
                    return transport.isNative();
                case LINUX_NATIVE:
                    return transport.isLinuxNative();
                default:
                    return true;
            }
        }

        /** Why {@code transport} cannot apply the option, in words for a warning; {@code null} when it can. */
        public String reasonAgainst(Transport transport) {
            if (appliesOn(transport)) {
                return null;
            }
            return this == NATIVE
                    ? "needs a native transport (epoll, io_uring or kqueue); " + transport.json() + " is in use"
                    : "needs a Linux native transport (epoll or io_uring); " + transport.json() + " is in use";
        }
    }

    private final String name;
    private final Class<T> valueType;
    private final Type type;
    private final long min;
    private final long max;
    private final ChronoUnit unit;
    private final Level level;
    private final String nativeName;
    private final int linuxNumber;
    private final Set<Role> roles;
    private final Support support;
    private final boolean unixDomain;
    private final SocketOption<?> standardOption;
    private final String jdkName;
    private final String meaning;
    private final String kernelNote;

    OptionKey(OptionKeyBuilder<T> b) {
        this.name = b.name;
        this.valueType = b.valueType;
        this.type = b.type;
        this.min = b.min;
        this.max = b.max;
        this.unit = b.unit;
        this.level = b.level;
        this.nativeName = Objects.requireNonNull(b.nativeName, "nativeName");
        this.linuxNumber = b.linuxNumber;
        this.roles = Set.copyOf(b.roles);
        this.support = b.support;
        this.unixDomain = b.unixDomain;
        this.standardOption = b.standardOption;
        this.jdkName = b.jdkName != null ? b.jdkName : b.standardOption != null ? b.standardOption.name() : null;
        this.meaning = Objects.requireNonNull(b.meaning, "meaning");
        this.kernelNote = b.kernelNote == null ? "" : b.kernelNote;
    }

    /** The name in a config's {@code options}: {@code receiveBufferSize}. */
    public String name() {
        return name;
    }

    /** The Java type of a value: {@code Boolean}, {@code Integer} or {@code Duration}. */
    public Class<T> valueType() {
        return valueType;
    }

    /** How a config states the value. */
    public Type type() {
        return type;
    }

    /** Whether the option is a boolean. */
    public boolean isBoolean() {
        return type == Type.BOOLEAN;
    }

    /** The least value a config may give, in {@link #unit()} for a duration; unused for a boolean. */
    public long min() {
        return min;
    }

    /** The greatest value a config may give, in {@link #unit()} for a duration; unused for a boolean. */
    public long max() {
        return max;
    }

    /**
     * The unit the kernel takes a duration in ({@link ChronoUnit#SECONDS} for TCP_KEEPIDLE, {@link ChronoUnit#MILLIS}
     * for TCP_USER_TIMEOUT); {@code null} for other types.
     */
    public ChronoUnit unit() {
        return unit;
    }

    /** The unit of the value as the kernel takes it, in words: {@code bytes}, {@code seconds}, or empty. */
    public String unitName() {
        if (type == Type.SIZE) {
            return "bytes";
        }
        if (unit == null) {
            return "";
        }
        return unit == ChronoUnit.MILLIS ? "milliseconds" : unit.toString().toLowerCase(Locale.ROOT);
    }

    /** The setsockopt(2) level; {@code null} for the listen(2) backlog, which is not a socket option. */
    public Level level() {
        return level;
    }

    /** Whether the option is set with setsockopt(2) (all but the backlog). */
    public boolean isSocketOption() {
        return level != null;
    }

    /** The native name: {@code SO_RCVBUF}; for the backlog, {@code listen}. */
    public String nativeName() {
        return nativeName;
    }

    /** The option's number in Linux's headers; -1 when it is no socket option. */
    public int linuxNumber() {
        return linuxNumber;
    }

    /** The sockets the option applies to. */
    public Set<Role> roles() {
        return roles;
    }

    /** Whether the option applies to a socket of {@code role}. */
    public boolean appliesTo(Role role) {
        return roles.contains(role);
    }

    /** The protocols of the sockets it applies to. */
    public Set<Protocol> protocols() {
        Set<Protocol> protocols = EnumSet.noneOf(Protocol.class);
        roles.forEach(r -> protocols.add(r.protocol()));
        return Collections.unmodifiableSet(protocols);
    }

    /** Whether the option applies to sockets of {@code protocol}. */
    public boolean appliesTo(Protocol protocol) {
        return roles.stream().anyMatch(r -> r.protocol() == protocol);
    }

    /** The transports that can apply it. */
    public Support support() {
        return support;
    }

    /** Whether it applies to a unix domain socket as well (the buffer sizes and the backlog). */
    public boolean appliesToUnixDomain() {
        return unixDomain;
    }

    /** The {@link java.net.StandardSocketOptions} constant, or {@code null} when the JDK has none. */
    public SocketOption<?> standardOption() {
        return standardOption;
    }

    /**
     * The name the JDK offers the option under: a {@link java.net.StandardSocketOptions} name or one of
     * {@code jdk.net.ExtendedSocketOptions} ({@code TCP_KEEPINTERVAL}); {@code null} when the JDK cannot set it.
     */
    public String jdkName() {
        return jdkName;
    }

    /** What the option does, in one line. */
    public String meaning() {
        return meaning;
    }

    /** What the kernel does with a request, in one line ("Linux doubles the request…"); empty if nothing. */
    public String kernelNote() {
        return kernelNote;
    }

    /** {@code value} as this option's type, or a {@link ClassCastException} naming the option. */
    public T cast(Object value) {
        if (value != null && !valueType.isInstance(value)) {
            throw new ClassCastException(name + " takes a " + valueType.getSimpleName() + ", not a "
                    + value.getClass().getSimpleName());
        }
        return valueType.cast(value);
    }

    /**
     * Checks a configured value against the range.
     *
     * @throws ConfigException naming the option, the value and the range: {@code backlog: 0 (expected: 1-65535)}
     */
    public T check(T value) {
        if (value == null) {
            return null;
        }
        switch (type) {
            case INT:
            case SIZE:
                Checks.inRange((Integer) value, (int) min, (int) max, name);
                break;
            case DURATION:
                Checks.inRangeOrNull((Duration) value, Duration.of(min, unit), Duration.of(max, unit), name);
                break;
            default:
                break;
        }
        return value;
    }

    /**
     * The value as setsockopt(2) takes it: {@code 1} or {@code 0} for a boolean, a duration in {@link #unit()}
     * (a fraction of a second rounds up: 500ms is 1s), a number as it is.
     */
    public long toKernel(T value) {
        Objects.requireNonNull(value, "value");
        if (value instanceof Boolean b) {
            return b ? 1 : 0;
        }
        if (value instanceof Duration d) {
            if (unit == ChronoUnit.MILLIS) {
                return d.toMillis();
            }
            long seconds = d.toSeconds();
            return d.equals(Duration.ofSeconds(seconds)) ? seconds : seconds + 1;
        }
        return ((Number) value).longValue();
    }

    /**
     * A value as a config writes it: a duration as {@code 30s}, anything else as it is. A number read back from a
     * socket for a duration option is taken in {@link #unit()}; a negative SO_LINGER is {@code off}.
     */
    public Object configForm(Object value) {
        if (value instanceof Duration d) {
            return Units.format(d);
        }
        if (type == Type.DURATION && value instanceof Number n) {
            return n.longValue() < 0 ? "off" : Units.format(Duration.of(n.longValue(), unit));
        }
        return value;
    }

    @Override
    public String toString() {
        return name;
    }

    static <T> OptionKeyBuilder<T> builder(String name, Class<T> valueType, Type type) {
        return new OptionKeyBuilder<>(name, valueType, type);
    }
}
