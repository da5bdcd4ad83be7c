package dev.sockit.runtime.config;

import dev.sockit.api.ConfigException;
import io.vertx.core.transport.Transport;

import java.util.Locale;

/**
 * {@code runtime.transport}: which Netty transport Vert.x runs on. {@code auto} takes the native transport of
 * the platform (epoll on Linux) when it loads and NIO otherwise; naming one makes it required.
 */
public enum TransportChoice {
    /** The platform's native transport when available, else NIO. */
    AUTO,
    /** Java NIO. */
    NIO,
    /** Linux epoll. */
    EPOLL,
    /** Linux io_uring. */
    IO_URING;

    /** The config form: {@code auto}, {@code nio}, {@code epoll}, {@code io_uring}. */
    public String json() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Reads the config form; the exception's path is {@code transport}, relative to {@code runtime}. */
    static TransportChoice parse(String text) {
        for (TransportChoice t : values()) {
            if (t.json().equals(text)) {
                return t;
            }
        }
        throw new ConfigException("transport", "'" + text + "' is not a transport (expected one of: auto, nio, "
                + "epoll, io_uring)");
    }

    /**
     * The Vert.x transport to build with.
     *
     * @throws ConfigException at {@code runtime.transport} when the named transport cannot load here
     */
    public Transport resolve() {
        Transport t;
        switch (this) {
            case NIO: t = Transport.NIO; break;
            case EPOLL: t = Transport.EPOLL; break;
            case IO_URING: t = Transport.IO_URING; break;
            default:
                Transport nativeTransport = Transport.nativeTransport();
                return nativeTransport != null && nativeTransport.available() ? nativeTransport : Transport.NIO;
        }
        if (!t.available()) {
            Throwable why = t.unavailabilityCause();
            throw new ConfigException("transport", json() + " is not available here"
                    + (why == null ? "" : " (" + why.getMessage() + ")") + " (expected: auto or nio)");
        }
        return t;
    }

    /** Whether {@link #resolve()} would succeed here. */
    boolean resolveIfAvailable() {
        try {
            resolve();
            return true;
        } catch (ConfigException e) {
            return false;
        }
    }

    /** What processes are told they run on ({@code ProcessContext.transport()}). */
    public static dev.sockit.api.Transport kindOf(Transport t) {
        return dev.sockit.api.Transport.of(t);
    }
}
