package dev.sockit.plugin.tcp;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.sockit.api.Checks;
import dev.sockit.api.SocketOptions;
import dev.sockit.api.Units;

import java.time.Duration;
import java.util.Locale;

/**
 * The config of a {@code tcp-server} process ({@code processes.<id>.config}). Every key but {@code port} is
 * optional; the defaults are the {@code DEFAULT_*} constants.
 *
 * @param host           the address to listen on, an IP literal or a name ({@link #DEFAULT_HOST})
 * @param port           the port to listen on, 0-65535; 0 picks a free port. Required
 * @param handler        what the server does with the bytes it receives ({@link #DEFAULT_HANDLER})
 * @param options        the socket options of the listener and its connections ({@link #DEFAULT_OPTIONS})
 * @param idleTimeout    how long a connection may be idle, reading and writing nothing, before the server
 *                       closes it; {@code null} for never ({@link #DEFAULT_IDLE_TIMEOUT})
 * @param maxConnections how many connections may be open at once, 1-10000000; {@code null} for no limit
 *                       ({@link #DEFAULT_MAX_CONNECTIONS})
 */
public record TcpServerConfig(
        String host,
        int port,
        Handler handler,
        SocketOptions options,
        @JsonDeserialize(using = Units.DurationDeserializer.class) Duration idleTimeout,
        Integer maxConnections) {

    /** Listen on the IPv4 loopback only, so that nothing is exposed unless the config says so. */
    public static final String DEFAULT_HOST = "127.0.0.1";
    /** Echo what is received. */
    public static final Handler DEFAULT_HANDLER = Handler.ECHO;
    /**
     * No socket option set: Vert.x's defaults apply, which are the operating system's except that SO_REUSEADDR
     * and TCP_NODELAY are on.
     */
    public static final SocketOptions DEFAULT_OPTIONS = SocketOptions.NONE;
    /** Connections are never closed for being idle. */
    public static final Duration DEFAULT_IDLE_TIMEOUT = null;
    /** No limit on open connections. */
    public static final Integer DEFAULT_MAX_CONNECTIONS = null;

    /** The highest {@code maxConnections} accepted. */
    public static final int MAX_CONNECTIONS_LIMIT = 10_000_000;
    private static final Duration MIN_IDLE_TIMEOUT = Duration.ofMillis(1);
    private static final Duration MAX_IDLE_TIMEOUT = Duration.ofMillis(Integer.MAX_VALUE);

    /** Applies the defaults to missing values and validates the rest. */
    public TcpServerConfig {
        host = host == null ? DEFAULT_HOST : Checks.notBlank(host, "host").trim();
        Checks.inRange(port, 0, 65535, "port");
        handler = handler == null ? DEFAULT_HANDLER : handler;
        options = options == null ? DEFAULT_OPTIONS : options;
        idleTimeout = Checks.inRangeOrNull(idleTimeout, MIN_IDLE_TIMEOUT, MAX_IDLE_TIMEOUT, "idleTimeout");
        maxConnections = Checks.inRangeOrNull(maxConnections, 1, MAX_CONNECTIONS_LIMIT, "maxConnections");
    }

    /**
     * Binds a config as written, where only {@code port} is required; the runtime's object mapper calls this.
     */
    @JsonCreator
    public static TcpServerConfig of(@JsonProperty("host") String host,
                                     @JsonProperty("port") Integer port,
                                     @JsonProperty("handler") Handler handler,
                                     @JsonProperty("options") SocketOptions options,
                                     @JsonProperty("idleTimeout") Duration idleTimeout,
                                     @JsonProperty("maxConnections") Integer maxConnections) {
        return new TcpServerConfig(host, Checks.notNull(port, "port"), handler, options, idleTimeout,
                maxConnections);
    }

    /** A config with every default and the given port. */
    public static TcpServerConfig ofPort(int port) {
        return new TcpServerConfig(null, port, null, null, null, null);
    }

    /** What a {@code tcp-server} does with the bytes it receives; configs write it in lower case. */
    public enum Handler {
        /** Send every byte back to the peer that sent it, in order. */
        ECHO,
        /** Count the bytes and drop them; send nothing. */
        DISCARD;

        /** The config form: {@code echo}, {@code discard}. */
        public String json() {
            return name().toLowerCase(Locale.ROOT);
        }
    }
}
