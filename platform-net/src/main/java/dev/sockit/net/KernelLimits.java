package dev.sockit.net;

import dev.sockit.api.OptionKey;
import dev.sockit.api.SocketOptionTable;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.Objects;
import java.util.OptionalLong;
import java.util.function.Function;

/**
 * The Linux limits that decide what the kernel makes of requested socket options, as {@code /proc/sys} states
 * them. A limit is {@code null} where its file is missing (not Linux, a restricted {@code /proc}) or unreadable.
 *
 * @param rmemMax     {@code net.core.rmem_max}: the largest SO_RCVBUF a process may request
 * @param wmemMax     {@code net.core.wmem_max}: the largest SO_SNDBUF a process may request
 * @param somaxconn   {@code net.core.somaxconn}: the largest listen(2) backlog
 * @param tcpRmem     {@code net.ipv4.tcp_rmem}: the range receive-buffer autotuning works in
 * @param tcpWmem     {@code net.ipv4.tcp_wmem}: the range send-buffer autotuning works in
 * @param tcpFastOpen {@code net.ipv4.tcp_fastopen}: bit {@code 0x2} enables Fast Open on listeners
 */
public record KernelLimits(Integer rmemMax, Integer wmemMax, Integer somaxconn, TcpMem tcpRmem, TcpMem tcpWmem,
                           Integer tcpFastOpen) {

    /** The sysctl that caps SO_RCVBUF. */
    public static final String RMEM_MAX = "net.core.rmem_max";
    /** The sysctl that caps SO_SNDBUF. */
    public static final String WMEM_MAX = "net.core.wmem_max";
    /** The sysctl that caps the listen(2) backlog. */
    public static final String SOMAXCONN = "net.core.somaxconn";
    /** The range TCP receive buffers autotune in. */
    public static final String TCP_RMEM = "net.ipv4.tcp_rmem";
    /** The range TCP send buffers autotune in. */
    public static final String TCP_WMEM = "net.ipv4.tcp_wmem";
    /** Which sides may use TCP Fast Open. */
    public static final String TCP_FASTOPEN = "net.ipv4.tcp_fastopen";

    /** No limit known. */
    public static final KernelLimits UNKNOWN = new KernelLimits(null, null, null, null, null, null);

    /** Reads the limits from {@code sysctl} ({@link Sysctl#host()} for this host); blocks, so not on an event loop. */
    public static KernelLimits read(Sysctl sysctl) {
        Objects.requireNonNull(sysctl, "sysctl");
        return new KernelLimits(integer(sysctl.number(RMEM_MAX)), integer(sysctl.number(WMEM_MAX)),
                integer(sysctl.number(SOMAXCONN)), TcpMem.of(sysctl.numbers(TCP_RMEM)),
                TcpMem.of(sysctl.numbers(TCP_WMEM)), integer(sysctl.number(TCP_FASTOPEN)));
    }

    /**
     * The limits from sysctl values already read, as the kernel prints them ({@code "4096\t131072\t6291456"}), by
     * sysctl name; {@code text} answers {@code null} for a value it does not have.
     */
    public static KernelLimits of(Function<String, String> text) {
        return new KernelLimits(integer(text.apply(RMEM_MAX)), integer(text.apply(WMEM_MAX)),
                integer(text.apply(SOMAXCONN)), TcpMem.parse(text.apply(TCP_RMEM)), TcpMem.parse(text.apply(TCP_WMEM)),
                integer(text.apply(TCP_FASTOPEN)));
    }

    /** Whether the kernel lets listeners accept Fast Open data; {@code null} when unknown. */
    public Boolean fastOpenForServers() {
        return tcpFastOpen == null ? null : KernelVerdicts.fastOpenForServers(tcpFastOpen);
    }

    /**
     * The sysctl that caps the buffer option {@code option}: {@link #RMEM_MAX} for SO_RCVBUF, {@link #WMEM_MAX} for
     * SO_SNDBUF.
     *
     * @throws IllegalArgumentException for an option that is not a buffer size
     */
    public static String bufferMaxName(OptionKey<?> option) {
        if (KernelVerdicts.isBufferSize(option)) {
            return option == SocketOptionTable.RECEIVE_BUFFER_SIZE ? RMEM_MAX : WMEM_MAX;
        }
        throw new IllegalArgumentException(option + " is not a buffer size (expected: "
                + SocketOptionTable.RECEIVE_BUFFER_SIZE + " or " + SocketOptionTable.SEND_BUFFER_SIZE + ")");
    }

    /** The sysctl in which TCP autotunes the buffer of {@code option}: {@link #TCP_RMEM} or {@link #TCP_WMEM}. */
    public static String tcpMemName(OptionKey<?> option) {
        return bufferMaxName(option).equals(RMEM_MAX) ? TCP_RMEM : TCP_WMEM;
    }

    /** The cap on the buffer option {@code option}, or {@code null} when unknown. */
    public Integer bufferMax(OptionKey<?> option) {
        return bufferMaxName(option).equals(RMEM_MAX) ? rmemMax : wmemMax;
    }

    /** The autotuning range of the buffer option {@code option}, or {@code null} when unknown. */
    public TcpMem tcpMem(OptionKey<?> option) {
        return bufferMaxName(option).equals(RMEM_MAX) ? tcpRmem : tcpWmem;
    }

    /** The limits under their sysctl names; unknown ones are left out. */
    public JsonObject toJson() {
        JsonObject json = new JsonObject();
        putIfKnown(json, RMEM_MAX, rmemMax);
        putIfKnown(json, WMEM_MAX, wmemMax);
        putIfKnown(json, SOMAXCONN, somaxconn);
        putIfKnown(json, TCP_RMEM, tcpRmem == null ? null : tcpRmem.toJson());
        putIfKnown(json, TCP_WMEM, tcpWmem == null ? null : tcpWmem.toJson());
        putIfKnown(json, TCP_FASTOPEN, tcpFastOpen);
        return json;
    }

    private static void putIfKnown(JsonObject json, String key, Object value) {
        if (value != null) {
            json.put(key, value);
        }
    }

    private static Integer integer(OptionalLong value) {
        return value.isPresent() && value.getAsLong() >= Integer.MIN_VALUE && value.getAsLong() <= Integer.MAX_VALUE
                ? (int) value.getAsLong() : null;
    }

    private static Integer integer(String text) {
        return integer(Sysctl.parseNumber(text));
    }

    /**
     * One of {@code tcp_rmem} and {@code tcp_wmem}: three sizes in bytes.
     *
     * @param min          the least a TCP socket's buffer is given under memory pressure
     * @param defaultValue the size a new TCP socket starts with
     * @param max          the most autotuning grows the buffer to; SO_RCVBUF and SO_SNDBUF are not bound by it
     */
    public record TcpMem(int min, int defaultValue, int max) {

        /** Parses {@code "4096 131072 6291456"}; {@code null} for anything else. */
        public static TcpMem parse(String text) {
            return of(Sysctl.parseNumbers(text));
        }

        private static TcpMem of(long[] values) {
            if (values == null || values.length != 3) {
                return null;
            }
            for (long v : values) {
                if (v < 0 || v > Integer.MAX_VALUE) {
                    return null;
                }
            }
            return new TcpMem((int) values[0], (int) values[1], (int) values[2]);
        }

        /** {@code [min, default, max]}. */
        public JsonArray toJson() {
            return new JsonArray().add(min).add(defaultValue).add(max);
        }
    }
}
