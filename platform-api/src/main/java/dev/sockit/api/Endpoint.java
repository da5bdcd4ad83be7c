package dev.sockit.api;

import java.util.Objects;

/**
 * An address a process listens on, as its config says before anything is bound: a protocol, host and port, or
 * the path of a unix domain socket. A process kind declares its endpoints
 * ({@link dev.sockit.api.spi.ProcessKind#endpoints(Object)}) so that the runtime can refuse two processes on
 * one address when it loads the config.
 *
 * @param protocol tcp or udp
 * @param host     the host to bind, an IP literal or a name; empty for a unix socket
 * @param port     the port to bind, 0-65535 (0: a free port, which never clashes); 0 for a unix socket
 * @param path     the path of a unix domain socket, or {@code null} for a host and port
 * @param key      where the address is in the process's config, relative to {@code processes.<id>.config}:
 *                 {@code port} or {@code path} unless the kind says otherwise
 */
public record Endpoint(Protocol protocol, String host, int port, String path, String key) {

    /** Validates every component. */
    public Endpoint {
        Objects.requireNonNull(protocol, "protocol");
        Checks.inRange(port, 0, 65535, "port");
        Checks.notBlank(key, "key");
        if (path == null) {
            Checks.notBlank(host, "host");
        } else {
            Checks.notBlank(path, "path");
            host = "";
            port = 0;
        }
    }

    /** A TCP listener on {@code host:port}, configured at {@code port}. */
    public static Endpoint tcp(String host, int port) {
        return new Endpoint(Protocol.TCP, host, port, null, "port");
    }

    /** A UDP socket bound to {@code host:port}, configured at {@code port}. */
    public static Endpoint udp(String host, int port) {
        return new Endpoint(Protocol.UDP, host, port, null, "port");
    }

    /** A listener on the unix domain socket {@code path}, configured at {@code path}. */
    public static Endpoint unix(String path) {
        return new Endpoint(Protocol.TCP, "", 0, path, "path");
    }

    /** This endpoint, configured at {@code key} (relative to {@code processes.<id>.config}) instead. */
    public Endpoint at(String key) {
        return new Endpoint(protocol, host, port, path, key);
    }

    /** Whether this is a unix domain socket rather than a host and port. */
    public boolean isUnixSocket() {
        return path != null;
    }

    /** For people: {@code tcp port 7007 on 127.0.0.1}, or {@code unix socket /run/echo.sock}. */
    public String describe() {
        return isUnixSocket() ? "unix socket " + path : protocol.json() + " port " + port + " on " + host;
    }
}
