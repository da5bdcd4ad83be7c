package dev.sockit.api.spi;

import dev.sockit.api.Endpoint;
import dev.sockit.api.SocketOptions;

/**
 * The config of a server: a process that listens on one endpoint and may hand what it receives to another process
 * ({@code forwardTo}). A config record implements it, usually with record components named {@code host},
 * {@code options} and {@code forwardTo} whose defaults are the ones here, so that its kind, a {@link ServerKind},
 * declares the endpoint and the reference from the config alone.
 */
public interface ServerConfig {

    /** Listen on the IPv4 loopback only, so that nothing is exposed unless the config says so. */
    String DEFAULT_HOST = "127.0.0.1";

    /**
     * No socket option set: the transport's defaults apply, which are the operating system's (a Vert.x TCP server
     * also turns SO_REUSEADDR and TCP_NODELAY on).
     */
    SocketOptions DEFAULT_OPTIONS = SocketOptions.NONE;

    /** Where the server listens, as configured: its protocol, host and port, or the path of a unix socket. */
    Endpoint endpoint();

    /** The id of the process that receives what this one forwards; {@code null} when it forwards nothing. */
    String forwardTo();
}
