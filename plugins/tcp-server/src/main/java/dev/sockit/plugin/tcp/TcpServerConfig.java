package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.Checks;
import dev.sockit.api.ConfigException;
import dev.sockit.api.ConfigPathDeserializer;
import dev.sockit.api.Endpoint;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Units;
import dev.sockit.api.spi.ServerConfig;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * The config of a {@code tcp-server} process ({@code processes.<id>.config}). Every key but {@code port} (or
 * {@code path} instead) is optional; the defaults are the {@code DEFAULT_*} constants.
 *
 * @param host           the address to listen on, an IP literal or a name ({@link ServerConfig#DEFAULT_HOST}); not
 *                       used with {@code path}
 * @param port           the port to listen on, 0-65535; 0 picks a free port. Required unless {@code path} is
 *                       set, and 0 (unused) when it is
 * @param handler        what the server does with the bytes it receives ({@link #DEFAULT_HANDLER})
 * @param options        the socket options of the listener and its connections
 *                       ({@link ServerConfig#DEFAULT_OPTIONS})
 * @param idleTimeout    how long a connection may be idle, reading and writing nothing, before the server
 *                       closes it, 1ms-24h; {@code null} for never ({@link #DEFAULT_IDLE_TIMEOUT})
 * @param maxConnections how many connections may be open at once, 1-10000000; {@code null} for no limit
 *                       ({@link #DEFAULT_MAX_CONNECTIONS})
 * @param path           the path of a unix domain socket to listen on instead of a host and port; {@code null}
 *                       for TCP ({@link #DEFAULT_PATH})
 * @param readTimeout    how long a connection may go without receiving a byte before the server closes it;
 *                       unlike {@code idleTimeout}, writing does not keep it open; 1ms-24h, {@code null} for never
 *                       ({@link #DEFAULT_READ_TIMEOUT})
 * @param forwardTo      the id of the process that handler {@code forward} hands connections to; required
 *                       with that handler and refused with any other ({@link #DEFAULT_FORWARD_TO})
 * @param trafficShaping bandwidth limits; {@code null} for none ({@link #DEFAULT_TRAFFIC_SHAPING})
 * @param tls            TLS on every connection; {@code null} for plain TCP ({@link #DEFAULT_TLS})
 */
public record TcpServerConfig(
        String host,
        int port,
        Handler handler,
        SocketOptions options,
        Duration idleTimeout,
        Integer maxConnections,
        String path,
        Duration readTimeout,
        String forwardTo,
        TrafficShapingConfig trafficShaping,
        TlsConfig tls) implements ServerConfig {

    /** Echo what is received. */
    public static final Handler DEFAULT_HANDLER = Handler.ECHO;
    /** Connections are never closed for being idle. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = null;
    /** No limit on open connections. */
    public static final Integer DEFAULT_MAX_CONNECTIONS = null;
    /** Listen on {@code host} and {@code port}, not on a unix domain socket. */
    public static final String DEFAULT_PATH = null;
    /** Connections are never closed for receiving nothing. */
    public static final Duration DEFAULT_READ_TIMEOUT = null;
    /** No process to forward to; only handler {@code forward} needs one. */
    public static final String DEFAULT_FORWARD_TO = null;
    /** No bandwidth limit. */
    public static final TrafficShapingConfig DEFAULT_TRAFFIC_SHAPING = null;
    /** Plain TCP, no TLS. */
    public static final TlsConfig DEFAULT_TLS = null;

    /**
     * The longest unix socket path in bytes: Linux's {@code sun_path} holds 108 bytes with the terminating NUL.
     */
    public static final int MAX_PATH_BYTES = 107;

    /** The highest {@code maxConnections} accepted. */
    public static final int MAX_CONNECTIONS_LIMIT = 10_000_000;
    /** The shortest {@code idleTimeout} and {@code readTimeout} accepted. */
    public static final Duration MIN_TIMEOUT = Duration.ofMillis(1);
    /** The longest {@code idleTimeout} and {@code readTimeout} accepted; leave the key out for never. */
    public static final Duration MAX_TIMEOUT = Duration.ofHours(24);

    /** Applies the defaults to missing values and validates the rest. */
    public TcpServerConfig {
        host = host == null ? DEFAULT_HOST : Checks.host(host, "host");
        Checks.inRange(port, 0, 65535, "port");
        handler = handler == null ? DEFAULT_HANDLER : handler;
        options = options == null ? DEFAULT_OPTIONS : options;
        idleTimeout = Checks.inRangeOrNull(idleTimeout, MIN_TIMEOUT, MAX_TIMEOUT, "idleTimeout");
        maxConnections = Checks.inRangeOrNull(maxConnections, 1, MAX_CONNECTIONS_LIMIT, "maxConnections");
        path = path == null ? null : checkPath(path, port);
        readTimeout = Checks.inRangeOrNull(readTimeout, MIN_TIMEOUT, MAX_TIMEOUT, "readTimeout");
        forwardTo = checkForwardTo(forwardTo, handler);
    }

    /** A TCP config with the keys of the first release; every later key has its default. */
    public TcpServerConfig(String host, int port, Handler handler, SocketOptions options, Duration idleTimeout,
                           Integer maxConnections) {
        this(host, port, handler, options, idleTimeout, maxConnections, DEFAULT_PATH, DEFAULT_READ_TIMEOUT,
                DEFAULT_FORWARD_TO, DEFAULT_TRAFFIC_SHAPING, DEFAULT_TLS);
    }

    /**
     * Binds a config as written, where only {@code port} is required, or {@code path} instead of {@code host}
     * and {@code port}; the runtime's object mapper calls this.
     */
    @JsonCreator
    public static TcpServerConfig of(@JsonProperty("host") String host,
                                     @JsonProperty("port") Integer port,
                                     @JsonProperty("handler") Handler handler,
                                     @JsonProperty("options") SocketOptions options,
                                     @JsonProperty("idleTimeout")
                                     @JsonDeserialize(using = Units.DurationDeserializer.class) Duration idleTimeout,
                                     @JsonProperty("maxConnections") Integer maxConnections,
                                     @JsonProperty("path")
                                     @JsonDeserialize(using = ConfigPathDeserializer.class) String path,
                                     @JsonProperty("readTimeout")
                                     @JsonDeserialize(using = Units.DurationDeserializer.class) Duration readTimeout,
                                     @JsonProperty("forwardTo") String forwardTo,
                                     @JsonProperty("trafficShaping") TrafficShapingConfig trafficShaping,
                                     @JsonProperty("tls") TlsConfig tls) {
        if (path == null) {
            if (port == null) {
                throw new ConfigException("port", "is missing (expected: a port, or a path for a unix socket)");
            }
        } else if (port != null) {
            throw new ConfigException("path", "is set with port " + port + " (expected: exactly one of port and"
                    + " path)");
        } else if (host != null) {
            throw new ConfigException("host", "is set with path (expected: host and port, or path alone)");
        }
        return new TcpServerConfig(host, port == null ? 0 : port, handler, options, idleTimeout, maxConnections,
                path, readTimeout, forwardTo, trafficShaping, tls);
    }

    /** A config with every default and the given port. */
    public static TcpServerConfig ofPort(int port) {
        return new TcpServerConfig(null, port, null, null, null, null);
    }

    /** The listener: {@code host:port}, or the unix socket at {@code path}. */
    @Override
    public Endpoint endpoint() {
        return isUnixSocket() ? Endpoint.unix(path) : Endpoint.tcp(host, port);
    }

    /** Whether the server listens on a unix domain socket ({@code path}) rather than on a host and port. */
    public boolean isUnixSocket() {
        return path != null;
    }

    private static String checkPath(String path, int port) {
        Checks.notBlank(path, "path");
        if (port != 0) {
            throw new ConfigException("path", "is set with port " + port + " (expected: exactly one of port and"
                    + " path)");
        }
        int bytes = path.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_PATH_BYTES) {
            throw new ConfigException("path", "is " + bytes + " bytes long (expected: at most " + MAX_PATH_BYTES
                    + " bytes, the limit of a unix socket path; use a shorter or relative path)");
        }
        if (path.indexOf('\0') >= 0) {
            throw new ConfigException("path", "contains a NUL character (expected: a file system path)");
        }
        return path;
    }

    private static String checkForwardTo(String forwardTo, Handler handler) {
        if (handler != Handler.FORWARD) {
            if (forwardTo != null) {
                throw new ConfigException("forwardTo", "is set but handler is " + handler.json()
                        + " (expected: handler forward, or no forwardTo)");
            }
            return null;
        }
        if (forwardTo == null) {
            throw new ConfigException("forwardTo", "is missing (expected: the id of the process that handler"
                    + " forward hands connections to)");
        }
        return Checks.processId(forwardTo, "forwardTo");
    }

    /** What a {@code tcp-server} does with the bytes it receives; configs write it in lower case. */
    public enum Handler {
        /** Send every byte back to the peer that sent it, in order. */
        ECHO,
        /** Count the bytes and drop them; send nothing. */
        DISCARD,
        /** RFC 864 character generator: send rotating lines of printable ASCII until the peer closes. */
        CHARGEN,
        /** RFC 867 daytime: send the date and time as one line, then close. */
        DAYTIME,
        /** Hand connection events and bytes to the process {@code forwardTo} over the event bus. */
        FORWARD;

        /** The config form: {@code echo}, {@code discard}, {@code chargen}, {@code daytime}, {@code forward}. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
