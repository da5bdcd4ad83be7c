package dev.sockit.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Socket options as a config states them ({@code processes.X.config.options}). Every component is optional:
 * {@code null} leaves the operating system's default in place. A server applies what it can, reads back what
 * the kernel made of it and reports both; an option the active transport cannot apply is a warning, never
 * silently dropped. Sizes accept {@code 65536} or {@code 64KiB}; durations accept {@code 250ms}, {@code 10s}.
 *
 * @param reuseAddress      SO_REUSEADDR
 * @param reusePort         SO_REUSEPORT (Linux, BSD): several listeners on one port, balanced by the kernel
 * @param tcpNoDelay        TCP_NODELAY: disable Nagle's algorithm
 * @param keepAlive         SO_KEEPALIVE
 * @param keepAliveIdle     TCP_KEEPIDLE: idle time before the first probe (1s-32767s)
 * @param keepAliveInterval TCP_KEEPINTVL: time between probes (1s-32767s)
 * @param keepAliveCount    TCP_KEEPCNT: unanswered probes before the connection drops (1-127)
 * @param soLinger          SO_LINGER: how long close() waits for unsent data; {@code 0s} resets on close
 * @param sendBufferSize    SO_SNDBUF in bytes (Linux doubles the request and caps it at wmem_max)
 * @param receiveBufferSize SO_RCVBUF in bytes (Linux doubles the request and caps it at rmem_max)
 * @param backlog           listen(2) backlog (capped by net.core.somaxconn)
 * @param trafficClass      IP_TOS / IPV6_TCLASS (0-255)
 * @param tcpFastOpen       TCP_FASTOPEN on the listener
 * @param tcpQuickAck       TCP_QUICKACK (Linux, native transport)
 * @param tcpCork           TCP_CORK (Linux, native transport)
 * @param tcpUserTimeout    TCP_USER_TIMEOUT: how long sent data may stay unacknowledged (Linux, native)
 * @param tcpNotSentLowat   TCP_NOTSENT_LOWAT in bytes (Linux, native transport)
 * @param ipv6Only          IPV6_V6ONLY for a socket bound to an IPv6 address
 * @param broadcast         SO_BROADCAST (UDP)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SocketOptions(
        Boolean reuseAddress,
        Boolean reusePort,
        Boolean tcpNoDelay,
        Boolean keepAlive,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration keepAliveIdle,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration keepAliveInterval,
        Integer keepAliveCount,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration soLinger,
        @JsonDeserialize(using = Units.IntSizeDeserializer.class) Integer sendBufferSize,
        @JsonDeserialize(using = Units.IntSizeDeserializer.class) Integer receiveBufferSize,
        Integer backlog,
        Integer trafficClass,
        Boolean tcpFastOpen,
        Boolean tcpQuickAck,
        Boolean tcpCork,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration tcpUserTimeout,
        @JsonDeserialize(using = Units.IntSizeDeserializer.class) Integer tcpNotSentLowat,
        Boolean ipv6Only,
        Boolean broadcast) {

    /** No option set: every value is the operating system's default. */
    public static final SocketOptions NONE = new SocketOptions(null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, null, null, null, null);

    private static final Duration MAX_KEEPALIVE = Duration.ofSeconds(32767);
    private static final Duration MAX_LINGER = Duration.ofSeconds(65535);
    private static final Duration MAX_USER_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    /** Validates every value that is set. */
    public SocketOptions {
        Checks.inRangeOrNull(keepAliveIdle, Duration.ofSeconds(1), MAX_KEEPALIVE, "keepAliveIdle");
        Checks.inRangeOrNull(keepAliveInterval, Duration.ofSeconds(1), MAX_KEEPALIVE, "keepAliveInterval");
        Checks.inRangeOrNull(keepAliveCount, 1, 127, "keepAliveCount");
        Checks.inRangeOrNull(soLinger, Duration.ZERO, MAX_LINGER, "soLinger");
        Checks.inRangeOrNull(sendBufferSize, 1, Integer.MAX_VALUE, "sendBufferSize");
        Checks.inRangeOrNull(receiveBufferSize, 1, Integer.MAX_VALUE, "receiveBufferSize");
        Checks.inRangeOrNull(backlog, 1, 65535, "backlog");
        Checks.inRangeOrNull(trafficClass, 0, 255, "trafficClass");
        Checks.inRangeOrNull(tcpUserTimeout, Duration.ZERO, MAX_USER_TIMEOUT, "tcpUserTimeout");
        Checks.inRangeOrNull(tcpNotSentLowat, 1, Integer.MAX_VALUE, "tcpNotSentLowat");
    }

    /** The options that are set, by name, in declaration order; durations in config form ({@code 10s}). */
    public Map<String, Object> asMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        put(m, "reuseAddress", reuseAddress);
        put(m, "reusePort", reusePort);
        put(m, "tcpNoDelay", tcpNoDelay);
        put(m, "keepAlive", keepAlive);
        put(m, "keepAliveIdle", keepAliveIdle);
        put(m, "keepAliveInterval", keepAliveInterval);
        put(m, "keepAliveCount", keepAliveCount);
        put(m, "soLinger", soLinger);
        put(m, "sendBufferSize", sendBufferSize);
        put(m, "receiveBufferSize", receiveBufferSize);
        put(m, "backlog", backlog);
        put(m, "trafficClass", trafficClass);
        put(m, "tcpFastOpen", tcpFastOpen);
        put(m, "tcpQuickAck", tcpQuickAck);
        put(m, "tcpCork", tcpCork);
        put(m, "tcpUserTimeout", tcpUserTimeout);
        put(m, "tcpNotSentLowat", tcpNotSentLowat);
        put(m, "ipv6Only", ipv6Only);
        put(m, "broadcast", broadcast);
        return m;
    }

    /** The options that are set, as JSON. */
    public JsonObject toJson() {
        return new JsonObject(asMap());
    }

    private static void put(Map<String, Object> m, String name, Object value) {
        if (value instanceof Duration d) {
            m.put(name, Units.format(d));
        } else if (value != null) {
            m.put(name, value);
        }
    }
}
